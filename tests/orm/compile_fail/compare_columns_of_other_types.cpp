// expect: two columns of different value types are compared
#include "models.hpp"
inline auto e = strata::orm::col(&User::email) == strata::orm::col(&Purchase::total);
