// expect: set() takes the member's own value type
#include "models.hpp"
#include "strata/orm/patch.hpp"
using namespace strata::orm;
// email is NOT NULL: an optional (possibly empty) value does not fit it
inline auto p = Patch<User>{}.set(&User::email, std::optional<std::string>("a@b"));
