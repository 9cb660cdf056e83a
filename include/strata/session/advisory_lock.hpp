// AdvisoryLock: a PostgreSQL session-level advisory lock held on a dedicated connection (RAII).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "strata/session/database.hpp"

namespace strata::session {

/// The stable 64-bit key for a lock name: FNV-1a 64 over the name's UTF-8 bytes, as a signed
/// bigint. The same function as strata::migrate::advisory_key, so the same name is the same lock
/// in every process, language and strata version. Thread-safety: pure function.
[[nodiscard]] std::int64_t advisory_key(std::string_view name);

/// pg_advisory_lock(advisory_key(name)) on a connection leased from db for the lock's lifetime;
/// pg_advisory_unlock on destruction (if that fails the connection is closed, which releases the
/// lock, instead of going back to the pool). Mutual exclusion holds across processes and
/// machines sharing the database. Not reentrant across objects: a second AdvisoryLock on the
/// same name in the same process waits like any other session. Holds one pool connection.
/// Move-only; one thread at a time.
///
///     strata::AdvisoryLock lock{db, "rebuild-search"};   // blocks until taken
class AdvisoryLock {
public:
    /// Blocks until the lock is taken. Throws UsageError on SQLite.
    AdvisoryLock(Database& db, std::string_view name);
    /// Tries for up to timeout (polling pg_try_advisory_lock; zero = one attempt); nullopt when
    /// another session holds it throughout.
    [[nodiscard]] static std::optional<AdvisoryLock> try_lock(
        Database& db, std::string_view name,
        std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

    AdvisoryLock(AdvisoryLock&& other) noexcept = default;
    AdvisoryLock& operator=(AdvisoryLock&& other) noexcept;
    AdvisoryLock(const AdvisoryLock&) = delete;
    AdvisoryLock& operator=(const AdvisoryLock&) = delete;
    ~AdvisoryLock();

    /// Releases now (the destructor then does nothing). Never throws.
    void unlock() noexcept;
    [[nodiscard]] bool held() const { return static_cast<bool>(lease_); }
    [[nodiscard]] std::int64_t key() const { return key_; }
    [[nodiscard]] const std::string& name() const { return name_; }

private:
    AdvisoryLock(Lease lease, std::string name, std::int64_t key)
        : lease_(std::move(lease)), name_(std::move(name)), key_(key) {}

    Lease lease_;
    std::string name_;
    std::int64_t key_ = 0;
};

/// pg_advisory_xact_lock(advisory_key(name)) in s's transaction: held until it commits or rolls
/// back (safe behind a transaction-mode pooler). Blocks until taken.
void xact_lock(Session& s, std::string_view name);
/// pg_try_advisory_xact_lock: true when taken.
[[nodiscard]] bool try_xact_lock(Session& s, std::string_view name);

}  // namespace strata::session

namespace strata {
using session::advisory_key;
using session::AdvisoryLock;
using session::try_xact_lock;
using session::xact_lock;
}  // namespace strata
