// The migrator suite on PostgreSQL (a fresh database per test), plus PostgreSQL-only behaviour.
#include "migrate/migrator_suite.hpp"
#include "strata/testing/server.hpp"

namespace strata::migrate::test {
namespace {

const bool kRegistered = [] {
    g_database_factory = [](const fs::path&) { return strata::testing::fresh_database_url("mig"); };
    return true;
}();

}  // namespace
}  // namespace strata::migrate::test
