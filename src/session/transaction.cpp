// Transaction: BEGIN with options, COMMIT/ROLLBACK, and the rollback a destructor owes.
#include "strata/session/transaction.hpp"

#include <fmt/format.h>

#include "session/commit_outcome.hpp"
#include "strata/core/log.hpp"

namespace strata::session {

using driver::Backend;
using driver::TransactionState;

namespace {

std::string_view isolation_sql(Isolation level) {
    switch (level) {
        case Isolation::read_committed:
            return "READ COMMITTED";
        case Isolation::repeatable_read:
            return "REPEATABLE READ";
        case Isolation::serializable:
            return "SERIALIZABLE";
    }
    return "READ COMMITTED";
}

}  // namespace

bool is_connection_lost(const std::exception& e) noexcept {
    const auto* error = dynamic_cast<const Error*>(&e);
    return error != nullptr && error->poisons_connection();
}

Transaction::Transaction(Lease lease, const TransactOptions& options)
    : lease_(std::move(lease)), commit_check_timeout_(options.commit_check_timeout) {
    if (!lease_) throw UsageError("Transaction: the lease holds no connection");
    driver::Connection& c = lease_.connection();
    if (c.backend() == Backend::postgres) {
        // A pooled connection the server has ended since its last use shows it without a
        // round trip (the server's goodbye is already in the socket): it is replaced before
        // fn runs, as a failing BEGIN used to be (Database::begin).
        if (!c.poll_alive()) {
            throw ConnectionError(fmt::format(
                "the connection to {} was lost before the transaction began", c.redacted_url()));
        }
        std::string sql = "BEGIN";
        if (options.isolation)
            sql += fmt::format(" ISOLATION LEVEL {}", isolation_sql(*options.isolation));
        if (options.read_only) sql += " READ ONLY";
        // Sent with the first statement, in the same round trip (driver::Connection::defer).
        c.defer({std::move(sql), {}});
    } else {
        // SQLite is serializable whatever the level. Writers take the write lock at BEGIN so a
        // read lock is never upgraded mid-transaction (that upgrade fails with SQLITE_BUSY
        // instead of waiting for busy_timeout).
        c.execute_script(options.read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
        if (options.read_only) {
            reset_query_only_ = true;
            c.execute_script("PRAGMA query_only = ON");
        }
    }
    session_.reset(new Session(c));
}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)),
      session_(std::move(other.session_)),
      reset_query_only_(other.reset_query_only_),
      commit_check_timeout_(other.commit_check_timeout_) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
    if (this != &other) {
        if (active()) {
            try {
                rollback();
            } catch (...) {}
        }
        lease_ = std::move(other.lease_);
        session_ = std::move(other.session_);
        reset_query_only_ = other.reset_query_only_;
        commit_check_timeout_ = other.commit_check_timeout_;
    }
    return *this;
}

Transaction::~Transaction() {
    if (!active()) return;
    // The lease's return path rolls back, waiting for the server no longer than the pool's
    // return_timeout (a destructor must not hang on a server that stopped answering).
    end();
}

Session& Transaction::session() {
    if (!active()) throw UsageError("Transaction::session(): the transaction has ended");
    return *session_;
}

void Transaction::end() noexcept {
    if (session_) session_->invalidate();
    if (lease_ && lease_->drop_deferred()) lease_.mark_clean();  // nothing ran
    if (reset_query_only_ && lease_) {
        reset_query_only_ = false;
        try {
            lease_->execute_script("PRAGMA query_only = OFF");
        } catch (...) {
            lease_.discard();
        }
    }
    lease_.release();
}

void Transaction::commit() {
    if (!active()) throw UsageError("Transaction::commit(): the transaction has already ended");
    driver::Connection& c = lease_.connection();
    if (c.drop_deferred()) {  // nothing ran: BEGIN was never sent, nothing is to commit or reset
        lease_.mark_clean();
        end();
        return;
    }
    if (c.transaction_state() == TransactionState::failed) {
        try {
            c.execute_script("ROLLBACK");
        } catch (...) {
            lease_.discard();
        }
        end();
        throw TransactionAborted(
            "commit(): an earlier statement failed and aborted this transaction (its error was "
            "caught); it was rolled back instead. Catch expected errors inside "
            "Session::transact(), which uses a savepoint");
    }
    if (c.backend() == Backend::postgres) {
        commit_pg();
        return;
    }
    try {
        c.execute_script("COMMIT");
    } catch (...) {
        end();  // the lease rolls back anything left (SQLite)
        throw;
    }
    end();
}

void Transaction::commit_pg() {
    driver::Connection& c = lease_.connection();
    // The transaction id and COMMIT in one round trip, so a lost COMMIT can be looked up, and
    // behind them the session reset the pool would otherwise send when the connection goes
    // back (one round trip less per transaction). One Query message: the server parses the
    // script once and runs its nine statements without a Parse/Bind/Execute each (a third of
    // this round trip's cost in bench/point_select_bench). A COMMIT that fails skips the rest;
    // the lease's return path then resets on its own.
    std::vector<driver::Result> done;
    try {
        c.execute_script(commit_and_reset_script(c), done);
    } catch (const std::exception& e) {
        if (done.size() >= 2) {
            // COMMIT went through; the reset behind it did not. The lease's return path resets
            // again and closes the connection when that fails too.
            if (is_connection_lost(e)) lease_.discard();
            end();
            return;
        }
        if (!is_connection_lost(e)) {
            end();  // the server ended it
            throw;
        }
        const std::shared_ptr<Pool> pool = lease_.pool();
        lease_.discard();
        end();  // the dead connection goes first: asking may need its slot
        std::optional<std::string> xid;
        if (!done.empty()) xid = done.front().scalar<std::optional<std::string>>();
        if (!pool) throw CommitOutcomeUnknown(e.what(), xid);
        resolve_lost_commit(*pool, !done.empty(), xid, commit_check_timeout_, e.what());
        return;
    }
    lease_.mark_clean();
    end();
}

void Transaction::rollback() {
    if (!active()) return;
    if (lease_->drop_deferred()) {  // BEGIN was never sent: nothing to roll back or reset
        lease_.mark_clean();
        end();
        return;
    }
    try {
        lease_->execute_script("ROLLBACK");
    } catch (const std::exception& e) {
        lease_.discard();
        end();
        if (is_connection_lost(e)) return;  // nothing was committed: that is what was asked
        throw;
    }
    end();
}

}  // namespace strata::session
