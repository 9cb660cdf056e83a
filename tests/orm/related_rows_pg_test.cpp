// Join fetch and RelatedLoader on PostgreSQL (a fresh database per test).
#include "orm/related_rows_suite.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace strata::orm::test {
namespace {

const bool kRelatedRowsOnPostgres = [] {
    g_related_rows_url = [] { return strata::testing::fresh_database_url("orm_related"); };
    return true;
}();

// The suite runs on this backend: the registration above is what points it there.
TEST(RelatedRowsSuiteRegistration, RunsOnPostgres) {
    ASSERT_TRUE(g_related_rows_url);
    auto conn = driver::Connection::open(g_related_rows_url());
    EXPECT_EQ(conn.backend(), driver::Backend::postgres);
}

}  // namespace
}  // namespace strata::orm::test
