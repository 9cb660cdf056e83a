// expect: Repository<T> or RelatedLoader<T> read reads a column of a table other than T
#include "models.hpp"
#include "strata/orm/related.hpp"
using namespace strata::orm;
inline auto load(strata::RelatedLoader<Purchase>& purchases) {
    return purchases.load(&Purchase::user_id, {1, 2}, col(&User::active) == true);
}
