// Connection: one database session over PostgreSQL (libpq) or SQLite, behind one interface.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/driver/result.hpp"
#include "strata/driver/value.hpp"

namespace strata::driver {

enum class Backend : std::uint8_t { postgres, sqlite };

enum class TransactionState : std::uint8_t {
    idle,            ///< not in a transaction
    active,          ///< a command is in progress
    in_transaction,  ///< inside a transaction block
    failed,          ///< inside a failed transaction block (only ROLLBACK is accepted)
    unknown,         ///< the connection is broken
};

/// The file a sqlite: URL names when that file does not exist (opening it read-write would
/// create it); "" for PostgreSQL, sqlite::memory:, an existing file, or a URL that does not
/// parse (opening it reports that). Read-only tools use it to say "not created yet".
[[nodiscard]] std::string missing_sqlite_file(std::string_view url);

/// What a PostgreSQL server answered to a connection attempt that logs nobody in (libpq's
/// PQping): how strata waits for a server it started (LocalCluster, the test PgBouncer).
enum class ServerPing : std::uint8_t {
    accepting,       ///< the server accepts connections (whatever it would say to the login)
    rejecting,       ///< it is there but refuses connections now (starting up, shutting down)
    no_response,     ///< nothing answered
    bad_parameters,  ///< the URL does not parse or is not PostgreSQL
};

/// Asks the PostgreSQL server at url whether it accepts connections, waiting at most timeout
/// (rounded up to whole seconds, as libpq's connect_timeout). Never throws.
[[nodiscard]] ServerPing ping_server(std::string_view url,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// How a Connection is opened. Built by the session layer from strata's configuration.
struct ConnectOptions {
    /// postgresql://..., postgres://..., sqlite:///relative.db, sqlite:////abs.db, sqlite::memory:
    std::string url;
    /// Automatic named prepared statements keyed by SQL text. Off = pooler-safe mode: every
    /// statement is sent as an unnamed statement (PgBouncer transaction mode, Supabase pooler).
    /// A URL query option `prepare=off` turns it off too.
    bool prepare = true;
    std::size_t statement_cache_size = 256;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds sqlite_busy_timeout{5'000};
    std::string application_name = "strata";
    bool echo = false;         ///< log every statement with its duration (DB_ECHO)
    bool echo_params = false;  ///< include parameter values in echo lines
    /// SQLite files: open read-only (like `?mode=ro`): a missing file is a ConnectionError saying
    /// so instead of being created, and the journal mode is left alone. For commands that only
    /// read (status, --sql, dump). Ignored for sqlite::memory: and PostgreSQL.
    bool read_only = false;
};

/// Per-call options.
struct ExecOptions {
    /// Server-side statement timeout for this call only (SET LOCAL-free: applied and reset).
    std::optional<std::chrono::milliseconds> timeout;
    /// Override the connection's prepare setting for this call.
    std::optional<bool> prepare;
    /// PostgreSQL: an unnamed statement whose results come in the server's text format, so
    /// Row::cell(i).data is every value as the server prints it ("t", "42", "15.4"): for admin
    /// tooling that reads values of any type as text. Ignored by SQLite.
    bool text_results = false;
};

/// One statement of a batch.
struct Statement {
    std::string sql;
    std::vector<Value> params;
};

/// Cancels the statement running on a connection; safe to call from any thread.
class CancelHandle {
public:
    virtual ~CancelHandle() = default;
    /// Returns false when the request could not be delivered.
    virtual bool cancel() = 0;
};

class ConnectionImpl;
class CopyWriter;

/// A single connection. Move-only. Not thread-safe: one thread uses it at a time (the pool
/// hands it out); cancel_handle() is the exception.
class Connection {
public:
    /// Connects now; throws ConnectionError (password redacted) or UsageError for a bad URL.
    static Connection open(const ConnectOptions& options);
    static Connection open(std::string_view url);

    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    ~Connection();

    [[nodiscard]] Backend backend() const;

    /// Runs one statement with bound parameters (extended protocol / sqlite3_prepare).
    /// Throws a SqlError subclass chosen from the SQLSTATE (SQLite codes mapped to the same tree).
    Result execute(std::string_view sql, std::span<const Value> params = {},
                   const ExecOptions& options = {},
                   std::source_location where = std::source_location::current());

    /// SQL text plus the call site it was written at (so query() can report it).
    struct SqlAt {
        std::string_view text;
        std::source_location where;
        // NOLINTNEXTLINE(google-explicit-constructor)
        SqlAt(const char* s, std::source_location w = std::source_location::current())
            : text(s), where(w) {}
        // NOLINTNEXTLINE(google-explicit-constructor)
        SqlAt(std::string_view s, std::source_location w = std::source_location::current())
            : text(s), where(w) {}
        // NOLINTNEXTLINE(google-explicit-constructor)
        SqlAt(const std::string& s, std::source_location w = std::source_location::current())
            : text(s), where(w) {}
    };

    /// Convenience: every argument converted with to_value().
    template <class... Args>
    Result query(SqlAt sql, const Args&... args) {
        if constexpr (sizeof...(Args) == 0) {
            return execute(sql.text, {}, {}, sql.where);
        } else {
            const Value params[] = {to_value(args)...};
            return execute(sql.text, std::span<const Value>(params, sizeof...(Args)), {},
                           sql.where);
        }
    }

    /// Runs one statement and hands each row to on_row as it arrives, without holding the whole
    /// result: on PostgreSQL libpq's single-row mode (each row is decoded while the server is
    /// still sending the next); SQLite runs the statement, then hands its rows over one by one.
    /// A failure after some rows throws after on_row has seen them. When on_row throws, the
    /// rest of the result is read and dropped, then its exception propagates. Returns the
    /// number of rows. The Row is valid only during the call.
    std::uint64_t for_each_row(std::string_view sql, std::span<const Value> params,
                               const std::function<void(const Row&)>& on_row,
                               std::source_location where = std::source_location::current());

    /// Runs a script of several statements without parameters (simple protocol / sqlite3_exec).
    void execute_script(std::string_view sql,
                        std::source_location where = std::source_location::current());
    /// The same, appending each statement's result (rows included) to completed as it
    /// arrives: on PostgreSQL one Query message, one round trip, statements after a failure
    /// not run. When it throws (a lost connection included), completed holds the results of the
    /// statements before the failure, and a server error's SqlError::statement_index() names
    /// the failed statement (0-based). COPY statements are refused by the server's error.
    void execute_script(std::string_view sql, std::vector<Result>& completed,
                        std::source_location where = std::source_location::current());

    /// Sends all statements before reading any result (PostgreSQL pipeline mode); SQLite runs
    /// them in order. Stops at the first failure and throws it; results in order otherwise.
    std::vector<Result> pipeline(std::span<const Statement> statements,
                                 std::source_location where = std::source_location::current());
    /// The same, appending each result to completed as it arrives: when it throws (a lost
    /// connection included), completed still holds the results of the statements before the
    /// failure. A statement that fails on a cached prepared statement gone stale after DDL is
    /// retried once with the whole pipeline outside a transaction block (the failure rolled all
    /// of it back); inside one it throws StaleStatement, which is retryable.
    void pipeline(std::span<const Statement> statements, std::vector<Result>& completed,
                  std::source_location where = std::source_location::current());
    /// The same with per-call options: only ExecOptions::prepare applies (false: every statement
    /// goes unnamed, none enters the statement cache: for statements run once per transaction
    /// such as its COMMIT and the session reset).
    void pipeline(std::span<const Statement> statements, std::vector<Result>& completed,
                  const ExecOptions& options,
                  std::source_location where = std::source_location::current());

    /// Starts a bulk load: binary COPY ... FROM STDIN on PostgreSQL, a prepared INSERT on SQLite.
    CopyWriter copy_in(std::string_view table, std::span<const std::string> columns);

    /// Holds statement back (a transaction's BEGIN, its set_config settings) and sends it in
    /// the same round trip as the next statement that execute() runs: on PostgreSQL the
    /// deferred statements, that statement and one Sync go out as one pipeline, so a
    /// transaction of N statements costs N + 1 round trips and one that runs nothing costs
    /// none (drop_deferred()). Every other call (scripts, for_each_row, pipeline, copy_in, a
    /// per-call timeout, a statement prepared for the first time) sends the deferred statements
    /// first on their own. A deferred statement that fails throws its own error (naming its
    /// SQL) and the statement behind it is not run. SQLite runs statement at once.
    void defer(Statement statement, std::source_location where = std::source_location::current());
    /// True while deferred statements wait to be sent (the transaction state then reads
    /// in_transaction).
    [[nodiscard]] bool has_deferred() const;
    /// Forgets the deferred statements not sent yet; true when there were some (nothing of
    /// them reached the server).
    bool drop_deferred() noexcept;

    [[nodiscard]] std::shared_ptr<CancelHandle> cancel_handle();
    /// A cheap round trip; false when the connection is unusable.
    bool ping();
    /// No round trip: reads whatever the server already sent, without blocking, and returns
    /// false when that shows the connection lost (the server ended the session, or TCP
    /// keepalives gave up on a silent peer). True says only that nothing showed it dead yet.
    bool poll_alive();
    /// ping() waiting at most timeout for the server (a stopped or unreachable server answers
    /// nothing): false on timeout, and the connection is then broken (is_broken()).
    bool ping(std::chrono::milliseconds timeout) { return run_within("", timeout); }
    /// Runs a script without parameters (simple protocol; SQLite: sqlite3_exec) waiting at most
    /// timeout for the server. Never throws for a server error or a timeout: returns false, and
    /// after a timeout the connection is broken (it has an unanswered query outstanding). For
    /// paths that must not block on a dead server (the pool's return path).
    bool run_within(std::string_view sql, std::chrono::milliseconds timeout);
    [[nodiscard]] TransactionState transaction_state() const;
    /// True when the connection was lost or a poisoning error was seen.
    [[nodiscard]] bool is_broken() const;
    /// PostgreSQL: server_version_num (150004). SQLite: sqlite3_libversion_number().
    [[nodiscard]] int server_version() const;
    /// The URL this connection was opened with, password redacted.
    [[nodiscard]] const std::string& redacted_url() const;
    /// Number of statements currently prepared in the cache.
    [[nodiscard]] std::size_t prepared_statements() const;
    /// Backend process id (pg_backend_pid); 0 for SQLite.
    [[nodiscard]] int backend_pid() const;
    [[nodiscard]] std::chrono::steady_clock::time_point opened_at() const;

    /// Escape hatch for the layers above: the backend object.
    [[nodiscard]] ConnectionImpl& impl() { return *impl_; }

private:
    explicit Connection(std::unique_ptr<ConnectionImpl> impl);
    std::unique_ptr<ConnectionImpl> impl_;
};

/// Streams rows into a table. Call row(...) per row and finish() once; destroying an unfinished
/// writer aborts the load (nothing is written).
class CopyWriter {
public:
    class Sink {
    public:
        virtual ~Sink() = default;
        virtual void write_row(std::span<const Value> values) = 0;
        virtual std::uint64_t finish() = 0;
        virtual void abort() noexcept = 0;
    };
    explicit CopyWriter(std::unique_ptr<Sink> sink) : sink_(std::move(sink)) {}
    CopyWriter(CopyWriter&&) noexcept = default;
    CopyWriter& operator=(CopyWriter&&) noexcept = default;
    ~CopyWriter() {
        if (sink_) sink_->abort();
    }

    void write_row(std::span<const Value> values) { sink_->write_row(values); }
    template <class... Args>
    void row(const Args&... args) {
        const Value values[] = {to_value(args)...};
        sink_->write_row(std::span<const Value>(values, sizeof...(Args)));
    }
    /// Completes the load; returns the number of rows written.
    std::uint64_t finish() {
        auto n = sink_->finish();
        sink_.reset();
        return n;
    }

private:
    std::unique_ptr<Sink> sink_;
};

}  // namespace strata::driver
