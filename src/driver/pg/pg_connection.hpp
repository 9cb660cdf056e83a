// PgConnection: the libpq backend of driver::Connection.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/connection_impl.hpp"
#include "driver/pg/pg_params.hpp"
#include "driver/pg/pg_statement_cache.hpp"

namespace strata::driver::pg {

/// Result format choice: a statement gets binary results (resultFormat = 1 for all columns)
/// when every result column's type is one strata decodes in binary (pg_types.cpp), else text.
/// The choice is made once per statement text from PQdescribePrepared (prepared mode) or from
/// the first execution (pooler-safe mode, which therefore starts in text) and cached with it.
/// Not thread-safe except cancel_handle().
class PgConnection final : public ConnectionImpl {
public:
    PgConnection(PGconn* conn, const ConnectOptions& options, bool prepare,
                 std::string redacted_url);
    ~PgConnection() override;

    [[nodiscard]] Backend backend() const override { return Backend::postgres; }
    Result execute(std::string_view sql, std::span<const Value> params, const ExecOptions& options,
                   const std::source_location& where) override;
    void execute_script(std::string_view sql, const std::source_location& where) override;
    void execute_script(std::string_view sql, std::vector<Result>& out,
                        const std::source_location& where) override;
    /// libpq single-row mode (pg_stream.cpp).
    std::uint64_t for_each_row(std::string_view sql, std::span<const Value> params,
                               const std::function<void(const Row&)>& on_row,
                               const std::source_location& where) override;
    void pipeline(std::span<const Statement> statements, std::vector<Result>& out,
                  const std::source_location& where) override;
    void pipeline_with(std::span<const Statement> statements, std::vector<Result>& out,
                       const ExecOptions& options, const std::source_location& where) override;
    std::unique_ptr<CopyWriter::Sink> copy_in(std::string_view table,
                                              std::span<const std::string> columns) override;
    /// Held back until the next statement (pg_deferred.cpp).
    void defer(Statement statement, const std::source_location& where) override;
    [[nodiscard]] bool has_deferred() const override { return !deferred_.empty(); }
    bool drop_deferred() noexcept override;
    std::shared_ptr<CancelHandle> cancel_handle() override;
    bool ping() override;
    bool poll_alive() override;
    bool run_within(std::string_view sql, std::chrono::milliseconds timeout) override;
    [[nodiscard]] TransactionState transaction_state() const override;
    [[nodiscard]] bool is_broken() const override;
    [[nodiscard]] int server_version() const override { return PQserverVersion(conn_); }
    [[nodiscard]] const std::string& redacted_url() const override { return redacted_url_; }
    [[nodiscard]] std::size_t prepared_statements() const override;
    [[nodiscard]] int backend_pid() const override { return PQbackendPID(conn_); }
    [[nodiscard]] std::chrono::steady_clock::time_point opened_at() const override {
        return opened_at_;
    }

    [[nodiscard]] PGconn* raw() const { return conn_; }
    /// Throws (and marks the connection broken) when a result is not a success.
    void check(PGresult* result, std::string_view query, const std::source_location& where);
    void throw_if_broken(std::string_view query) const;
    /// The server sent a FATAL while the connection was idle (its notice receiver calls this):
    /// the session is over even before the end of file arrives.
    void saw_goodbye() noexcept { goodbye_ = true; }

private:
    PGresult* run(std::string_view sql, bool prepare, const ExecOptions& options,
                  const std::source_location& where, CachedStatement*& entry);
    CachedStatement* prepare_statement(std::string_view sql, const std::source_location& where);
    PGresult* run_with_timeout(std::string_view sql, const CachedStatement* entry, int format,
                               std::chrono::milliseconds timeout,
                               const std::source_location& where);
    /// One timed run: local = setting and statement in one implicit transaction; otherwise
    /// session-level set and restore around it.
    PGresult* run_timed(std::string_view sql, const CachedStatement* entry, int format,
                        std::chrono::milliseconds timeout, bool local,
                        const std::source_location& where);
    void deallocate(std::vector<CachedStatement>& evicted);
    /// Sends the deferred statements on their own (one round trip) when there are any: for the
    /// paths that do not take them along (scripts, streaming, pipelines, COPY, timed runs, a
    /// statement prepared for the first time).
    void send_deferred(const std::source_location& where);
    /// The deferred statements, then sql (when not null: prepared as entry, or unnamed with
    /// params_) and one Sync, in one round trip. Throws the failure of a deferred statement;
    /// returns sql's result (owned by the caller, unchecked; nullptr without sql).
    PGresult* run_after_deferred(const std::string* sql, const CachedStatement* entry, int format,
                                 const std::source_location& where);
    /// One pass of pipeline(): appends the results before the first failure to out; returns
    /// that failure (owned by the caller) with its index and whether it ran a cached statement,
    /// or nullptr.
    PGresult* pipeline_once(std::span<const Statement> statements, std::vector<Result>& out,
                            std::size_t& failed_at, bool& cached, bool prepare,
                            const std::source_location& where);
    /// Sends sql with the encoded params_ (prepared when prepare_) in single-row mode; false
    /// when libpq refused to send it.
    bool send_streaming(std::string_view sql, const std::source_location& where);
    Result execute_unechoed(std::string_view sql, std::span<const Value> params,
                            const ExecOptions& options, const std::source_location& where);
    /// The one invalidation rule for cached statements, used by every path that runs them
    /// (execute, timed runs, pipelines): when result is the failure of a statement gone stale
    /// after DDL, forgets every cached statement and returns true (the caller may rerun the
    /// statement when nothing else was undone, i.e. outside a transaction block).
    bool forget_if_stale(const PGresult* result, bool untyped_params);
    /// Throws StaleStatement (retryable) for result; inside a transaction block a stale
    /// statement aborted the transaction, so only running all of it again helps.
    [[noreturn]] void throw_stale(PGresult* result, std::string_view sql,
                                  const std::source_location& where);
    /// The DB_ECHO line; failure is the error's message for a statement that failed.
    void echo(std::string_view sql, std::span<const Value> params,
              std::chrono::steady_clock::duration took, const char* failure = nullptr) const;
    void mark_if_bad();

    PGconn* conn_;
    bool prepare_;
    bool echo_;
    bool echo_params_;
    std::string redacted_url_;
    std::chrono::steady_clock::time_point opened_at_;
    StatementCache prepared_;  // named server-side statements
    StatementCache formats_;   // pooler-safe mode: learned result formats only
    std::uint64_t next_statement_ = 0;
    ParamBuffer params_;
    std::vector<Statement> deferred_;  // sent with the next statement (Connection::defer)
    ParamBuffer deferred_params_;
    std::vector<CachedStatement> evicted_;
    std::shared_ptr<CancelHandle> cancel_;
    bool broken_ = false;
    bool goodbye_ = false;
};

}  // namespace strata::driver::pg
