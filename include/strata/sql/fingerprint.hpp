// Query fingerprints and normalized text: the same query whatever its literals and spacing.
#pragma once

#include <string>
#include <string_view>

namespace strata::sql {

/// libpg_query's fingerprint of sql as 16 lower-case hex digits: equal for queries that differ
/// only in literal values, whitespace, comments or keyword case. Throws ParseError when sql does
/// not parse. Thread-safety: safe to call concurrently.
[[nodiscard]] std::string fingerprint(std::string_view sql, std::string_view file = {});

/// sql with every literal replaced by a parameter ($1, $2, ...), otherwise as written.
/// Throws ParseError when sql does not parse. Thread-safety: safe to call concurrently.
[[nodiscard]] std::string normalize(std::string_view sql, std::string_view file = {});

}  // namespace strata::sql
