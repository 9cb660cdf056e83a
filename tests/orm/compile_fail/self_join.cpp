// expect: join<U>(): U is already in this query
#include "models.hpp"
using namespace strata::orm;
inline auto q = select<User>().join<User>(col(&User::id) == col(&User::id));
