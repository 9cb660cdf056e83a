// expect: U is not this query's FROM table or an inner-joined table
#include "models.hpp"
using namespace strata::orm;
inline auto q = select<User>()
                    .left_join<Purchase>(col(&Purchase::user_id) == col(&User::id))
                    .to_sql_of<Purchase>();
