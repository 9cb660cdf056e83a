// The driver conformance suite on PostgreSQL: a fresh database per test from strata::testing.
#include <string>

#include "driver/conformance.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver::testing {
namespace {

std::string fresh_pg_url() {
    return strata::testing::fresh_database_url("conformance");
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Postgres, DriverConformance,
                         ::testing::Values(BackendUnderTest{"Postgres", Backend::postgres,
                                                            fresh_pg_url}),
                         backend_name);

TEST(DriverConformanceRegistration, PostgresFactoryOpensThatBackend) {
    EXPECT_EQ(Connection::open(strata::testing::fresh_database_url("conf")).backend(),
              Backend::postgres);
}

}  // namespace strata::driver::testing
