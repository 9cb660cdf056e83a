// strata::session alone: Database and a transaction on SQLite.
#include <cstdint>
#include "check.hpp"

#include <strata/session/database.hpp>

int main() {
    strata::DatabaseOptions options;
    options.url = "sqlite::memory:";
    auto db = strata::Database::open(options);
    const auto n =
        db.transact([](strata::Session& s) { return s.query("SELECT 7").scalar<std::int64_t>(); });
    return PACKAGE_CHECK(n == 7);
}
