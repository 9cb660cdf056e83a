// expect: a column is compared with a value of another type
#include "models.hpp"
inline auto e = strata::orm::col(&User::active) == "yes";
