// fingerprint() and normalize(): thin wrappers over libpg_query.
#include "strata/sql/fingerprint.hpp"

#include <pg_query.h>

#include "sql/pg_query_result.hpp"
#include "sql/source_text.hpp"

namespace strata::sql {
namespace {

using FingerprintResult = PgQueryResult<PgQueryFingerprintResult, pg_query_free_fingerprint_result>;
using NormalizeResult = PgQueryResult<PgQueryNormalizeResult, pg_query_free_normalize_result>;

}  // namespace

std::string fingerprint(std::string_view sql, std::string_view file) {
    SourceText src(sql, file);
    FingerprintResult result(pg_query_fingerprint(src.body()));
    if (result->error != nullptr) src.throw_error(result->error->message, result->error->cursorpos);
    return result->fingerprint_str;
}

std::string normalize(std::string_view sql, std::string_view file) {
    SourceText src(sql, file);
    NormalizeResult result(pg_query_normalize(src.body()));
    if (result->error != nullptr) src.throw_error(result->error->message, result->error->cursorpos);
    return result->normalized_query;
}

}  // namespace strata::sql
