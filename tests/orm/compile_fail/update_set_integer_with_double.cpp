// expect: set() takes the member's own value type
#include "models.hpp"
using namespace strata::orm;
inline auto q = update<Purchase>().set(&Purchase::user_id, 2.5);
