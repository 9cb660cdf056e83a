// Turns libpg_query's statement spans (body offsets) into located Statements.
#pragma once

#include "sql/source_text.hpp"
#include "strata/sql/split.hpp"

namespace strata::sql {

/// The Statement whose region is [location, location + length) of src.body() as libpg_query
/// reports it (stmt_location/stmt_len; length 0 means "to the end"). Returns a statement with
/// empty text when the region holds no token.
[[nodiscard]] Statement locate_statement(const SourceText& src, int location, int length);

}  // namespace strata::sql
