// Rewriting one sqlc query to plain PostgreSQL: macros and @names to $N, overrides out of aliases.
#pragma once

#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "strata/codegen/query_source.hpp"

namespace strata::codegen {

/// A query the rewrite cannot accept; the caller adds file, line and query name.
class RewriteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Fills q.sql, q.tree, q.params, q.overrides and q.embeds from one statement's text and its
/// parse tree (locations relative to text). Throws RewriteError.
void rewrite_query(std::string_view text, const nlohmann::json& node, QuerySource& q);

}  // namespace strata::codegen
