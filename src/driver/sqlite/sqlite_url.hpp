// Parsing of sqlite: URLs into a file path and open flags (private to the SQLite backend).
#pragma once

#include <string>
#include <string_view>

namespace strata::driver::sqlite {

/// Where and how to open a SQLite database.
struct SqliteTarget {
    std::string path;        ///< file path as given to sqlite3_open_v2, or ":memory:"
    bool memory = false;     ///< an in-memory database (no WAL)
    bool read_only = false;  ///< ?mode=ro
    bool create = true;      ///< false for ?mode=rw (the file must exist)
};

/// sqlite:///relative.db, sqlite:////abs/path.db, sqlite::memory: (parsed by DatabaseUrl), with an
/// optional query ?mode=ro|rw|rwc. Throws UsageError naming the URL and the problem.
SqliteTarget parse_sqlite_url(std::string_view url);

}  // namespace strata::driver::sqlite
