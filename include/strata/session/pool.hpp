// Pool: a thread-safe, hard-capped pool of driver connections, and the Lease that borrows one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "strata/driver/connection.hpp"

namespace strata::session {

/// How a Pool sizes and checks its connections (DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_RECYCLE,
/// DB_POOL_TIMEOUT).
struct PoolOptions {
    /// Connections kept open when idle.
    std::size_t size = 5;
    /// Extra connections opened under load and closed when returned; size + max_overflow is the
    /// hard cap on open connections.
    std::size_t max_overflow = 10;
    /// Connections older than this are closed on return or acquire; zero = never. Each
    /// connection's own limit is recycle × (1 + a fraction up to recycle_jitter), fixed when it
    /// opens, so connections opened together are not all closed (and reopened) at once.
    std::chrono::milliseconds recycle{0};
    double recycle_jitter = 0.1;
    /// Idle connections unused for longer than this are closed (on the next acquire or return);
    /// zero = never.
    std::chrono::milliseconds idle_timeout{0};
    /// How long acquire() waits for a free slot before throwing TimeoutError.
    std::chrono::milliseconds timeout{30'000};
    /// Ping a connection that sat idle longer than pre_ping_after before handing it out, and
    /// replace it when dead. The ping waits no longer than what is left of acquire()'s timeout:
    /// a server that does not answer (stopped, unreachable) counts as dead.
    bool pre_ping = true;
    std::chrono::milliseconds pre_ping_after{1'000};
    /// Giving a connection back (ROLLBACK of a transaction left open, the session reset) waits
    /// at most this long for the server; a connection that does not answer is closed instead.
    std::chrono::milliseconds return_timeout{5'000};
};

/// Counters for tests and `strata doctor`. A snapshot; consistent at the instant it was taken.
struct PoolStats {
    std::size_t open = 0;           ///< connections open now (idle + in use + being opened)
    std::size_t idle = 0;           ///< open and waiting in the pool
    std::size_t in_use = 0;         ///< leased out (or being opened for a lease)
    std::size_t peak = 0;           ///< the most connections ever open at once
    std::size_t waiting = 0;        ///< threads blocked in acquire()
    std::uint64_t created = 0;      ///< connections opened
    std::uint64_t closed = 0;       ///< connections closed, for any reason
    std::uint64_t discarded = 0;    ///< closed because broken, dead on ping or left mid-transaction
    std::uint64_t recycled = 0;     ///< closed because older than the recycle age
    std::uint64_t idle_closed = 0;  ///< closed because idle longer than idle_timeout
    std::uint64_t overflow_closed = 0;  ///< closed on return because the pool was above size
    std::uint64_t timeouts = 0;         ///< acquire() calls that gave up
};

class Pool;

/// Resets what a borrower may have left on a pooled PostgreSQL session (see Lease), waiting at
/// most timeout for the server; true when the connection is clean and idle afterwards. Does
/// nothing for SQLite. Never throws.
[[nodiscard]] bool reset_session_state(driver::Connection& conn,
                                       std::chrono::milliseconds timeout) noexcept;

/// A borrowed connection. Move-only RAII: the destructor gives the connection back to its pool.
/// A connection left inside a transaction is rolled back first (and closed if that fails); one
/// that is broken or in a failed transaction is closed, never pooled again. On PostgreSQL the
/// session state a borrower may have left (session SET and set_config(..., false), search_path,
/// SET ROLE, SET SESSION AUTHORIZATION, temp tables, LISTEN, WITH HOLD cursors) is reset before
/// the connection goes back (RESET ALL; RESET ROLE; ...: reset_session_state); a connection that
/// cannot be reset is closed.
/// Thread-safety: like Connection, one thread at a time.
class Lease {
public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    [[nodiscard]] driver::Connection& connection() { return *conn_; }
    [[nodiscard]] driver::Connection& operator*() { return *conn_; }
    [[nodiscard]] driver::Connection* operator->() { return conn_.get(); }
    [[nodiscard]] explicit operator bool() const { return conn_ != nullptr; }

    /// Marks the connection unfit for reuse: it is closed instead of returned.
    void discard() noexcept { discard_ = true; }
    /// Says the session holds nothing to reset: nothing ran on it since it was borrowed (a
    /// transaction whose BEGIN never left), or the reset already ran (with COMMIT). Giving it
    /// back then skips the reset round trip. Only for what the caller knows; any statement run
    /// afterwards needs the reset again, so call it last, right before release().
    void mark_clean() noexcept { clean_ = true; }
    /// Gives the connection back now (the destructor does nothing afterwards).
    void release() noexcept;
    /// The pool this lease borrows from (null for an empty lease): a Transaction asks it for
    /// another connection to learn what became of a COMMIT whose connection was lost.
    [[nodiscard]] const std::shared_ptr<Pool>& pool() const noexcept { return pool_; }

private:
    friend class Pool;
    Lease(std::shared_ptr<Pool> pool, std::unique_ptr<driver::Connection> conn)
        : pool_(std::move(pool)), conn_(std::move(conn)) {}

    std::shared_ptr<Pool> pool_;
    std::unique_ptr<driver::Connection> conn_;
    bool discard_ = false;
    bool clean_ = false;
};

/// A hard-capped pool of connections made by a factory. Create with Pool::create (leases keep
/// the pool alive). Idle connections are handed out most-recently-used first.
///
/// After a connection is found dead (a ping failed, or one came back broken) every idle
/// connection last returned before that moment is pinged before use, so after a server restart the
/// next acquire() replaces the dead connections by itself.
/// Thread-safety: every member is thread-safe (one mutex and a condition variable).
class Pool : public std::enable_shared_from_this<Pool> {
public:
    using Factory = std::function<driver::Connection()>;

    /// name appears in errors and logs ("main"); factory opens one connection (may throw).
    [[nodiscard]] static std::shared_ptr<Pool> create(std::string name, PoolOptions options,
                                                      Factory factory);

    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;
    ~Pool();

    /// Borrows a connection: an idle one, or a new one while under the hard cap, or waits up to
    /// options().timeout for one to come back; TimeoutError naming the pool and its size then.
    /// Errors from opening a connection (ConnectionError) propagate.
    [[nodiscard]] Lease acquire();

    [[nodiscard]] PoolStats stats() const;
    [[nodiscard]] const PoolOptions& options() const { return options_; }
    [[nodiscard]] const std::string& name() const { return name_; }
    /// size + max_overflow.
    [[nodiscard]] std::size_t hard_cap() const { return options_.size + options_.max_overflow; }
    /// Closes every idle connection now.
    void clear();
    /// The age at which conn is recycled: options().recycle stretched by conn's own jitter
    /// (between recycle and recycle × (1 + recycle_jitter)); zero when recycling is off.
    [[nodiscard]] std::chrono::milliseconds recycle_age(const driver::Connection& conn) const;

private:
    struct Idle {
        std::unique_ptr<driver::Connection> conn;
        std::chrono::steady_clock::time_point returned_at;
    };
    enum class CloseReason : std::uint8_t { discarded, recycled, overflow, cleared, idle };

    Pool(std::string name, PoolOptions options, Factory factory);
    friend class Lease;
    void give_back(std::unique_ptr<driver::Connection> conn, bool discard) noexcept;
    void count_close_locked(CloseReason reason) noexcept;
    /// Moves idle connections unused for longer than idle_timeout into doomed (closed by the
    /// caller outside the lock).
    void expire_idle_locked(std::chrono::steady_clock::time_point now, std::deque<Idle>& doomed);
    [[nodiscard]] bool too_old(const driver::Connection& conn,
                               std::chrono::steady_clock::time_point now) const;
    /// Last seen alive before a dead connection was found: ping before use.
    [[nodiscard]] bool suspect(const Idle& entry) const;

    std::string name_;
    PoolOptions options_;
    Factory factory_;

    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::deque<Idle> idle_;
    std::size_t open_ = 0;
    std::chrono::steady_clock::time_point suspect_before_{};
    PoolStats counters_;
};

}  // namespace strata::session
