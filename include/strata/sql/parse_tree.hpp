// Parsing SQL into PostgreSQL 15 parse trees (libpg_query's JSON form) for inspection.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/sql/split.hpp"

namespace strata::sql {

/// One parsed statement: where it is in the source and its tree.
struct ParsedStatement {
    Statement source;
    /// The statement node as libpg_query emits it: one key, the node type, e.g.
    /// `{"IndexStmt": {"idxname": "i", "concurrent": true, ...}}`. Fields equal to their default
    /// (false, 0, empty) are omitted by libpg_query: read them with .value(key, default).
    nlohmann::json node;
    /// The node type name, e.g. "CreateStmt", "IndexStmt", "SelectStmt".
    std::string kind;
};

/// The parse trees of every statement of a script, in order.
/// Thread-safety: a const ParseTree may be read from several threads.
class ParseTree {
public:
    ParseTree(int version, std::vector<ParsedStatement> statements)
        : version_(version), statements_(std::move(statements)) {}

    /// The parser's PostgreSQL version number, e.g. 150001.
    [[nodiscard]] int version() const noexcept { return version_; }
    [[nodiscard]] const std::vector<ParsedStatement>& statements() const noexcept {
        return statements_;
    }
    /// Moves the statements out (the tree is left empty).
    [[nodiscard]] std::vector<ParsedStatement> take_statements() && {
        return std::move(statements_);
    }
    /// The node type of each statement, in order.
    [[nodiscard]] std::vector<std::string> kinds() const;

private:
    int version_;
    std::vector<ParsedStatement> statements_;
};

/// Parses script (any number of statements) with pg_query_parse. Statement locations follow
/// the rules of split(). Throws ParseError (`file:line:column: message`) on a syntax error, a
/// NUL byte or invalid UTF-8. Thread-safety: safe to call concurrently.
[[nodiscard]] ParseTree parse(std::string_view script, std::string_view file = {});

/// The node type name of a statement node: accepts a node (`{"IndexStmt": {...}}`), a
/// ParsedStatement's node, or libpg_query's RawStmt wrapper (`{"stmt": {...}}`).
/// Throws UsageError when node is not such an object.
[[nodiscard]] std::string statement_kind(const nlohmann::json& node);

/// The fields of a statement node (the object under its type name); accepts what
/// statement_kind() accepts.
[[nodiscard]] const nlohmann::json& statement_body(const nlohmann::json& node);

}  // namespace strata::sql
