// Pipeline mode: batches of independent statements, and per-call statement timeouts.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "driver/pg/pg_connection.hpp"
#include "driver/pg/pg_error.hpp"
#include "driver/pg/pg_pipeline_io.hpp"
#include "driver/pg/pg_result.hpp"
#include "driver/pg/pg_types.hpp"

namespace strata::driver::pg {

namespace {

/// Statements sent before their results are read. Results of a window (and the statements of
/// the next) must fit the socket buffers, or blocking libpq would deadlock with the server.
constexpr std::size_t kWindow = 256;

}  // namespace

PGresult* PgConnection::run_with_timeout(std::string_view sql, const CachedStatement* entry,
                                         int format, std::chrono::milliseconds timeout,
                                         const std::source_location& where) {
    // Outside a transaction block the setting and the statement go before ONE Sync: one implicit
    // transaction, set_config(..., is_local) ends with it, and behind a transaction-mode pooler
    // (PgBouncer) no other client can be handed the server connection while the timeout is set.
    // A statement that refuses to run inside a transaction (VACUUM, CREATE INDEX CONCURRENTLY:
    // SQLSTATE 25001, raised before it does anything) runs again in the session-level form.
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
        PGresult* r = run_timed(sql, entry, format, timeout, /*local=*/true, where);
        const char* state = pipeline_failed(r) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        if (state == nullptr || std::string_view(state) != "25001") return r;
        PQclear(r);
    }
    return run_timed(sql, entry, format, timeout, /*local=*/false, where);
}

PGresult* PgConnection::run_timed(std::string_view sql, const CachedStatement* entry, int format,
                                  std::chrono::milliseconds timeout, bool local,
                                  const std::source_location& where) {
    // local: set_config(local) | the statement | Sync.
    // session (inside the caller's transaction, which pins a pooled server connection anyway, or
    // for statements that cannot run in one): save and set | Sync | the statement | Sync |
    // restore | Sync. The Syncs make the restore run even when the statement fails (a failed
    // transaction block rolls the setting back on its own).
    static constexpr const char* kSetLocal = "SELECT set_config('statement_timeout', $1, true)";
    static constexpr const char* kSet =
        "SELECT set_config('strata.saved_statement_timeout', current_setting('statement_timeout'), "
        "false), set_config('statement_timeout', $1, false)";
    static constexpr const char* kRestore =
        "SELECT set_config('statement_timeout', "
        "current_setting('strata.saved_statement_timeout'), false)";
    if (PQenterPipelineMode(conn_) != 1)
        throw_connection_error(conn_, "cannot enter pipeline mode");
    PipelineGuard guard{conn_};
    const std::string ms = std::to_string(std::max<long long>(1, timeout.count()));
    const char* set_values[] = {ms.c_str()};
    const std::string z(sql);
    bool sent = PQsendQueryParams(conn_, local ? kSetLocal : kSet, 1, nullptr, set_values, nullptr,
                                  nullptr, 0) == 1;
    if (!local) sent = sent && PQpipelineSync(conn_) == 1;
    sent = sent && (entry ? PQsendQueryPrepared(conn_, entry->name.c_str(), params_.count(),
                                                params_.values(), params_.lengths(),
                                                params_.formats(), format)
                          : PQsendQueryParams(conn_, z.c_str(), params_.count(), params_.types(),
                                              params_.values(), params_.lengths(),
                                              params_.formats(), format)) == 1;
    sent = sent && PQpipelineSync(conn_) == 1;
    if (!local) {
        sent = sent &&
               PQsendQueryParams(conn_, kRestore, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1 &&
               PQpipelineSync(conn_) == 1;
    }
    if (!sent) {
        mark_if_bad();
        throw_connection_error(conn_, fmt::format("could not send `{}`", sql));
    }
    try {
        auto set = read_pipeline_result(conn_, sql);
        if (!local) read_pipeline_sync(conn_);
        auto result = read_pipeline_result(conn_, sql);
        read_pipeline_sync(conn_);
        if (!local) {
            auto restore = read_pipeline_result(conn_, sql);
            read_pipeline_sync(conn_);
        }
        // A failed set skipped the statement (local) or would leave the timeout unapplied.
        if (pipeline_failed(set.get()) && (local || !pipeline_failed(result.get())))
            check(set.release(), local ? kSetLocal : kSet, where);
        PQexitPipelineMode(conn_);
        return result.release();
    } catch (const ConnectionError&) {
        broken_ = true;
        throw;
    }
}

void PgConnection::execute_script(std::string_view sql, std::vector<Result>& out,
                                  const std::source_location& where) {
    throw_if_broken(sql);
    send_deferred(where);
    const auto started = std::chrono::steady_clock::now();
    const std::size_t kept = out.size();
    const std::string z(sql);
    if (PQsendQuery(conn_, z.c_str()) != 1) {
        mark_if_bad();
        throw_connection_error(conn_, fmt::format("could not send `{}`", sql));
    }
    // One result per statement until the first failure; the server runs nothing after it.
    // Everything up to the end of the Query's results is read, so the connection stays usable.
    ResultPtr error = own_result(nullptr);
    while (PGresult* r = PQgetResult(conn_)) {
        const ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_IN) {  // the server's error for it follows
            PQclear(r);
            PQputCopyEnd(conn_, "execute_script() does not feed COPY FROM STDIN");
            continue;
        }
        if (st == PGRES_COPY_OUT) {
            PQclear(r);
            char* row = nullptr;
            while (PQgetCopyData(conn_, &row, 0) > 0) PQfreemem(row);
            continue;
        }
        if (error) {
            PQclear(r);
        } else if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
            out.emplace_back(std::make_unique<PgResult>(r), z);
        } else {
            error = own_result(r);
        }
        if (PQstatus(conn_) == CONNECTION_BAD) break;
    }
    mark_if_bad();
    if (error || PQstatus(conn_) == CONNECTION_BAD) {
        try {
            if (!error) {
                throw_connection_error(
                    conn_, fmt::format("the connection to PostgreSQL was lost running `{}`", sql));
            }
            check(error.release(), sql, where);
        } catch (SqlError& e) {
            e.set_statement_index(out.size() - kept);
            if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - started, e.what());
            throw;
        } catch (const std::exception& e) {
            if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - started, e.what());
            throw;
        }
    }
    if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - started);
}

