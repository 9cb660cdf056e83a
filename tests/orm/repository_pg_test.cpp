// The repository, key, upsert, fixed-width and injection suites on PostgreSQL (a fresh database per
// test).
#include "orm/fixed_width_suite.hpp"
#include "orm/injection_suite.hpp"
#include "orm/key_suite.hpp"
#include "orm/repository_suite.hpp"
#include "orm/upsert_suite.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace strata::orm::test {
namespace {

const bool kRegistered = [] {
    g_fresh_url = [] { return strata::testing::fresh_database_url("orm"); };
    return true;
}();

TEST(RepositorySuiteRegistration, RunsOnPostgres) {
    ASSERT_TRUE(g_fresh_url);
    auto conn = driver::Connection::open(g_fresh_url());
    EXPECT_EQ(conn.backend(), driver::Backend::postgres);
}

}  // namespace
}  // namespace strata::orm::test
