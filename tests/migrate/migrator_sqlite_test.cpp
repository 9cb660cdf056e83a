// The migrator suite on a SQLite file per test.
#include "migrate/migrator_suite.hpp"

namespace strata::migrate::test {
namespace {

const bool kRegistered = [] {
    g_database_factory = [](const fs::path& dir) {
        return "sqlite:///" + (dir / "test.db").string();
    };
    return true;
}();

}  // namespace
}  // namespace strata::migrate::test
