// Pool and Lease: acquire with a hard cap and a timeout, health checks on the way out and back.
#include "strata/session/pool.hpp"

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/session_reset.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::session {

using Clock = std::chrono::steady_clock;
using driver::Connection;
using driver::TransactionState;

// ---- Lease ----

// What a borrower can leave on a PostgreSQL session, undone before the next one borrows it:
// session-level SET / set_config(..., false) / search_path (RESET ALL), SET ROLE and SET SESSION
// AUTHORIZATION (which RESET ALL leaves alone), WITH HOLD cursors, LISTEN, temp tables, sequence
// state. Not DISCARD ALL: it also drops the driver's prepared statements (every statement is
// prepared again after each return; see docs/benchmarks.md for the measured cost) and, behind a
// transaction pooler, would deallocate statements of other clients. Not pg_advisory_unlock_all():
// behind a transaction pooler it would release another client's session lock (AdvisoryLock
// unlocks its own).
constexpr std::string_view kResetSessionSql =
    "SET SESSION AUTHORIZATION DEFAULT; RESET ALL; RESET ROLE; CLOSE ALL; UNLISTEN *; "
    "DISCARD TEMP; DISCARD SEQUENCES";

std::string_view session_reset_script() {
    return kResetSessionSql;
}

bool reset_session_state(Connection& conn, std::chrono::milliseconds timeout) noexcept {
    try {
        if (conn.backend() != driver::Backend::postgres) return true;
        return conn.run_within(kResetSessionSql, timeout) &&
               conn.transaction_state() == TransactionState::idle;
    } catch (...) {
        return false;  // not known to be clean: closed instead of pooled
    }
}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)),
      conn_(std::move(other.conn_)),
      discard_(other.discard_),
      clean_(other.clean_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        conn_ = std::move(other.conn_);
        discard_ = other.discard_;
        clean_ = other.clean_;
    }
    return *this;
}

Lease::~Lease() {
    release();
}

void Lease::release() noexcept {
    if (!conn_) return;
    if (!discard_) {
        // Bounded waits only: a server that stopped answering costs at most return_timeout,
        // and the connection is then closed, never pooled.
        const auto timeout = pool_ ? pool_->options().return_timeout : PoolOptions{}.return_timeout;
        try {
            const bool broken = conn_->is_broken();
            if (!broken && conn_->transaction_state() == TransactionState::in_transaction) {
                // Left open by its user: roll back so the next borrower starts clean.
                discard_ = !conn_->run_within("ROLLBACK", timeout) ||
                           conn_->transaction_state() != TransactionState::idle;
            } else if (broken || conn_->transaction_state() != TransactionState::idle) {
                // Broken, or failed, active or unknown: never pooled again (closing rolls back
                // server-side).
                discard_ = true;
            }
            if (!discard_ && !clean_) discard_ = !reset_session_state(*conn_, timeout);
        } catch (...) {
            discard_ = true;
        }
    }
    auto pool = std::move(pool_);
    if (pool) {
        pool->give_back(std::move(conn_), discard_);
    } else {
        conn_.reset();
    }
    discard_ = false;
    clean_ = false;
}

// ---- Pool ----

std::shared_ptr<Pool> Pool::create(std::string name, PoolOptions options, Factory factory) {
    if (options.size + options.max_overflow == 0) {
        throw UsageError(fmt::format("pool '{}': size + max_overflow must be at least 1", name));
    }
    return std::shared_ptr<Pool>(new Pool(std::move(name), options, std::move(factory)));
}

Pool::Pool(std::string name, PoolOptions options, Factory factory)
    : name_(std::move(name)), options_(options), factory_(std::move(factory)) {}

Pool::~Pool() = default;

std::chrono::milliseconds Pool::recycle_age(const Connection& conn) const {
    if (options_.recycle.count() <= 0) return std::chrono::milliseconds{0};
    // A fraction in [0, 1) fixed per connection (its open time and backend, mixed by
    // splitmix64), so a connection's limit does not change between checks.
    auto x = static_cast<std::uint64_t>(conn.opened_at().time_since_epoch().count()) ^
             (static_cast<std::uint64_t>(conn.backend_pid()) << 32U);
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    x ^= x >> 31U;
    const double fraction = static_cast<double>(x >> 11U) / static_cast<double>(1ULL << 53U);
    const double jitter = std::max(0.0, options_.recycle_jitter) * fraction;
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(options_.recycle.count()) * (1.0 + jitter)));
}

bool Pool::too_old(const Connection& conn, Clock::time_point now) const {
    return options_.recycle.count() > 0 && now - conn.opened_at() >= recycle_age(conn);
}

void Pool::expire_idle_locked(Clock::time_point now, std::deque<Idle>& doomed) {
    if (options_.idle_timeout.count() <= 0) return;
    // Oldest first: idle_ is most-recently-returned last.
    while (!idle_.empty() && now - idle_.front().returned_at >= options_.idle_timeout) {
        doomed.push_back(std::move(idle_.front()));
        idle_.pop_front();
        count_close_locked(CloseReason::idle);
    }
}

