// Tests synchronise on server events, not on sleeps: poll pg_stat_activity until it shows them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>
#include <thread>

#include "strata/driver/connection.hpp"

namespace strata::driver::pgtest {

/// Polls sql (one boolean; args bound as $1, $2, ...) on conn until it is true; false when it
/// is still false after 30 s (the test then fails on its own expectation).
template <class... Args>
bool wait_until(Connection& conn, std::string_view sql, const Args&... args) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (conn.query(sql, args...).template scalar<bool>()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the polling interval
    }
    return false;
}

/// Until backend pid is seen waiting on wait_event (e.g. "PgSleep", "advisory").
inline bool wait_for_wait_event(Connection& admin, int pid, std::string_view wait_event) {
    return wait_until(admin,
                      "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND "
                      "wait_event = $2)",
                      pid, std::string(wait_event));
}

/// pg_terminate_backend(pid), then waits until pg_stat_activity no longer lists it (the
/// backend has sent its FATAL goodbye by then). False when it did not go.
inline bool terminate_backend(Connection& admin, int pid) {
    if (!admin.query("SELECT pg_terminate_backend($1)", pid).scalar<bool>()) return false;
    return wait_until(admin, "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)",
                      pid);
}

}  // namespace strata::driver::pgtest
