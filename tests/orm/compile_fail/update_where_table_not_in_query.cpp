// expect: where() reads a column of a table that is not in this query's FROM or JOIN
#include "models.hpp"
using namespace strata::orm;
inline auto q = update<User>().set(&User::active, false).where(col(&Purchase::total) > 10.0);
