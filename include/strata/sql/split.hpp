// Splitting a SQL script into statements with their exact place in the source text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

/// One statement of a script, located in the ORIGINAL text (a leading UTF-8 byte-order mark is
/// counted in offsets, not in columns).
///
/// text starts at the statement's first token and ends at its last token: comments and
/// whitespace before it go to leading_comments / are dropped, and trailing whitespace, trailing
/// comments and the terminating semicolon are not part of it. text is byte-for-byte the source
/// (CRLF line endings, string escapes, dollar quotes are untouched).
struct Statement {
    std::string text;
    std::size_t offset = 0;  ///< byte offset of text in the original script
    std::size_t length = 0;  ///< byte length of text (== text.size())
    int line = 1;            ///< 1-based line of the first token
    int column = 1;          ///< 1-based column of the first token, in characters (code points)
    /// Comments between the previous statement (or the start of the script) and this one, in
    /// order, as written: a `--` comment without its line ending, a `/* */` comment whole.
    /// Comments on the same line right after the previous statement's semicolon are that
    /// statement's trailing remarks and belong to neither. Migration directives live here.
    std::vector<std::string> leading_comments;
};

/// Splits script into its statements with PostgreSQL 15's own parser
/// (pg_query_split_with_parser), so dollar quotes, nested comments, E'' strings and
/// `BEGIN ATOMIC ... END` function bodies are handled exactly as the server does. Empty
/// statements (`;;`) and a script of only comments yield nothing; the last statement needs no
/// semicolon. A leading UTF-8 byte-order mark is skipped.
/// Throws ParseError (`file:line:column: message`) when the script does not parse, holds a NUL
/// byte or is not valid UTF-8; file names the script in that message ("<sql>" when empty).
/// Thread-safety: safe to call concurrently (libpg_query keeps per-thread memory contexts).
[[nodiscard]] std::vector<Statement> split(std::string_view script, std::string_view file = {});

}  // namespace strata::sql
