// RAII owner of a libpg_query result: frees it with the matching pg_query_free_* function.
#pragma once

namespace strata::sql {

/// Owns one libpg_query result struct and frees it on destruction; neither copyable nor
/// movable: construct it around the call and let it go out of scope. Kept free of pg_query.h:
/// the .cpp that includes it instantiates it, e.g.
/// `PgQueryResult<PgQueryParseResult, pg_query_free_parse_result> r(pg_query_parse(text));`
template <typename Result, auto Free>
class PgQueryResult {
public:
    explicit PgQueryResult(Result result) noexcept : result_(result) {}
    ~PgQueryResult() { Free(result_); }
    PgQueryResult(const PgQueryResult&) = delete;
    PgQueryResult& operator=(const PgQueryResult&) = delete;

    const Result* operator->() const noexcept { return &result_; }

private:
    Result result_;
};

}  // namespace strata::sql