void PgConnection::pipeline(std::span<const Statement> statements, std::vector<Result>& out,
                            const std::source_location& where) {
    pipeline_with(statements, out, {}, where);
}

void PgConnection::pipeline_with(std::span<const Statement> statements, std::vector<Result>& out,
                                 const ExecOptions& options, const std::source_location& where) {
    if (statements.empty()) return;
    const bool prepare = options.prepare.value_or(prepare_);
    throw_if_broken(statements.front().sql);
    send_deferred(where);
    const auto started = std::chrono::steady_clock::now();
    const bool idle = PQtransactionStatus(conn_) == PQTRANS_IDLE;
    const std::size_t kept = out.size();
    for (int attempt = 1;; ++attempt) {
        std::size_t failed_at = 0;
        bool stale = false;
        PGresult* error = nullptr;
        try {
            error = pipeline_once(statements, out, failed_at, stale, prepare, where);
        } catch (const std::exception& e) {
            if (echo_)
                echo(statements[std::min(out.size() - kept, statements.size() - 1)].sql, {},
                     std::chrono::steady_clock::now() - started, e.what());
            throw;
        }
        if (error == nullptr) {
            if (echo_) {
                const auto took = std::chrono::steady_clock::now() - started;
                for (const auto& s : statements) echo(s.sql, s.params, took);
            }
            return;
        }
        const Statement& s = statements[failed_at];
        params_.encode(s.params);
        bool untyped = false;
        for (int i = 0; i < params_.count(); ++i) untyped |= params_.types()[i] == 0;
        const bool was_stale = stale && forget_if_stale(error, untyped);
        if (was_stale && idle && attempt == 1 && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
            // Outside a transaction block the pipeline was one implicit transaction that the
            // failure rolled back entirely: run all of it again, now preparing afresh.
            PQclear(error);
            out.resize(kept);
            continue;
        }
        try {
            if (was_stale) throw_stale(error, s.sql, where);
            check(error, s.sql, where);
        } catch (SqlError& e) {
            e.set_statement_index(failed_at);
            if (echo_) echo(s.sql, s.params, std::chrono::steady_clock::now() - started, e.what());
            throw;
        }
    }
}

