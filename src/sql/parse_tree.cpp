// parse(): libpg_query's JSON parse tree, one located node per statement.
#include "strata/sql/parse_tree.hpp"

#include <pg_query.h>

#include "sql/pg_query_result.hpp"
#include "sql/source_text.hpp"
#include "sql/statement_locator.hpp"
#include "strata/core/error.hpp"

namespace strata::sql {
namespace {

using ParseResult = PgQueryResult<PgQueryParseResult, pg_query_free_parse_result>;

// The {"<Type>": {...}} node, out of a RawStmt wrapper {"stmt": ...} when given one.
const nlohmann::json& unwrap(const nlohmann::json& node) {
    const auto& inner = node.is_object() && node.contains("stmt") ? node.at("stmt") : node;
    if (!inner.is_object() || inner.size() != 1) {
        throw UsageError("expected a parse tree node {\"<Type>\": {...}}, got " +
                         inner.dump().substr(0, 80));
    }
    return inner;
}

int int_field(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace

std::vector<std::string> ParseTree::kinds() const {
    std::vector<std::string> out;
    out.reserve(statements_.size());
    for (const auto& statement : statements_) out.push_back(statement.kind);
    return out;
}

ParseTree parse(std::string_view script, std::string_view file) {
    SourceText src(script, file);
    ParseResult result(pg_query_parse(src.body()));
    if (result->error != nullptr) src.throw_error(result->error->message, result->error->cursorpos);
    auto tree = nlohmann::json::parse(result->parse_tree);
    std::vector<ParsedStatement> statements;
    if (auto stmts = tree.find("stmts"); stmts != tree.end() && stmts->is_array()) {
        for (auto& raw : *stmts) {
            ParsedStatement parsed;
            parsed.source =
                locate_statement(src, int_field(raw, "stmt_location"), int_field(raw, "stmt_len"));
            parsed.node = std::move(raw["stmt"]);
            parsed.kind = statement_kind(parsed.node);
            statements.push_back(std::move(parsed));
        }
    }
    return ParseTree(int_field(tree, "version"), std::move(statements));
}

std::string statement_kind(const nlohmann::json& node) {
    return unwrap(node).begin().key();
}

const nlohmann::json& statement_body(const nlohmann::json& node) {
    return unwrap(node).begin().value();
}

}  // namespace strata::sql
