// Pool and Lease: acquire with a hard cap and a timeout, health checks on the way out and back.
#include "strata/session/pool.hpp"

#include <fmt/format.h>

#include <utility>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::session {

using Clock = std::chrono::steady_clock;
using driver::Connection;
using driver::TransactionState;

// ---- Lease ----

Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)), conn_(std::move(other.conn_)), discard_(other.discard_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = std::move(other.pool_);
        conn_ = std::move(other.conn_);
        discard_ = other.discard_;
    }
    return *this;
}

Lease::~Lease() {
    release();
}

void Lease::release() noexcept {
    if (!conn_) return;
    if (!discard_) {
        try {
            const bool broken = conn_->is_broken();
            if (!broken && conn_->transaction_state() == TransactionState::in_transaction) {
                // Left open by its user: roll back so the next borrower starts clean.
                conn_->execute_script("ROLLBACK");
                discard_ = conn_->transaction_state() != TransactionState::idle;
            } else if (broken || conn_->transaction_state() != TransactionState::idle) {
                // Broken, or failed, active or unknown: never pooled again (closing rolls back
                // server-side).
                discard_ = true;
            }
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

bool Pool::too_old(const Connection& conn, Clock::time_point now) const {
    return options_.recycle.count() > 0 && now - conn.opened_at() >= options_.recycle;
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
        case CloseReason::cleared:
            break;
    }
    available_.notify_one();
}

Lease Pool::acquire() {
    const auto deadline = Clock::now() + options_.timeout;
    std::unique_lock lock(mutex_);
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
            const bool alive = !entry.conn->is_broken() && entry.conn->ping();
            if (alive) return Lease(shared_from_this(), std::move(entry.conn));
            log::info("pool '{}': replacing a dead connection (backend {})", name_,
                      entry.conn->backend_pid());
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
    {
        std::lock_guard lock(mutex_);
        const auto now = Clock::now();
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
