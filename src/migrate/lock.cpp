// The migration lock: pg_try_advisory_lock with backoff, reporting the holder while waiting.
#include "strata/migrate/lock.hpp"

#include "strata/session/advisory_lock.hpp"

#include <algorithm>
#include <thread>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::migrate {

std::int64_t advisory_key(std::string_view name) {
    return session::advisory_key(name);
}

std::string MigrationLock::describe_holder(driver::Connection& conn, std::int64_t key) {
    // A bigint advisory key is stored as classid = high 32 bits, objid = low 32 bits, objsubid 1.
    auto u = static_cast<std::uint64_t>(key);
    auto hi = static_cast<std::int64_t>(u >> 32);
    auto lo = static_cast<std::int64_t>(u & 0xFFFFFFFFULL);
    auto r = conn.query(
        "SELECT a.pid, COALESCE(a.usename::text, ''), COALESCE(a.application_name, ''), "
        "COALESCE(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1",
        hi, lo);
    if (r.empty()) return {};
    auto row = r[0];
    return fmt::format("pid {}, user {}, application \"{}\", connected since {}",
                       row.get<std::int32_t>(0), row.get<std::string>(1), row.get<std::string>(2),
                       row.get<std::string>(3));
}

MigrationLock::MigrationLock(driver::Connection& conn, std::string_view name,
                             std::chrono::milliseconds timeout, const WaitReport& on_wait)
    : conn_(&conn), key_(advisory_key(name)) {
    using WaitClock = std::chrono::steady_clock;
    const auto deadline = WaitClock::now() + timeout;
    auto delay = std::chrono::milliseconds(10);
    std::string last_holder;
    auto next_report = WaitClock::now();
    while (true) {
        if (conn.query("SELECT pg_try_advisory_lock($1)", key_).scalar<bool>()) return;
        auto now = WaitClock::now();
        if (now >= next_report || now >= deadline) {
            last_holder = describe_holder(conn, key_);
            if (on_wait && now >= next_report) {
                on_wait(last_holder.empty() ? "another session" : last_holder);
            }
            next_report = now + std::chrono::seconds(5);
        }
        if (now >= deadline) {
            throw TimeoutError(fmt::format(
                "timed out after {} ms waiting for the migration lock \"{}\" held by {}; raise "
                "--lock-timeout or stop the other run",
                timeout.count(), name, last_holder.empty() ? "another session" : last_holder));
        }
        std::this_thread::sleep_for(
            std::min(delay, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
        delay = std::min(delay * 2, std::chrono::milliseconds(500));
    }
}

MigrationLock::~MigrationLock() {
    try {
        if (!conn_->is_broken()) conn_->query("SELECT pg_advisory_unlock($1)", key_);
    } catch (const std::exception& e) {
        log::warn("could not release the migration lock (it ends with the connection): {}",
                  e.what());
    }
}

}  // namespace strata::migrate