bool Pool::suspect(const Idle& entry) const {
    return entry.returned_at < suspect_before_;
}

void Pool::count_close_locked(CloseReason reason) noexcept {
    --open_;
    ++counters_.closed;
    switch (reason) {
        case CloseReason::discarded:
            ++counters_.discarded;
            break;
        case CloseReason::recycled:
            ++counters_.recycled;
            break;
        case CloseReason::overflow:
            ++counters_.overflow_closed;
            break;
        case CloseReason::idle:
            ++counters_.idle_closed;
            break;
        case CloseReason::cleared:
            break;
    }
    available_.notify_one();
}

Lease Pool::acquire() {
    const auto deadline = Clock::now() + options_.timeout;
    std::deque<Idle> expired;
    std::unique_lock lock(mutex_);
    expire_idle_locked(Clock::now(), expired);
    if (!expired.empty()) {
        lock.unlock();
        expired.clear();  // closed outside the lock
        lock.lock();
    }
    for (;;) {
        while (!idle_.empty()) {
            Idle entry = std::move(idle_.back());
            idle_.pop_back();
            const auto now = Clock::now();
            if (too_old(*entry.conn, now)) {
                count_close_locked(CloseReason::recycled);
                lock.unlock();
                entry.conn.reset();
                lock.lock();
                continue;
            }
            const bool check = suspect(entry) || (options_.pre_ping && now - entry.returned_at >=
                                                                           options_.pre_ping_after);
            if (!check) return Lease(shared_from_this(), std::move(entry.conn));
            lock.unlock();  // the connection counts as in use while it is pinged
            // No longer than acquire() may take: a server that does not answer is dead to us.
            const auto left = std::max(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
                std::chrono::milliseconds{1});
            try {  // whatever throws here, the slot is given back below (the cap never shrinks)
                if (!entry.conn->is_broken() && entry.conn->ping(left)) {
                    return Lease(shared_from_this(), std::move(entry.conn));
                }
                log::info("pool '{}': replacing a dead connection (backend {})", name_,
                          entry.conn->backend_pid());
            } catch (...) {  // treated as dead: closed and counted below
            }
            entry.conn.reset();
            lock.lock();
            suspect_before_ = now;  // a dead one suggests its elders are dead too (server restart)
            count_close_locked(CloseReason::discarded);
        }
        if (open_ < hard_cap()) {
            ++open_;
            counters_.peak = std::max(counters_.peak, open_);
            lock.unlock();
            try {
                auto conn = std::make_unique<Connection>(factory_());
                lock.lock();
                ++counters_.created;
                lock.unlock();
                return Lease(shared_from_this(), std::move(conn));
            } catch (...) {
                lock.lock();
                --open_;
                available_.notify_one();
                throw;
            }
        }
        ++counters_.waiting;
        const bool ready = available_.wait_until(
            lock, deadline, [&] { return !idle_.empty() || open_ < hard_cap(); });
        --counters_.waiting;
        if (!ready) {
            ++counters_.timeouts;
            throw TimeoutError(fmt::format(
                "pool '{}': no connection free after waiting {} ms; all {} connections are in use "
                "(size {} + max_overflow {}); raise DB_POOL_SIZE/DB_MAX_OVERFLOW or release "
                "connections sooner",
                name_, options_.timeout.count(), open_, options_.size, options_.max_overflow));
        }
    }
}

void Pool::give_back(std::unique_ptr<Connection> conn, bool discard) noexcept {
    std::unique_ptr<Connection> doomed;
    std::deque<Idle> expired;
    {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
        expire_idle_locked(now, expired);
        const bool broken = conn->is_broken();
        if (discard || broken) {
            if (broken) suspect_before_ = now;
            count_close_locked(CloseReason::discarded);
            doomed = std::move(conn);
        } else if (too_old(*conn, now)) {
            count_close_locked(CloseReason::recycled);
            doomed = std::move(conn);
        } else if (open_ > options_.size && counters_.waiting == 0) {
            // Overflow: closed when nobody waits (a waiter would only open a new one).
            count_close_locked(CloseReason::overflow);
            doomed = std::move(conn);
        } else {
            idle_.push_back(Idle{std::move(conn), now});
            available_.notify_one();
        }
    }
    doomed.reset();  // closed outside the lock
}

PoolStats Pool::stats() const {
    std::lock_guard lock(mutex_);
    PoolStats s = counters_;
    s.open = open_;
    s.idle = idle_.size();
    s.in_use = open_ - idle_.size();
    return s;
}

void Pool::clear() {
    std::deque<Idle> doomed;
    {
        std::lock_guard lock(mutex_);
        doomed.swap(idle_);
        for (std::size_t i = 0; i < doomed.size(); ++i) count_close_locked(CloseReason::cleared);
    }
}

}  // namespace strata::session
