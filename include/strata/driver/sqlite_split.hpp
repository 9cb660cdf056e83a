// Splitting a SQLite script into statements with SQLite's own completeness check.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::driver {

struct ScriptStatement {
    std::string sql;         ///< the statement text, trimmed, without its terminating ';'
    std::size_t offset = 0;  ///< byte offset of the statement's first character in the script
    int line = 0;            ///< 1-based line of that character
    int column = 0;          ///< 1-based column (bytes) of that character
};

/// Splits on ';' only where sqlite3_complete() says a statement ends (so semicolons inside
/// strings, comments and CREATE TRIGGER ... BEGIN ... END bodies stay put). Comment-only and
/// empty pieces are dropped. A trailing statement without ';' is kept.
/// Thread-safety: reentrant.
[[nodiscard]] std::vector<ScriptStatement> split_sqlite_script(std::string_view script);

}  // namespace strata::driver
