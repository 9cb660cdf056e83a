// expect: where() reads a column of a table that is not in this query's FROM or JOIN
#include "models.hpp"
using namespace strata::orm;
inline auto q =
    delete_from<Purchase>().where(col(&Purchase::total) > 10.0 && col(&User::active) == true);
