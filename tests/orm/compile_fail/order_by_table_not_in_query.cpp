// expect: order_by() names a column of a table that is not in this query's FROM or JOIN
#include "models.hpp"
using namespace strata::orm;
inline auto q = select<User>().order_by(desc(&Purchase::total));
