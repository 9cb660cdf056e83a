// Parsing a script of any size piece by piece: progress at once, memory bounded by one piece.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "strata/sql/parse_tree.hpp"

namespace strata::sql {

/// Scripts up to this size are parsed whole; longer ones in pieces of about this size.
inline constexpr std::size_t kParsePieceBytes = std::size_t{1} << 20;

/// Called with each statement in order; it may move from the statement.
using EachParsedStatement = std::function<void(ParsedStatement& statement)>;
/// Called after each piece with (bytes of the script done, bytes in the script).
using ParseProgress = std::function<void(std::size_t done, std::size_t total)>;
/// True for a statement (its text) whose tree the caller needs; the others come without one
/// (empty node and kind). Empty: every statement gets its tree.
using NeedsTree = std::function<bool(std::string_view statement)>;

/// The first keyword of a statement's text, upper-cased, after leading white space and comments;
/// "" when the text does not start with a keyword. PostgreSQL's grammar decides a statement's kind
/// by it, so a NeedsTree predicate can pick statements by it. Thread-safety: pure.
[[nodiscard]] std::string leading_keyword(std::string_view statement);

/// Parses script like parse(), but hands each statement to each() as soon as its piece is
/// parsed: a script of at most piece_bytes is parsed whole, a longer one in pieces cut
/// where PostgreSQL's scanner ends a statement. Lines, columns, offsets and the trees' locations
/// are the script's. A piece that does not parse is extended (a `BEGIN ATOMIC` body may have been
/// cut); the last attempt runs to the end of the script, so a real syntax error is reported exactly
/// as parse() reports it. Memory stays bounded by one piece's trees whatever the script's size.
/// With needs_tree, a long script's pieces are split and only the statements it selects are parsed
/// into trees. Throws ParseError. Thread-safety: safe to call concurrently.
void parse_in_pieces(std::string_view script, std::string_view file,
                     const EachParsedStatement& each, const ParseProgress& progress = {},
                     const NeedsTree& needs_tree = {}, std::size_t piece_bytes = kParsePieceBytes);

}  // namespace strata::sql
