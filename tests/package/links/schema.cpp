// strata::schema alone: introspecting a SQLite database.
#include <strata/driver/connection.hpp>
#include <strata/schema/introspect.hpp>
#include "check.hpp"

int main() {
    auto conn = strata::driver::Connection::open("sqlite::memory:");
    conn.execute_script("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    const auto catalog = strata::schema::introspect(conn);
    return PACKAGE_CHECK(catalog.tables.size() == 1 && catalog.tables[0].name == "item");
}
