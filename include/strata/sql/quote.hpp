// Quoting identifiers and literals for PostgreSQL SQL text.
#pragma once

#include <string>
#include <string_view>

namespace strata::sql {

/// name as a PostgreSQL identifier: unchanged when it is a lower-case simple identifier
/// ([a-z_][a-z0-9_]*) that is not a reserved, column-name or type/function-name keyword of
/// PostgreSQL 15 (the rule of the server's own quote_ident()), else in double quotes with `"`
/// doubled. Upper case and non-ASCII names are therefore quoted, which keeps their case.
/// Throws UsageError for an empty name or one holding a NUL byte.
/// Thread-safety: pure function.
[[nodiscard]] std::string quote_ident(std::string_view name);

/// schema.name with each part quoted by quote_ident(); just quote_ident(name) when schema is
/// empty. Thread-safety: pure function.
[[nodiscard]] std::string quote_qualified(std::string_view schema, std::string_view name);

/// text as a string literal: `'...'` with `'` doubled, or, when text holds a backslash,
/// `E'...'` with `\` doubled too, so it reads the same whatever standard_conforming_strings is.
/// Throws UsageError when text holds a NUL byte (PostgreSQL text cannot).
/// Thread-safety: pure function.
[[nodiscard]] std::string quote_literal(std::string_view text);

}  // namespace strata::sql
