// expect: set() takes the member's own value type
#include "models.hpp"
#include "strata/orm/patch.hpp"
using namespace strata::orm;
inline auto p = Patch<User>{}.set(&User::active, 42);
