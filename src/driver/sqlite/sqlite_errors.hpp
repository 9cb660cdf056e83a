// Mapping of SQLite result codes onto strata's SQLSTATE-keyed error tree.
#pragma once

#include <source_location>
#include <string>
#include <string_view>

#include "strata/core/error.hpp"

struct sqlite3;

namespace strata::driver::sqlite {

/// Where the failure happened: a prepare error is about the statement text (syntax, unknown
/// table); a step error is about the data (constraints, locks).
enum class Phase { prepare, step };

/// Synthetic SQLSTATE for an extended result code and message ("23505" for
/// SQLITE_CONSTRAINT_UNIQUE, "42P01" for "no such table", ...).
std::string sqlstate_for(int extended_code, std::string_view message, Phase phase);

/// Builds SqlErrorInfo from the connection's current error (message, offset, constraint names
/// looked up in the schema) and throws the matching SqlError subclass.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int code, std::string_view sql, Phase phase,
                                     const std::source_location& where,
                                     bool canceled_by_timeout = false);

}  // namespace strata::driver::sqlite
