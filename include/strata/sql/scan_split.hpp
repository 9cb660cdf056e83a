// Cutting a long SQL script at statement boundaries with PostgreSQL's scanner alone (fast).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace strata::sql {

/// The byte offsets in script where each statement's span begins (right after the previous
/// statement's semicolon; the first is 0), found by PostgreSQL 15's scanner without the parser
/// (pg_query_split_with_scanner): no parse tree is built, so it is fast and small for scripts of
/// any size. The scanner cuts a `BEGIN ATOMIC ... END` body at its inner semicolons, so a piece
/// between two offsets is a candidate to hand to parse(), which checks it. Empty when the script
/// does not scan (an unterminated quote: parse() reports it properly).
/// Thread-safety: safe to call concurrently.
[[nodiscard]] std::vector<std::size_t> scan_statement_starts(std::string_view script);

}  // namespace strata::sql
