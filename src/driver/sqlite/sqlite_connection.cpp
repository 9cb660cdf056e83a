// SqliteConnection: open and configure, execute with the statement cache, scripts, cancel.
#include "driver/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <exception>
#include <filesystem>
#include <system_error>

#include "driver/sqlite/sqlite_copy.hpp"
#include "driver/sqlite/sqlite_errors.hpp"
#include "driver/sqlite/sqlite_result.hpp"
#include "strata/core/log.hpp"
#include "strata/driver/sqlite_split.hpp"

namespace strata::driver::sqlite {
namespace {

/// How often (in virtual machine instructions) the progress handler checks a timeout.
constexpr int kProgressInterval = 1000;

bool is_blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n\f\v;") == std::string_view::npos;
}

/// Resets a statement and clears its bindings when the execution scope ends.
class ResetGuard {
public:
    explicit ResetGuard(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ResetGuard(const ResetGuard&) = delete;
    ResetGuard& operator=(const ResetGuard&) = delete;
    ~ResetGuard() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_;
};

class SqliteCancelHandle final : public CancelHandle {
public:
    explicit SqliteCancelHandle(std::shared_ptr<SharedHandle> shared)
        : shared_(std::move(shared)) {}
    bool cancel() override {
        std::lock_guard lock(shared_->mutex);
        if (shared_->db == nullptr) return false;
        sqlite3_interrupt(shared_->db);  // thread-safe by SQLite's contract
        return true;
    }

private:
    std::shared_ptr<SharedHandle> shared_;
};

}  // namespace

SqliteConnection::SqliteConnection(const ConnectOptions& options, const SqliteTarget& target)
    : options_(options),
      redacted_url_(log::redact(options.url)),
      cache_(options.prepare ? options.statement_cache_size : 0),
      shared_(std::make_shared<SharedHandle>()),
      opened_at_(std::chrono::steady_clock::now()) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= target.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (target.create && !target.read_only) flags |= SQLITE_OPEN_CREATE;
    if (target.memory) flags |= SQLITE_OPEN_MEMORY;
    int rc = sqlite3_open_v2(target.path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        std::error_code ec;
        if (!target.create && !std::filesystem::exists(target.path, ec)) {
            throw ConnectionError(fmt::format(
                "SQLite database '{}': the file '{}' does not exist (opened {}, so it was not "
                "created)",
                redacted_url_, target.path, target.read_only ? "read-only" : "with mode=rw"));
        }
        throw ConnectionError(fmt::format("cannot open SQLite database '{}' (file '{}'): {}",
                                          redacted_url_, target.path, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    try {
        configure(target);
    } catch (const Error& e) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw ConnectionError(
            fmt::format("cannot open SQLite database '{}': {}", redacted_url_, e.what()));
    }
    shared_->db = db_;
    echo_ = options_.echo;  // after configure(): its PRAGMAs are not the caller's statements
}

void SqliteConnection::configure(const SqliteTarget& target) {
    const auto busy_ms = options_.sqlite_busy_timeout.count();
    sqlite3_busy_timeout(db_, static_cast<int>(std::clamp<long long>(busy_ms, 0, INT32_MAX)));
    auto here = std::source_location::current();
    execute_script("PRAGMA foreign_keys = ON", here);
    if (target.memory || target.read_only) return;
    Result mode = execute("PRAGMA journal_mode = WAL", {}, {}, here);
    std::string_view got = mode.size() == 1 ? mode.cell(0, 0).data : std::string_view{};
    if (got != "wal") {
        log::warn("SQLite database '{}' stays in journal mode '{}' (WAL unavailable)", target.path,
                  got);
        return;
    }
    execute_script("PRAGMA synchronous = NORMAL", here);
}

SqliteConnection::~SqliteConnection() {
    {
        std::lock_guard lock(shared_->mutex);
        shared_->db = nullptr;
    }
    cache_.clear();
    sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int rc, std::string_view sql, bool at_prepare,
                            const std::source_location& where) {
    const int primary = rc & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_IOERR) {
        broken_ = true;
    }
    throw_sqlite_error(db_, rc, sql, at_prepare ? Phase::prepare : Phase::step, where, timed_out_);
}

std::unique_ptr<PreparedStatement> SqliteConnection::prepare(std::string_view sql, bool persistent,
                                                             const std::source_location& where) {
    if (sql.size() > static_cast<std::size_t>(INT32_MAX)) {
        throw UsageError(fmt::format("statement of {} bytes is too long for SQLite", sql.size()));
    }
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                persistent ? SQLITE_PREPARE_PERSISTENT : 0, &raw, &tail);
    if (rc != SQLITE_OK) fail(rc, sql, true, where);
    auto owner = std::make_unique<PreparedStatement>(raw, ParamMap{});
    std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
    if (!is_blank(rest)) {
        // Only comments may follow; anything else is a second statement.
        sqlite3_stmt* next = nullptr;
        int rc2 =
            sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &next, nullptr);
        sqlite3_finalize(next);
        if (rc2 != SQLITE_OK || next != nullptr) {
            throw UsageError(fmt::format(
                "execute() runs exactly one statement; use execute_script() for several: {}", sql));
        }
    }
    if (raw == nullptr) return nullptr;
    owner->set_params(build_param_map(raw, sql));
    return owner;
}

