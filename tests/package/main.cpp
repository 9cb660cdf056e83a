// Uses an installed strata: SQLite in memory through Database, the parser, the generated version.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include <strata/session/database.hpp>
#include <strata/sql/split.hpp>
#include <strata/version.hpp>

#include "items.hpp"  // strata_generate(... queries/items.sql)

int main() {
    strata::DatabaseOptions options;
    options.url = "sqlite::memory:";
    auto db = strata::Database::open(options);
    db.transact([](strata::Session& s) {
        s.execute_script("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        s.query("INSERT INTO item (name) VALUES (?1)", "first");
        s.query("INSERT INTO item (name) VALUES (?1)", "second");
    });
    const auto names = db.transact([](strata::Session& s) {
        std::string joined;
        for (const auto& row : s.query("SELECT name FROM item ORDER BY id")) {
            joined += (joined.empty() ? "" : ",") + row.get<std::string>(0);
        }
        return joined;
    });
    const auto statements = strata::sql::split("SELECT 1; SELECT 2;", "inline");
    // The generated functions link (they need PostgreSQL to run: tests/codegen runs them).
    std::optional<items::GetItemRow> (*get_item)(strata::Session&, std::int32_t) = &items::get_item;
    std::printf("strata %s: read back [%s]; split %zu statements\n", strata::kVersion,
                names.c_str(), statements.size());
    return names == "first,second" && statements.size() == 2 && get_item != nullptr ? 0 : 1;
}
