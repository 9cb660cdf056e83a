// expect: Repository<T> or RelatedLoader<T> read reads a column of a table other than T
#include "models.hpp"
#include "strata/orm/repository.hpp"
using namespace strata::orm;
inline auto count(strata::Repository<User>& users) {
    return users.count(col(&User::active) == true && col(&Purchase::total) > 10.0);
}
