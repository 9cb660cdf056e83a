// Session: what repositories and queries see of a transaction; it can run SQL but not end it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/driver/connection.hpp"

namespace strata::session {

class Transaction;

/// A non-owning handle on the connection of one transaction, valid until that transaction ends
/// (afterwards every call throws UsageError). It has no commit() or rollback(): the service that
/// opened the transaction (Database::transact, Transaction) decides how it ends. Nested work
/// goes through transact(), which uses a savepoint. It holds no state that outlives its
/// transaction, so it is safe behind a transaction-mode pooler (PgBouncer).
/// Thread-safety: not thread-safe; one thread uses it (as with a Connection).
class Session {
public:
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    Session(Session&&) = delete;
    Session& operator=(Session&&) = delete;
    ~Session() = default;

    /// Runs one statement with bound parameters; throws a SqlError subclass on failure.
    driver::Result execute(std::string_view sql, std::span<const driver::Value> params = {},
                           const driver::ExecOptions& options = {},
                           std::source_location where = std::source_location::current());

    /// Runs one statement and hands each row to on_row as it arrives, never holding the whole
    /// result (driver::Connection::for_each_row); returns the number of rows.
    std::uint64_t for_each_row(std::string_view sql, std::span<const driver::Value> params,
                               const std::function<void(const driver::Row&)>& on_row,
                               std::source_location where = std::source_location::current());

    /// Runs one statement; every argument is bound as a parameter ($1, $2 / ?1, ?2). The SQL
    /// text carries the caller's source location (driver::Connection::SqlAt), which errors name.
    template <class... Args>
    driver::Result query(driver::Connection::SqlAt sql, const Args&... args) {
        return conn().query(sql, args...);
    }

    /// Runs a script of statements without parameters.
    void execute_script(std::string_view sql,
                        std::source_location where = std::source_location::current());
    /// Sends every statement before reading results (PostgreSQL pipeline mode).
    std::vector<driver::Result> pipeline(
        std::span<const driver::Statement> statements,
        std::source_location where = std::source_location::current());
    /// Bulk load (binary COPY on PostgreSQL); part of this transaction.
    driver::CopyWriter copy_in(std::string_view table, std::span<const std::string> columns);

    /// Holds statement back and sends it in the same round trip as the next statement
    /// (driver::Connection::defer): how BEGIN and the tenant settings of apply_scope travel.
    void defer(driver::Statement statement,
               std::source_location where = std::source_location::current());
    /// True while this transaction's BEGIN (and deferred settings) wait for its first statement.
    [[nodiscard]] bool has_deferred() const;

    [[nodiscard]] driver::Backend backend() const;
    /// Cancels the running statement from another thread.
    [[nodiscard]] std::shared_ptr<driver::CancelHandle> cancel_handle();
    /// Backend process id (pg_backend_pid); 0 for SQLite.
    [[nodiscard]] int backend_pid() const;
    /// False once the transaction that made this Session has ended.
    [[nodiscard]] bool valid() const { return conn_ != nullptr; }

    /// Runs fn(*this) inside SAVEPOINT sp_N: RELEASE when fn returns, ROLLBACK TO (keeping the
    /// outer work) and rethrow when it throws. Returns fn's value.
    template <class Fn>
    auto transact(Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        using R = std::invoke_result_t<Fn&, Session&>;
        if constexpr (std::is_void_v<R>) {
            run_savepoint([&](Session& s) { fn(s); });
        } else {
            std::optional<R> out;
            run_savepoint([&](Session& s) { out.emplace(fn(s)); });
            return std::move(*out);
        }
    }
    /// pg_advisory_xact_lock on the stable 64-bit key of name (strata::advisory_key): held
    /// until this transaction commits or rolls back; blocks until taken. The same as
    /// strata::xact_lock(*this, name). Throws UsageError on SQLite.
    void xact_lock(std::string_view name);
    /// pg_try_advisory_xact_lock: true when taken (held until the transaction ends), false
    /// when another session holds it. The same as strata::try_xact_lock(*this, name).
    [[nodiscard]] bool try_xact_lock(std::string_view name);

    /// Same as transact(fn): the name says what it does inside a transaction.
    template <class Fn>
    auto savepoint(Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        return transact(std::forward<Fn>(fn));
    }

private:
    friend class Transaction;
    explicit Session(driver::Connection& conn) : conn_(&conn) {}
    driver::Connection& conn();
    [[nodiscard]] const driver::Connection& conn() const;
    void run_savepoint(const std::function<void(Session&)>& fn);
    void invalidate() noexcept { conn_ = nullptr; }

    driver::Connection* conn_;
    std::size_t savepoints_ = 0;
};

/// A type T can end its transaction (the Session must never satisfy this).
template <class T>
concept CanEndTransaction = requires(T& t) { t.commit(); } || requires(T& t) { t.rollback(); };

static_assert(!CanEndTransaction<Session>, "a Session must not commit or roll back");

}  // namespace strata::session

namespace strata {
using session::Session;
}  // namespace strata
