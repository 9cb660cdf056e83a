// Transaction: a RAII database transaction on a leased connection (rolls back unless committed).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "strata/core/error.hpp"
#include "strata/session/pool.hpp"
#include "strata/session/session.hpp"

namespace strata::session {

/// SQL isolation levels. SQLite transactions are always serializable, so every level is
/// accepted there and changes nothing.
enum class Isolation : std::uint8_t { read_committed, repeatable_read, serializable };

/// How a transaction starts and how transact() retries it.
struct TransactOptions {
    /// nullopt: the server's default (PostgreSQL: read committed unless configured otherwise).
    std::optional<Isolation> isolation{};
    /// PostgreSQL: BEGIN ... READ ONLY (writes fail with SQLSTATE 25006). SQLite: a deferred
    /// BEGIN with PRAGMA query_only for the transaction's duration.
    bool read_only = false;
    /// transact() only: how many times to run fn again after a retryable failure
    /// (SerializationFailure, DeadlockDetected, StaleStatement, a connection lost before COMMIT
    /// was sent, CommitRolledBack). Never after CommitOutcomeUnknown.
    int retries = 0;
    /// First retry waits about this long; each further one twice as long (jittered 0.5x-1.5x,
    /// capped at one second).
    std::chrono::milliseconds backoff{5};
    /// When the connection is lost during COMMIT: how long to keep asking the server (on another
    /// connection) what became of the transaction while it is still in progress or unreachable.
    std::chrono::milliseconds commit_check_timeout{5'000};
};

/// What the server says became of a transaction (pg_xact_status).
enum class CommitStatus : std::uint8_t {
    committed,
    aborted,
    in_progress,
    unknown,  ///< too old for the server to remember, or it could not be asked
};

/// The connection was lost during COMMIT and the outcome could not be learned: the server could
/// not be reached within TransactOptions::commit_check_timeout, the transaction was still in
/// progress, or its id never arrived. Never retried automatically. transaction_id() (when known)
/// can be checked later with transaction_status().
class CommitOutcomeUnknown : public ConnectionError {
public:
    explicit CommitOutcomeUnknown(const std::string& message,
                                  std::optional<std::string> transaction_id = std::nullopt)
        : ConnectionError(message, false), transaction_id_(std::move(transaction_id)) {}
    /// The server's 64-bit transaction id (pg_current_xact_id), as decimal text.
    [[nodiscard]] const std::optional<std::string>& transaction_id() const noexcept {
        return transaction_id_;
    }

private:
    std::optional<std::string> transaction_id_;
};

/// The connection was lost during COMMIT and the server, asked on another connection, says the
/// transaction was rolled back: nothing of it was committed, so running it again is safe
/// (retryable: transact(..., {.retries = N}) does).
class CommitRolledBack : public ConnectionError {
public:
    explicit CommitRolledBack(const std::string& message) : ConnectionError(message, true) {}
};

/// What became of transaction xid (decimal text, as CommitOutcomeUnknown::transaction_id()),
/// asked on conn (PostgreSQL; pg_xact_status, txid_status before PostgreSQL 13).
[[nodiscard]] CommitStatus transaction_status(driver::Connection& conn, std::string_view xid);

/// commit() was called on a transaction that an earlier statement had already aborted (the
/// error was caught and swallowed): PostgreSQL would silently roll it back. It was rolled back.
/// Catch expected errors inside Session::transact (a savepoint) instead.
class TransactionAborted : public Error {
public:
    using Error::Error;
};

/// One transaction on a leased connection. Move-only RAII: destroying it uncommitted rolls back.
/// commit() and rollback() end it and give the connection back to the pool at once.
/// Start one with Database::begin(), or transact() which also retries.
/// Thread-safety: not thread-safe; one thread uses it.
class Transaction {
public:
    /// Begins on lease's connection:
    ///   PostgreSQL: BEGIN [ISOLATION LEVEL ...] [READ ONLY], held back and sent with the first
    ///   statement in one round trip (driver::Connection::defer); a transaction that runs no
    ///   statement sends nothing at all. ConnectionError when the connection is already seen
    ///   lost (poll_alive).
    ///   SQLite: BEGIN IMMEDIATE for writers (takes the write lock up front, so two writers never
    ///   deadlock upgrading a read lock into SQLITE_BUSY), BEGIN DEFERRED for read-only ones.
    Transaction(Lease lease, const TransactOptions& options = {});
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) noexcept;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    /// Rolls back when still open; never throws (a failed rollback closes the connection).
    ~Transaction();

    /// The transaction's Session (UsageError once it has ended).
    [[nodiscard]] Session& session();
    /// Sends COMMIT (with the pool's session reset behind it, same round trip; nothing when no
    /// statement ran). Throws TransactionAborted when an earlier error had aborted it, and the
    /// SqlError when the server refuses (e.g. SerializationFailure at commit: nothing was
    /// committed). On PostgreSQL the transaction id (pg_current_xact_id_if_assigned) is read in
    /// the same round trip as COMMIT; when the connection is lost during COMMIT, another
    /// connection from the pool asks the server what became of it: committed -> returns
    /// normally; rolled back -> CommitRolledBack (retryable); not known within
    /// commit_check_timeout -> CommitOutcomeUnknown with the id. A transaction that wrote
    /// nothing has no id and nothing to lose: it returns normally.
    void commit();
    /// Sends ROLLBACK. A connection lost meanwhile is not an error (nothing was committed).
    void rollback();
    /// True until commit() or rollback().
    [[nodiscard]] bool active() const { return session_ && session_->valid(); }

    /// Runs fn(session()) in a savepoint; see Session::transact.
    template <class Fn>
    auto savepoint(Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        return session().transact(std::forward<Fn>(fn));
    }

private:
    void end() noexcept;

    void commit_pg();

    Lease lease_;
    std::unique_ptr<Session> session_;
    bool reset_query_only_ = false;
    std::chrono::milliseconds commit_check_timeout_{5'000};
};

/// True when e says the connection itself is gone (ConnectionError, or a SqlError that poisons
/// the connection such as 57P01 after pg_terminate_backend).
[[nodiscard]] bool is_connection_lost(const std::exception& e) noexcept;

}  // namespace strata::session

namespace strata {
using session::CommitOutcomeUnknown;
using session::CommitRolledBack;
using session::CommitStatus;
using session::Isolation;
using session::Transaction;
using session::TransactionAborted;
using session::TransactOptions;
}  // namespace strata
