// Commit outcome after a lost connection: pg_xact_status asked on another pooled connection.
#include "session/commit_outcome.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "session/session_reset.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/session/transaction.hpp"

namespace strata::session {

namespace {
constexpr int kXid8Version = 130000;  // pg_current_xact_id / pg_xact_status (xid8) since 13
constexpr const char* kXid8IdSql = "SELECT pg_current_xact_id_if_assigned()::text";
constexpr const char* kTxidIdSql = "SELECT txid_current_if_assigned()::text";
}  // namespace

const std::string& commit_and_reset_script(const driver::Connection& conn) {
    static const auto script = [](const char* id_sql) {
        return fmt::format("{}; COMMIT; {}", id_sql, session_reset_script());
    };
    static const std::string xid8 = script(kXid8IdSql);
    static const std::string txid = script(kTxidIdSql);
    return conn.server_version() >= kXid8Version ? xid8 : txid;
}

CommitStatus transaction_status(driver::Connection& conn, std::string_view xid) {
    if (conn.backend() != driver::Backend::postgres)
        throw UsageError("transaction_status needs PostgreSQL");
    const char* sql = conn.server_version() >= kXid8Version
                          ? "SELECT pg_xact_status($1::text::xid8)"
                          : "SELECT txid_status($1::text::bigint)";
    const auto status = conn.query(sql, std::string(xid)).scalar<std::optional<std::string>>();
    if (!status) return CommitStatus::unknown;
    if (*status == "committed") return CommitStatus::committed;
    if (*status == "aborted") return CommitStatus::aborted;
    if (*status == "in progress") return CommitStatus::in_progress;
    return CommitStatus::unknown;
}

void resolve_lost_commit(Pool& pool, bool id_received, const std::optional<std::string>& xid,
                         std::chrono::milliseconds timeout, const std::string& cause) {
    if (!id_received) {
        throw CommitOutcomeUnknown(fmt::format(
            "the connection was lost during COMMIT before the transaction id arrived, so the "
            "transaction may or may not have been committed; it was not retried: {}",
            cause));
    }
    if (!xid) {
        log::info(
            "the connection was lost during COMMIT of a transaction that wrote nothing "
            "(no transaction id): nothing to lose ({})",
            cause);
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds{5};
    std::string last = "was not asked";
    for (;;) {
        CommitStatus status = CommitStatus::unknown;
        bool answered = false;
        try {
            Lease lease = pool.acquire();
            status = transaction_status(*lease, *xid);
            answered = true;
        } catch (const Error& e) {
            last = fmt::format("could not be asked: {}", e.what());
        }
        if (status == CommitStatus::committed) {
            log::info(
                "the connection was lost during COMMIT; the server says transaction {} "
                "committed ({})",
                *xid, cause);
            return;
        }
        if (status == CommitStatus::aborted) {
            throw CommitRolledBack(fmt::format(
                "the connection was lost during COMMIT and the server says transaction {} was "
                "rolled back: nothing of it was committed, running it again is safe: {}",
                *xid, cause));
        }
        if (answered && status == CommitStatus::unknown) {
            last = "no longer knows it";  // asking again will not help
            break;
        }
        if (answered) last = "says it is still in progress";
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds{200});
    }
    throw CommitOutcomeUnknown(
        fmt::format("the connection was lost during COMMIT and the outcome of transaction {} is "
                    "still in doubt (the server {}); it was not retried. Check it later with "
                    "strata::session::transaction_status(conn, \"{}\"): {}",
                    *xid, last, *xid, cause),
        xid);
}

}  // namespace strata::session
