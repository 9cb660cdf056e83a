// split(): statements of a script via libpg_query's parser-based splitter.
#include "strata/sql/split.hpp"

#include <pg_query.h>

#include "sql/pg_query_result.hpp"
#include "sql/source_text.hpp"
#include "sql/statement_locator.hpp"

namespace strata::sql {
namespace {

using SplitResult = PgQueryResult<PgQuerySplitResult, pg_query_free_split_result>;

}  // namespace

std::vector<Statement> split(std::string_view script, std::string_view file) {
    SourceText src(script, file);
    // The scanner-based splitter cuts BEGIN ATOMIC bodies at their inner semicolons.
    SplitResult result(pg_query_split_with_parser(src.body()));
    if (result->error != nullptr) src.throw_error(result->error->message, result->error->cursorpos);
    std::vector<Statement> statements;
    statements.reserve(static_cast<std::size_t>(result->n_stmts));
    for (int i = 0; i < result->n_stmts; ++i) {
        const PgQuerySplitStmt* stmt = result->stmts[i];
        auto statement = locate_statement(src, stmt->stmt_location, stmt->stmt_len);
        if (!statement.text.empty()) statements.push_back(std::move(statement));
    }
    return statements;
}

}  // namespace strata::sql
