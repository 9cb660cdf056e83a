// expect: set() takes the member's own value type
#include "models.hpp"
using namespace strata::orm;
inline auto q = update<User>().set(&User::active, "yes");