PGresult* PgConnection::pipeline_once(std::span<const Statement> statements,
                                      std::vector<Result>& out, std::size_t& failed_at,
                                      bool& cached, bool prepare,
                                      const std::source_location& where) {
    // Prepared mode: prepare each distinct text first (outside the pipeline), then send
    // Bind/Execute only. Statements whose parameter types differ from the prepared ones, and
    // batches with more distinct texts than half the cache, go unnamed.
    struct Plan {
        std::string name;
        std::vector<std::uint32_t> types;
        int format = 0;
    };
    std::vector<Plan> plans;
    std::unordered_map<std::string_view, std::size_t> plan_of;
    if (prepare) {
        for (const auto& s : statements) {
            if (plan_of.contains(s.sql)) continue;
            if (plan_of.size() >= prepared_.capacity() / 2) {
                plans.clear();
                plan_of.clear();
                break;
            }
            params_.encode(s.params);
            CachedStatement* e = prepared_.find(s.sql);
            if (!e || e->param_types.size() != s.params.size()) e = prepare_statement(s.sql, where);
            plan_of.emplace(s.sql, plans.size());
            plans.push_back(Plan{e->name, e->param_types, e->result_format});
        }
    }
    if (PQenterPipelineMode(conn_) != 1)
        throw_connection_error(conn_, "cannot enter pipeline mode");
    PipelineGuard guard{conn_};
    out.reserve(out.size() + statements.size());
    ResultPtr error = own_result(nullptr);
    std::vector<bool> used_plan(statements.size(), false);
    std::size_t sent = 0, read = 0;
    bool synced = false;
    try {
        while (read < statements.size() && !error) {
            const std::size_t end = std::min(statements.size(), read + kWindow);
            for (; sent < end; ++sent) {
                const Statement& s = statements[sent];
                params_.encode(s.params);
                const Plan* plan = nullptr;
                if (auto it = plan_of.find(s.sql); it != plan_of.end()) {
                    plan = &plans[it->second];
                    for (int i = 0; plan && i < params_.count(); ++i) {
                        const auto t = params_.types()[i];
                        if (t != 0 && t != plan->types[static_cast<std::size_t>(i)]) plan = nullptr;
                    }
                }
                int ok = 0;
                if (plan) {
                    used_plan[sent] = true;
                    ok = PQsendQueryPrepared(conn_, plan->name.c_str(), params_.count(),
                                             params_.values(), params_.lengths(), params_.formats(),
                                             plan->format);
                } else {
                    ok = PQsendQueryParams(conn_, s.sql.c_str(), params_.count(), params_.types(),
                                           params_.values(), params_.lengths(), params_.formats(),
                                           0);
                }
                if (ok != 1) {
                    mark_if_bad();
                    throw_connection_error(conn_, fmt::format("could not send `{}`", s.sql));
                }
            }
            // The last window ends with Sync itself: a batch that fits one window (COMMIT with
            // its transaction id, most batches) is one round trip, not two.
            synced = sent == statements.size();
            if ((synced ? PQpipelineSync(conn_) : PQsendFlushRequest(conn_)) != 1 ||
                PQflush(conn_) != 0) {
                throw_connection_error(conn_, "could not flush the pipeline");
            }
            for (; read < sent; ++read) {
                auto r = read_pipeline_result(conn_, statements[read].sql);
                if (!error && pipeline_failed(r.get())) {
                    error = std::move(r);
                    failed_at = read;
                } else if (!error) {
                    out.emplace_back(std::make_unique<PgResult>(r.release()), statements[read].sql);
                }
            }
        }
        if (!synced && PQpipelineSync(conn_) != 1)
            throw_connection_error(conn_, "could not sync the pipeline");
        read_pipeline_sync(conn_);
        PQexitPipelineMode(conn_);
    } catch (const ConnectionError&) {
        broken_ = true;
        throw;
    }
    cached = error && used_plan[failed_at];
    return error.release();
}

}  // namespace strata::driver::pg
