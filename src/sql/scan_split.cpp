// scan_statement_starts(): statement boundaries from libpg_query's scanner-based splitter.
#include "strata/sql/scan_split.hpp"

#include <pg_query.h>

#include <string>

#include "sql/pg_query_result.hpp"

namespace strata::sql {

std::vector<std::size_t> scan_statement_starts(std::string_view script) {
    using ScanResult = PgQueryResult<PgQuerySplitResult, pg_query_free_split_result>;
    const std::string body(script);  // NUL-terminated for libpg_query
    ScanResult result(pg_query_split_with_scanner(body.c_str()));
    std::vector<std::size_t> starts;
    if (result->error != nullptr) return starts;
    starts.reserve(static_cast<std::size_t>(result->n_stmts));
    for (int i = 0; i < result->n_stmts; ++i) {
        starts.push_back(static_cast<std::size_t>(result->stmts[i]->stmt_location));
    }
    return starts;
}

}  // namespace strata::sql
