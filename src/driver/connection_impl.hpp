// ConnectionImpl: what each backend (pg/, sqlite/) implements behind driver::Connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/driver/connection.hpp"

namespace strata::driver {

class ConnectionImpl {
public:
    virtual ~ConnectionImpl() = default;
    [[nodiscard]] virtual Backend backend() const = 0;
    virtual Result execute(std::string_view sql, std::span<const Value> params,
                           const ExecOptions& options, const std::source_location& where) = 0;
    virtual void execute_script(std::string_view sql, const std::source_location& where) = 0;
    /// Connection::execute_script(sql, completed): each statement's result into out.
    virtual void execute_script(std::string_view sql, std::vector<Result>& out,
                                const std::source_location& where) = 0;
    /// Rows one at a time (Connection::for_each_row); this default runs execute() first.
    virtual std::uint64_t for_each_row(std::string_view sql, std::span<const Value> params,
                                       const std::function<void(const Row&)>& on_row,
                                       const std::source_location& where) {
        const Result result = execute(sql, params, {}, where);
        for (const auto& row : result) on_row(row);
        return result.size();
    }
    /// Appends each statement's result to out as it arrives: when it throws, out holds the
    /// results of the statements before the failure.
    virtual void pipeline(std::span<const Statement> statements, std::vector<Result>& out,
                          const std::source_location& where) = 0;
    /// pipeline() with per-call options (only ExecOptions::prepare applies); this default
    /// ignores them (SQLite).
    virtual void pipeline_with(std::span<const Statement> statements, std::vector<Result>& out,
                               const ExecOptions& /*options*/, const std::source_location& where) {
        pipeline(statements, out, where);
    }
    virtual std::unique_ptr<CopyWriter::Sink> copy_in(std::string_view table,
                                                      std::span<const std::string> columns) = 0;
    /// Connection::defer. This default runs statement at once (SQLite).
    virtual void defer(Statement statement, const std::source_location& where) {
        (void)execute(statement.sql, statement.params, {}, where);
    }
    [[nodiscard]] virtual bool has_deferred() const { return false; }
    virtual bool drop_deferred() noexcept { return false; }
    virtual std::shared_ptr<CancelHandle> cancel_handle() = 0;
    virtual bool ping() = 0;
    virtual bool poll_alive() = 0;
    virtual bool run_within(std::string_view sql, std::chrono::milliseconds timeout) = 0;
    [[nodiscard]] virtual TransactionState transaction_state() const = 0;
    [[nodiscard]] virtual bool is_broken() const = 0;
    [[nodiscard]] virtual int server_version() const = 0;
    [[nodiscard]] virtual const std::string& redacted_url() const = 0;
    [[nodiscard]] virtual std::size_t prepared_statements() const = 0;
    [[nodiscard]] virtual int backend_pid() const = 0;
    [[nodiscard]] virtual std::chrono::steady_clock::time_point opened_at() const = 0;
};

/// Backend factories (src/driver/pg/pg_connection.cpp, src/driver/sqlite/sqlite_connection.cpp).
std::unique_ptr<ConnectionImpl> open_pg(const ConnectOptions& options);
std::unique_ptr<ConnectionImpl> open_sqlite(const ConnectOptions& options);

}  // namespace strata::driver
