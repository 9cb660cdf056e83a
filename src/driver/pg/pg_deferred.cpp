// Deferred statements (a transaction's BEGIN and settings) sent in one pipeline with the next one.
#include <fmt/format.h>

#include <chrono>

#include "driver/pg/pg_connection.hpp"
#include "driver/pg/pg_error.hpp"
#include "driver/pg/pg_pipeline_io.hpp"

namespace strata::driver::pg {

void PgConnection::defer(Statement statement, const std::source_location& /*where*/) {
    deferred_.push_back(std::move(statement));
}

bool PgConnection::drop_deferred() noexcept {
    const bool had = !deferred_.empty();
    deferred_.clear();
    return had;
}

void PgConnection::send_deferred(const std::source_location& where) {
    if (deferred_.empty()) return;
    PGresult* none = run_after_deferred(nullptr, nullptr, 0, where);
    PQclear(none);
}

PGresult* PgConnection::run_after_deferred(const std::string* sql, const CachedStatement* entry,
                                           int format, const std::source_location& where) {
    // deferred | sql | Sync: one round trip. The deferred statements go unnamed (a BEGIN, a
    // set_config: nothing worth a prepared statement). When one fails the rest of the pipeline
    // is skipped by the server (PGRES_PIPELINE_ABORTED) and that failure is thrown, naming the
    // deferred statement; otherwise sql's own result is returned for the caller to check.
    const std::vector<Statement> deferred = std::move(deferred_);
    deferred_.clear();
    throw_if_broken(deferred.front().sql);
    const auto started = std::chrono::steady_clock::now();
    if (PQenterPipelineMode(conn_) != 1)
        throw_connection_error(conn_, "cannot enter pipeline mode");
    PipelineGuard guard{conn_};
    bool sent = true;
    for (const Statement& d : deferred) {
        deferred_params_.encode(d.params);
        sent = sent &&
               PQsendQueryParams(conn_, d.sql.c_str(), deferred_params_.count(),
                                 deferred_params_.types(), deferred_params_.values(),
                                 deferred_params_.lengths(), deferred_params_.formats(), 0) == 1;
    }
    if (sql != nullptr) {
        sent =
            sent && (entry ? PQsendQueryPrepared(conn_, entry->name.c_str(), params_.count(),
                                                 params_.values(), params_.lengths(),
                                                 params_.formats(), format)
                           : PQsendQueryParams(conn_, sql->c_str(), params_.count(),
                                               params_.types(), params_.values(), params_.lengths(),
                                               params_.formats(), format)) == 1;
    }
    sent = sent && PQpipelineSync(conn_) == 1;
    if (!sent) {
        mark_if_bad();
        broken_ = broken_ || PQstatus(conn_) == CONNECTION_BAD;
        throw_connection_error(conn_, fmt::format("could not send `{}`", deferred.front().sql));
    }
    ResultPtr error = own_result(nullptr);
    ResultPtr result = own_result(nullptr);
    std::size_t failed_at = 0;
    try {
        for (std::size_t i = 0; i < deferred.size(); ++i) {
            auto r = read_pipeline_result(conn_, deferred[i].sql);
            if (!error && pipeline_failed(r.get())) {
                error = std::move(r);
                failed_at = i;
            }
        }
        if (sql != nullptr) result = read_pipeline_result(conn_, *sql);
        read_pipeline_sync(conn_);
        PQexitPipelineMode(conn_);
    } catch (const ConnectionError&) {
        broken_ = true;
        throw;
    }
    const auto took = std::chrono::steady_clock::now() - started;
    if (error) {
        const std::string& failed_sql = deferred[failed_at].sql;
        if (echo_)
            echo(failed_sql, deferred[failed_at].params, took, PQresultErrorMessage(error.get()));
        check(error.release(), failed_sql, where);  // throws
    }
    if (echo_) {
        for (const Statement& d : deferred) echo(d.sql, d.params, took);
    }
    return result.release();
}

}  // namespace strata::driver::pg
