// MigrationLock: one migration run at a time per database (PostgreSQL session advisory lock).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "strata/driver/connection.hpp"

namespace strata::migrate {

/// Stable 64-bit advisory lock key for a name (FNV-1a 64 of the UTF-8 bytes, as a signed
/// bigint). The same name gives the same key in every process and version of strata.
[[nodiscard]] std::int64_t advisory_key(std::string_view name);

/// Holds `pg_advisory_lock(key)` at session level on a dedicated connection for its lifetime.
/// Taken with pg_try_advisory_lock in a loop with backoff (never a blocking lock, so a
/// CREATE INDEX CONCURRENTLY in the holder cannot deadlock with a waiter), up to a timeout;
/// while waiting it reports who holds the lock through on_wait. Move-only; not thread-safe.
class MigrationLock {
public:
    using WaitReport = std::function<void(const std::string& holder)>;

    /// Throws TimeoutError naming the holder when the lock is not free within timeout.
    MigrationLock(driver::Connection& conn, std::string_view name,
                  std::chrono::milliseconds timeout, const WaitReport& on_wait = {});
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;
    ~MigrationLock();

    /// A description of the session holding key ("pid 123, user app, application strata up,
    /// since 12:00:01"), or empty when nobody does.
    static std::string describe_holder(driver::Connection& conn, std::int64_t key);

private:
    driver::Connection* conn_;
    std::int64_t key_;
};

}  // namespace strata::migrate
