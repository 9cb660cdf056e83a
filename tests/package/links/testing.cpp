// strata::testing alone: a migrated SQLite test database from the project's migrations.
#include <cstdint>
#include "check.hpp"

#include <strata/testing/test_database.hpp>

int main() {
    auto tdb = strata::testing::migrated_database({.migrations_dir = PACKAGE_DIR "/db/migrations",
                                                   .admin_url = "sqlite:///testing-links.db"});
    tdb.database().transact(
        [](strata::Session& s) { s.execute("INSERT INTO item (name) VALUES ('a')"); });
    const auto n = tdb.database().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM item").scalar<std::int64_t>();
    });
    return PACKAGE_CHECK(n == 1);
}
