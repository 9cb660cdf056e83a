// Advisory locks: session-level on a leased connection, and transaction-level on a Session.
#include "strata/session/advisory_lock.hpp"

#include <algorithm>
#include <thread>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::session {

std::int64_t advisory_key(std::string_view name) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a 64 offset basis
    for (unsigned char c : name) {
        h ^= c;
        h *= 1099511628211ULL;  // FNV-1a 64 prime
    }
    return static_cast<std::int64_t>(h);
}

namespace {

void require_pg(driver::Connection& conn) {
    if (conn.backend() != driver::Backend::postgres) {
        throw UsageError("advisory locks need PostgreSQL; SQLite has none (it serialises writers)");
    }
}

}  // namespace

AdvisoryLock::AdvisoryLock(Database& db, std::string_view name)
    : lease_(db.acquire()), name_(name), key_(advisory_key(name)) {
    require_pg(*lease_);
    lease_->query("SELECT pg_advisory_lock($1)", key_);
}

std::optional<AdvisoryLock> AdvisoryLock::try_lock(Database& db, std::string_view name,
                                                   std::chrono::milliseconds timeout) {
    auto lease = db.acquire();
    require_pg(*lease);
    const auto key = advisory_key(name);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds{5};
    for (;;) {
        if (lease->query("SELECT pg_try_advisory_lock($1)", key).scalar<bool>()) {
            return AdvisoryLock(std::move(lease), std::string(name), key);
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return std::nullopt;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds{100});
    }
}

AdvisoryLock& AdvisoryLock::operator=(AdvisoryLock&& other) noexcept {
    if (this != &other) {
        unlock();
        lease_ = std::move(other.lease_);
        name_ = std::move(other.name_);
        key_ = other.key_;
    }
    return *this;
}

AdvisoryLock::~AdvisoryLock() {
    unlock();
}

void AdvisoryLock::unlock() noexcept {
    if (!lease_) return;
    try {
        if (!lease_->query("SELECT pg_advisory_unlock($1)", key_).scalar<bool>()) lease_.discard();
    } catch (const std::exception& e) {
        // Closing the connection ends its session, which releases the lock.
        log::warn("advisory lock \"{}\": unlock failed ({}); closing its connection", name_,
                  e.what());
        lease_.discard();
    }
    lease_.release();
}

void xact_lock(Session& s, std::string_view name) {
    if (s.backend() != driver::Backend::postgres)
        throw UsageError("advisory locks need PostgreSQL");
    s.query("SELECT pg_advisory_xact_lock($1)", advisory_key(name));
}

bool try_xact_lock(Session& s, std::string_view name) {
    if (s.backend() != driver::Backend::postgres)
        throw UsageError("advisory locks need PostgreSQL");
    return s.query("SELECT pg_try_advisory_xact_lock($1)", advisory_key(name)).scalar<bool>();
}

}  // namespace strata::session