int SqliteConnection::on_progress(void* self) {
    auto* conn = static_cast<SqliteConnection*>(self);
    if (std::chrono::steady_clock::now() < conn->deadline_) return 0;
    conn->timed_out_ = true;
    return 1;
}

Result SqliteConnection::run(PreparedStatement& prepared, std::string_view sql,
                             std::span<const Value> params, const ExecOptions& options,
                             const std::source_location& where) {
    sqlite3_stmt* stmt = prepared.get();
    ResetGuard guard(stmt);
    bind_params(stmt, prepared.params(), params, sql);
    timed_out_ = false;
    struct ProgressScope {
        sqlite3* db;
        ~ProgressScope() {
            if (db) sqlite3_progress_handler(db, 0, nullptr, nullptr);
        }
    } progress{nullptr};
    if (options.timeout) {
        deadline_ = std::chrono::steady_clock::now() + *options.timeout;
        sqlite3_progress_handler(db_, kProgressInterval, &SqliteConnection::on_progress, this);
        progress.db = db_;
    }
    const auto changes_before = sqlite3_total_changes64(db_);
    // Columns are read after the first step: a schema change re-prepares the statement there,
    // and `SELECT *` may then have a different shape.
    std::unique_ptr<SqliteResult> result;
    for (;;) {
        int rc = sqlite3_step(stmt);
        if (!result && (rc == SQLITE_ROW || rc == SQLITE_DONE)) {
            result = std::make_unique<SqliteResult>(stmt);
        }
        if (rc == SQLITE_ROW) {
            result->add_row(stmt);
        } else if (rc == SQLITE_DONE) {
            break;
        } else {
            fail(rc, sql, false, where);
        }
    }
    if (sqlite3_stmt_readonly(stmt) == 0 && sqlite3_total_changes64(db_) != changes_before) {
        result->set_affected_rows(static_cast<std::uint64_t>(sqlite3_changes64(db_)));
    }
    return Result(std::move(result), std::string(sql));
}

Result SqliteConnection::execute(std::string_view sql, std::span<const Value> params,
                                 const ExecOptions& options, const std::source_location& where) {
    const auto start = std::chrono::steady_clock::now();
    struct EchoScope {
        const SqliteConnection& conn;
        std::string_view sql;
        std::span<const Value> params;
        std::chrono::steady_clock::time_point start;
        bool ok = false;  // set once the statement succeeded; read by the destructor
        ~EchoScope() {
            if (!conn.echo_) return;
            try {
                conn.echo(sql, params, std::chrono::steady_clock::now() - start, !ok);
            } catch (...) {  // a log sink failure must not replace the statement's outcome
            }
        }
    } echo_scope{*this, sql, params, start};

    const bool cached = options.prepare.value_or(options_.prepare) && cache_.capacity() > 0;
    std::shared_ptr<PreparedStatement> stmt = cached ? cache_.find(sql) : nullptr;
    if (!stmt) {
        std::shared_ptr<PreparedStatement> fresh = prepare(sql, cached, where);
        if (!fresh) {  // empty statement or only comments
            echo_scope.ok = true;
            return Result(std::make_unique<SqliteResult>(nullptr), std::string(sql));
        }
        if (cached) cache_.insert(std::string(sql), fresh);
        stmt = std::move(fresh);
    }
    Result result = run(*stmt, sql, params, options, where);
    echo_scope.ok = true;
    return result;
}

