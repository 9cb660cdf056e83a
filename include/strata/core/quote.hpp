// quote_identifier: the one function that makes an SQL identifier out of a name.
#pragma once

#include <string>
#include <string_view>

namespace strata {

/// name in double quotes with `"` doubled: a valid identifier for PostgreSQL and SQLite, whatever
/// its case, keywords or characters. Every layer quotes identifiers through this function
/// (sql::quote_ident leaves safe lower-case names bare and quotes the rest with it).
/// Throws UsageError for an empty name or one holding a NUL byte (neither PostgreSQL nor SQLite
/// accept one). Thread-safety: pure function.
[[nodiscard]] std::string quote_identifier(std::string_view name);

/// Each '.'-separated part of name quoted with quote_identifier ("main.t" -> "main"."t").
/// Thread-safety: pure function.
[[nodiscard]] std::string quote_dotted_identifier(std::string_view name);

}  // namespace strata
