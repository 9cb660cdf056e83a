// Join fetch and RelatedLoader on PostgreSQL (a fresh database per test).
#include "orm/related_rows_suite.hpp"
#include "strata/testing/server.hpp"

namespace strata::orm::test {
namespace {

const bool kRelatedRowsOnPostgres = [] {
    g_related_rows_url = [] { return strata::testing::fresh_database_url("orm_related"); };
    return true;
}();

}  // namespace
}  // namespace strata::orm::test
