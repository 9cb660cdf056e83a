// PgBouncer: a real PgBouncer in front of the test server, for tests of pooler-safe behaviour.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::testing {

/// PgBouncer's pool_mode: when a server connection goes back to the pool.
enum class PoolMode : std::uint8_t {
    session,      ///< when the client disconnects
    transaction,  ///< after every transaction (and every statement outside one)
    statement,    ///< after every statement (multi-statement transactions refused)
};

/// How a PgBouncer is started.
struct PgBouncerOptions {
    PoolMode pool_mode = PoolMode::transaction;
    /// Server connections per (database, user) pair. 1 makes every client of a pair share one
    /// server session, which is what exposes session state leaking between clients.
    int default_pool_size = 1;
    int max_client_conn = 100;
};

/// A PgBouncer process in front of Server::instance(), listening only on a unix socket in a
/// private temporary directory (no TCP), `auth_type = trust` for the server's superuser and
/// Server::kAppRole, every database name forwarded to the server. Started as the `postgres` OS
/// user when running as root (PgBouncer refuses root). The constructor returns once the socket
/// accepts connections; the destructor stops the process (SIGTERM, bounded wait, then SIGKILL)
/// and removes the directory. A PgBouncer left behind by a crashed test process is stopped by the
/// next construction. Not copyable or movable. Thread-safety: const members are thread-safe.
class PgBouncer {
public:
    /// Starts PgBouncer. Throws strata::Error when the binary is missing (the message says
    /// `apt install pgbouncer`; $STRATA_PGBOUNCER names another binary) or when it does not come
    /// up within 15 s (the message carries PgBouncer's log).
    explicit PgBouncer(PgBouncerOptions options = {});
    ~PgBouncer();
    PgBouncer(const PgBouncer&) = delete;
    PgBouncer& operator=(const PgBouncer&) = delete;

    /// postgresql://<user>@/<dbname>?host=<dir>&port=<port>: the database (a name, or a URL from
    /// Server::create_database whose name is taken) through this PgBouncer, as the server's
    /// superuser, or as `user` (e.g. Server::kAppRole) when given.
    [[nodiscard]] std::string url(std::string_view url_or_name, std::string_view user = {}) const;
    /// The directory holding the socket, configuration and log.
    [[nodiscard]] const std::string& dir() const { return dir_; }
    /// The port in the socket's name (.s.PGSQL.<port>); nothing listens on TCP.
    [[nodiscard]] int port() const { return port_; }
    /// The PgBouncer process.
    [[nodiscard]] pid_t pid() const { return pid_; }
    /// PgBouncer's log so far (for failure messages).
    [[nodiscard]] std::string log() const;

private:
    void stop() noexcept;

    std::string dir_;
    std::string admin_user_;
    int port_ = 6432;
    pid_t pid_ = 0;
};

}  // namespace strata::testing
