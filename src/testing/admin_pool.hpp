// A process-wide pool of libpq admin connections per server, so per-test work pays no connect.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "testing/pg_admin.hpp"

namespace strata::testing::detail {

/// An admin connection borrowed from the pool; returned when destroyed. Move-only.
class AdminLease {
public:
    AdminLease(std::string url, std::unique_ptr<AdminConnection> conn);
    AdminLease(AdminLease&&) noexcept = default;
    AdminLease& operator=(AdminLease&&) noexcept = default;
    AdminLease(const AdminLease&) = delete;
    AdminLease& operator=(const AdminLease&) = delete;
    ~AdminLease();

    AdminConnection* operator->() { return conn_.get(); }
    AdminConnection& operator*() { return *conn_; }
    /// Closes the connection instead of returning it (it holds session state, e.g. a lock).
    void discard() { conn_.reset(); }

private:
    std::string url_;
    std::unique_ptr<AdminConnection> conn_;
};

/// Borrows an idle connection to url (the maintenance database), or opens one. Thread-safe.
AdminLease admin_lease(const std::string& url);

/// Waits (polling every millisecond) until at most `expected` backends are connected to
/// database name, for at most limit; false when more remain. The row counters of a session are
/// flushed when its backend exits, before it leaves pg_stat_activity, so after this returns true
/// those of every session that ended are complete.
[[nodiscard]] bool wait_for_backends(AdminConnection& admin, const std::string& name,
                                     std::size_t expected, std::chrono::milliseconds limit);
/// DROP DATABASE IF EXISTS name WITH (FORCE), after waiting (1 ms steps, terminating them
/// after 20 ms) for backends still connected. DROP DATABASE itself re-checks exiting backends
/// only every 100 ms (CountOtherDBBackends), and the connection a test just closed usually is
/// still exiting: this halves the typical per-test cost (docs/benchmarks.md, issue 6).
/// STRATA_TEST_DROP_WAIT=0 turns the wait off (to measure the difference).
void drop_database_quickly(AdminConnection& conn, const std::string& name);

/// url, or Server::instance().admin_url() when empty.
std::string resolve_admin_url(const std::string& url);

/// "CREATE DATABASE <name> TEMPLATE <tpl> [STRATEGY ...]" with the server's strategy when
/// admin_url was empty (strata's own cluster), else $STRATA_TEST_CLONE_STRATEGY or the default.
std::string create_from_template_sql(const std::string& name, const std::string& tpl,
                                     const std::string& configured_admin_url);

}  // namespace strata::testing::detail
