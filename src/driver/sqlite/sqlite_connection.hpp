// SqliteConnection: the SQLite backend of driver::Connection.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "driver/connection_impl.hpp"
#include "driver/sqlite/sqlite_statement.hpp"
#include "driver/sqlite/sqlite_url.hpp"

struct sqlite3;

namespace strata::driver::sqlite {

/// The sqlite3 handle shared with cancel handles, so cancel() never touches a closed handle.
struct SharedHandle {
    std::mutex mutex;
    sqlite3* db = nullptr;  ///< nulled (under mutex) before the connection closes
};

/// One SQLite connection, opened with SQLITE_OPEN_NOMUTEX: one thread uses it at a time (the
/// pool guarantees that); only cancel_handle()->cancel() may be called from another thread.
/// Every statement is stepped to completion and materialised before execute() returns.
class SqliteConnection final : public ConnectionImpl {
public:
    SqliteConnection(const ConnectOptions& options, const SqliteTarget& target);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    [[nodiscard]] Backend backend() const override { return Backend::sqlite; }
    Result execute(std::string_view sql, std::span<const Value> params, const ExecOptions& options,
                   const std::source_location& where) override;
    void execute_script(std::string_view sql, const std::source_location& where) override;
    void execute_script(std::string_view sql, std::vector<Result>& out,
                        const std::source_location& where) override;
    void pipeline(std::span<const Statement> statements, std::vector<Result>& out,
                  const std::source_location& where) override;
    std::unique_ptr<CopyWriter::Sink> copy_in(std::string_view table,
                                              std::span<const std::string> columns) override;
    std::shared_ptr<CancelHandle> cancel_handle() override;
    bool ping() override;
    bool poll_alive() override { return db_ != nullptr; }
    bool run_within(std::string_view sql, std::chrono::milliseconds timeout) override;
    [[nodiscard]] TransactionState transaction_state() const override;
    [[nodiscard]] bool is_broken() const override { return db_ == nullptr || broken_; }
    [[nodiscard]] int server_version() const override;
    [[nodiscard]] const std::string& redacted_url() const override { return redacted_url_; }
    [[nodiscard]] std::size_t prepared_statements() const override { return cache_.size(); }
    [[nodiscard]] int backend_pid() const override { return 0; }
    [[nodiscard]] std::chrono::steady_clock::time_point opened_at() const override {
        return opened_at_;
    }

    [[nodiscard]] sqlite3* handle() const { return db_; }
    /// Prepares sql (exactly one statement; nullptr when it is empty). Throws the mapped SqlError
    /// or UsageError for several statements.
    std::unique_ptr<PreparedStatement> prepare(std::string_view sql, bool persistent,
                                               const std::source_location& where);
    /// Binds, steps to completion and materialises; resets and clears bindings afterwards.
    Result run(PreparedStatement& stmt, std::string_view sql, std::span<const Value> params,
               const ExecOptions& options, const std::source_location& where);
    /// Maps the current error of the connection and throws it.
    [[noreturn]] void fail(int rc, std::string_view sql, bool at_prepare,
                           const std::source_location& where);

private:
    void configure(const SqliteTarget& target);
    void echo(std::string_view sql, std::span<const Value> params,
              std::chrono::steady_clock::duration took, bool failed) const;
    static int on_progress(void* self);

    sqlite3* db_ = nullptr;
    ConnectOptions options_;
    std::string redacted_url_;
    StatementCache cache_;
    std::shared_ptr<SharedHandle> shared_;
    std::chrono::steady_clock::time_point opened_at_;
    std::chrono::steady_clock::time_point deadline_{};
    bool timed_out_ = false;
    bool broken_ = false;
    bool echo_ = false;
};

}  // namespace strata::driver::sqlite
