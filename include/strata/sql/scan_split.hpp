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
/// does not scan (an unterminated quote: parse() reports it properly); when only its end does not
/// scan, the starts before that.
/// A long script is scanned in windows of about window_bytes (the scanner holds every token of
/// what it scans), so memory stays bounded by one window whatever the script's size; the starts
/// are the same as a scan of the whole script.
/// Thread-safety: safe to call concurrently.
inline constexpr std::size_t kScanWindowBytes = std::size_t{1} << 20;
[[nodiscard]] std::vector<std::size_t> scan_statement_starts(
    std::string_view script, std::size_t window_bytes = kScanWindowBytes);

}  // namespace strata::sql
