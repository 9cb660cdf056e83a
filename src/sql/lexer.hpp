// A minimal PostgreSQL lexer: finds where a statement's tokens begin and end, and its comments.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace strata::sql {

/// A comment in a scanned region: byte offset and length within that region.
struct CommentSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
};

/// What scan_region() found. first_token == npos when the region holds no token.
struct RegionBounds {
    std::size_t first_token = std::string_view::npos;
    std::size_t tokens_end = 0;                 ///< one past the last byte of the last token
    std::vector<CommentSpan> leading_comments;  ///< comments before first_token
};

/// Scans a region of SQL that libpg_query accepted (one statement with the comments and spaces
/// around it), the way PostgreSQL's scanner does with standard_conforming_strings on:
/// whitespace, `--` and nested `/* */` comments, '' strings, E'' strings with backslash
/// escapes, "" identifiers and $tag$ dollar quotes. Never reads outside region, whatever it holds.
/// Thread-safety: pure function.
[[nodiscard]] RegionBounds scan_region(std::string_view region);

}  // namespace strata::sql