void SqliteConnection::execute_script(std::string_view sql, const std::source_location& where) {
    const auto start = std::chrono::steady_clock::now();
    std::string_view rest = sql;
    try {
        while (!is_blank(rest)) {
            sqlite3_stmt* raw = nullptr;
            const char* tail = nullptr;
            int rc =
                sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &raw, &tail);
            if (rc != SQLITE_OK) fail(rc, sql, true, where);
            rest = rest.substr(static_cast<std::size_t>(tail - rest.data()));
            if (raw == nullptr) continue;
            PreparedStatement stmt(raw, ParamMap{});
            if (sqlite3_bind_parameter_count(raw) > 0) {
                throw UsageError(fmt::format(
                    "execute_script() takes no parameters; use execute() for: {}", sql));
            }
            while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {}
            if (rc != SQLITE_DONE) fail(rc, sql, false, where);
        }
    } catch (...) {
        if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - start, true);
        throw;
    }
    if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - start, false);
}

void SqliteConnection::pipeline(std::span<const Statement> statements, std::vector<Result>& out,
                                const std::source_location& where) {
    out.reserve(out.size() + statements.size());
    const std::size_t kept = out.size();
    for (const auto& s : statements) {
        try {
            out.push_back(execute(s.sql, s.params, {}, where));
        } catch (SqlError& e) {
            e.set_statement_index(out.size() - kept);
            throw;
        }
    }
}

void SqliteConnection::execute_script(std::string_view sql, std::vector<Result>& out,
                                      const std::source_location& where) {
    // Each statement alone (SQLite's own completeness check splits them), unprepared: a
    // script's statements do not belong in the statement cache.
    ExecOptions once;
    once.prepare = false;
    const std::size_t kept = out.size();
    for (const auto& statement : split_sqlite_script(sql)) {
        try {
            out.push_back(execute(statement.sql, {}, once, where));
        } catch (SqlError& e) {
            e.set_statement_index(out.size() - kept);
            throw;
        }
    }
}

std::unique_ptr<CopyWriter::Sink> SqliteConnection::copy_in(std::string_view table,
                                                            std::span<const std::string> columns) {
    return std::make_unique<SqliteCopySink>(*this, table, columns);
}

std::shared_ptr<CancelHandle> SqliteConnection::cancel_handle() {
    return std::make_shared<SqliteCancelHandle>(shared_);
}

bool SqliteConnection::ping() {
    if (db_ == nullptr) return false;
    return sqlite3_exec(db_, "SELECT 1", nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool SqliteConnection::run_within(std::string_view sql, std::chrono::milliseconds /*timeout*/) {
    // No server to wait for: a local file (a lock wait is bounded by the busy timeout).
    if (db_ == nullptr) return false;
    const std::string text(sql.empty() ? "SELECT 1" : sql);
    return sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

TransactionState SqliteConnection::transaction_state() const {
    if (db_ == nullptr) return TransactionState::unknown;
    return sqlite3_get_autocommit(db_) != 0 ? TransactionState::idle
                                            : TransactionState::in_transaction;
}

int SqliteConnection::server_version() const {
    return sqlite3_libversion_number();
}

void SqliteConnection::echo(std::string_view sql, std::span<const Value> params,
                            std::chrono::steady_clock::duration took, bool failed) const {
    const double ms = std::chrono::duration<double, std::milli>(took).count();
    std::string line = fmt::format("sqlite {:.3f} ms{}: {}", ms, failed ? " (failed)" : "", sql);
    if (options_.echo_params && !params.empty()) {
        line += " -- params:";
        for (std::size_t i = 0; i < params.size(); ++i) {
            line += fmt::format(" ${}={}", i + 1, describe_value(params[i]));
        }
    }
    log::write(log::Level::info, line);
}

}  // namespace strata::driver::sqlite

namespace strata::driver {

std::string missing_sqlite_file(std::string_view url) {
    if (url.size() < 7 || url.substr(0, 7) != "sqlite:") return {};
    try {
        const auto target = sqlite::parse_sqlite_url(url);
        std::error_code ec;
        if (target.memory || target.path.empty() || std::filesystem::exists(target.path, ec))
            return {};
        return target.path;
    } catch (const Error&) {
        return {};  // Connection::open reports the malformed URL
    }
}

std::unique_ptr<ConnectionImpl> open_sqlite(const ConnectOptions& options) {
    auto target = sqlite::parse_sqlite_url(options.url);
    if (options.read_only && !target.memory) {
        target.read_only = true;
        target.create = false;
    }
    return std::make_unique<sqlite::SqliteConnection>(options, target);
}

}  // namespace strata::driver
