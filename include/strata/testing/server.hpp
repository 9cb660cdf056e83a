// Server: the PostgreSQL every strata test talks to (private cluster or STRATA_TEST_DATABASE_URL).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace strata::testing {

/// The test process's PostgreSQL server, chosen on the first call to instance():
///  - STRATA_TEST_DATABASE_URL set: that existing server (superuser URL of its maintenance db);
///  - STRATA_TEST_SHARED_CLUSTER=<dir>: one cluster in <dir> shared by every process naming it
///    (started under an flock by the first, stopped by the last to exit; its data and template
///    databases persist between runs);
///  - otherwise (default): a private PostgreSQL 15 cluster for this process in
///    <root>/strata-test-<pid>-XXXXXX, root = $STRATA_TEST_CLUSTER_ROOT, /dev/shm or /tmp.
/// Clusters run with fsync, synchronous_commit and full_page_writes off and
/// max_parallel_workers_per_gather 0, on a unix socket with no TCP (as an unprivileged OS user
/// when running as root). The private cluster is stopped and removed at process exit; clusters
/// left by crashed processes are reaped by the next start. Thread-safety: all members are
/// thread-safe.
class Server {
public:
    /// The process's server, started on first call. Throws strata::Error when no server can be
    /// had (PostgreSQL binaries missing: the message says what to install).
    static Server& instance();

    /// URL of the maintenance database ("postgres") as a superuser.
    [[nodiscard]] virtual std::string admin_url() const = 0;
    /// Creates a new empty database with a unique name and returns its URL.
    [[nodiscard]] virtual std::string create_database(std::string_view prefix = "t") = 0;
    /// Creates a new database with a unique name as a copy of source (a URL or a name; CREATE
    /// DATABASE ... TEMPLATE, so nobody may be connected to source) and returns its URL. Throws
    /// strata::Error with the server's message (e.g. "source database ... is being accessed by
    /// other users").
    [[nodiscard]] virtual std::string copy_database(std::string_view source,
                                                    std::string_view prefix = "t") = 0;
    /// Drops a database created by create_database (terminating its connections first).
    virtual void drop_database(std::string_view url_or_name) = 0;
    /// True when this process alone owns the server (so restart() is allowed).
    [[nodiscard]] virtual bool is_private() const = 0;
    /// The CREATE DATABASE STRATEGY used for new databases and clones: "FILE_COPY" on strata's
    /// own clusters (faster for small databases, measured), "" (the server's default, WAL_LOG)
    /// on an external server where FILE_COPY's checkpoints would hit other users.
    /// $STRATA_TEST_CLONE_STRATEGY (WAL_LOG, FILE_COPY, default) overrides.
    [[nodiscard]] virtual std::string clone_strategy() const = 0;
    /// Stops and starts the private cluster (fast shutdown), keeping its data. For tests of
    /// connection recovery. Throws UsageError on an external server.
    virtual void restart() = 0;
    /// Directory holding the unix socket (private cluster only; empty otherwise).
    [[nodiscard]] virtual std::string socket_dir() const = 0;
    /// The private or shared cluster's directory (empty for an external server).
    [[nodiscard]] virtual std::string cluster_dir() const = 0;

    /// A LOGIN role without superuser rights, for tests of row-level security and privileges.
    /// Created when the server starts (on an external server: when the admin role may).
    static constexpr const char* kAppRole = "strata_app";
    /// kAppRole's password. TEST-ONLY: it is public, and with trust authentication on the
    /// private cluster's unix socket any password is accepted anyway.
    static constexpr const char* kAppPassword = "strata-test-secret-pw";
    /// URL of the database (a URL or a name from create_database) connecting as kAppRole.
    [[nodiscard]] virtual std::string app_url(std::string_view url_or_name) const = 0;

    virtual ~Server() = default;
};

/// Shorthand: Server::instance().create_database(prefix).
std::string fresh_database_url(std::string_view prefix = "t");

/// Stops and removes private test clusters (strata-test-* under /tmp, /dev/shm and
/// $STRATA_TEST_CLUSTER_ROOT) whose owner process is gone;
/// Server::instance() does this when it starts a cluster. Returns how many were removed.
/// Never throws. Thread-safe.
std::size_t reap_orphaned_clusters();

}  // namespace strata::testing
