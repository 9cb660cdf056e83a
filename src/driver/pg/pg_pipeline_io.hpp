// Reading pipeline-mode results: one query's result, the Sync, failure, leaving pipeline mode.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "driver/pg/pg_error.hpp"

namespace strata::driver::pg {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

inline ResultPtr own_result(PGresult* r) {
    return ResultPtr(r, &PQclear);
}

/// The result of the next query in the pipeline (consuming the NULL that ends it).
inline ResultPtr read_pipeline_result(PGconn* conn, std::string_view query) {
    PGresult* first = PQgetResult(conn);
    if (!first) throw_connection_error(conn, fmt::format("pipeline lost running `{}`", query));
    while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
    return own_result(first);
}

/// Reads up to and including the next Sync's result.
inline void read_pipeline_sync(PGconn* conn) {
    for (;;) {
        PGresult* r = PQgetResult(conn);
        if (!r) {
            if (PQstatus(conn) == CONNECTION_BAD) throw_connection_error(conn, "pipeline lost");
            continue;
        }
        const bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync) return;
    }
}

/// The query failed, or was skipped because an earlier one in the pipeline failed.
inline bool pipeline_failed(const PGresult* r) {
    const auto st = PQresultStatus(r);
    return st == PGRES_FATAL_ERROR || st == PGRES_PIPELINE_ABORTED;
}

/// Leaves pipeline mode on scope exit when a failure left the connection in it.
struct PipelineGuard {
    PGconn* conn;
    ~PipelineGuard() {
        if (PQpipelineStatus(conn) != PQ_PIPELINE_OFF && PQstatus(conn) == CONNECTION_OK) {
            PQexitPipelineMode(conn);
        }
    }
};

}  // namespace strata::driver::pg
