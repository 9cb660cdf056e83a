// quote_identifier: the one function that makes an SQL identifier out of a name; fit_identifier
// keeps a derived name within PostgreSQL's identifier length.
#pragma once

#include <cstddef>
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

/// PostgreSQL's longest identifier in bytes (NAMEDATALEN - 1); it silently cuts longer ones.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

/// name unchanged when it has at most kMaxIdentifierBytes bytes; otherwise its first 54 bytes
/// (fewer when byte 55 is inside a UTF-8 character: a character is never cut), `_` and 8
/// lower-case hex digits of fnv1a_32 of the whole name. Derived names (an index or policy named
/// after its table) go through it: PostgreSQL's own cut could make two names one, or a derived
/// name equal to another table's. The result is stable across versions (it names objects in
/// schemas). Thread-safety: pure function.
[[nodiscard]] std::string fit_identifier(std::string_view name);

}  // namespace strata
