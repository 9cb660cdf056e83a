// LocalCluster: a PostgreSQL cluster strata runs itself (the dev default, the test servers).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::cluster {

/// How stop() asks the server to shut down (PostgreSQL's smart/fast/immediate).
enum class ShutdownMode : std::uint8_t {
    smart,      ///< wait for clients to disconnect
    fast,       ///< disconnect clients, roll back, checkpoint
    immediate,  ///< quit at once; crash recovery on the next start
};

/// Where and how a LocalCluster runs. Only dir is required.
struct LocalClusterOptions {
    /// The cluster's own directory. Holds pgdata/ (PGDATA), postgres.log (server log),
    /// strata.lock (serialises init/start/stop across processes) and the unix socket. When the
    /// socket path would exceed the ~107-byte limit of unix sockets, the socket goes to a short
    /// private directory /tmp/strata-sock-XXXXXX whose path is recorded in <dir>/socket_dir.
    std::filesystem::path dir{};
    /// Directory of initdb/postgres. Empty: $STRATA_PG_BINDIR, else `pg_config --bindir`, else
    /// the newest /usr/lib/postgresql/<version>/bin, else initdb found on PATH.
    std::string bin_dir{};
    /// OS account the server runs as. Empty: the current user; when that is root (which
    /// PostgreSQL refuses), the `postgres` account, and dir is chowned to it.
    std::string os_user{};
    /// Names the socket file (.s.PGSQL.<port>); there is no TCP listener.
    int port = 5432;
    /// false: fsync, synchronous_commit and full_page_writes off (tests, throwaway data).
    bool durable = true;
    int max_connections = 100;
    std::string shared_buffers = "32MB";
    /// Extra server settings passed as -c name=value after the defaults (so they override them).
    /// Defaults: listen_addresses='', max_parallel_workers_per_gather=0 (small shared memory
    /// breaks parallel workers), plus the durable/max_connections/shared_buffers ones above.
    std::vector<std::pair<std::string, std::string>> settings{};
    /// When set, init() copies an initdb'ed directory cached here (built once, under a lock)
    /// instead of running initdb each time. Key it by PostgreSQL version and uid.
    std::filesystem::path initdb_cache{};
    std::chrono::milliseconds start_timeout{30'000};
    std::chrono::milliseconds stop_timeout{30'000};
};

/// A snapshot of a cluster's state as read from its directory and socket.
struct ClusterStatus {
    bool initialized = false;  ///< pgdata holds an initdb'ed cluster
    bool running = false;      ///< the postmaster process is alive
    bool accepting = false;    ///< it answers connections
    int pid = 0;               ///< postmaster pid when running
    std::string socket_dir{};  ///< where the unix socket is (or will be)
    std::string version{};     ///< major version of the data directory (PG_VERSION), e.g. "15"
    std::filesystem::path data_dir{};
    std::filesystem::path log_file{};
};

/// A PostgreSQL cluster in a private directory with a unix socket and no TCP, run as an
/// unprivileged OS user. The server process outlives this object and the calling process
/// (stop() or destroy() end it). Thread-safety: all members are thread-safe; init/start/stop/
/// ensure_running/destroy are serialised within the process (a mutex) and across processes (an
/// flock on <dir>/strata.lock).
class LocalCluster {
public:
    /// Resolves the bin dir and OS user. Throws Error when running as root and the OS user
    /// does not exist. Missing binaries are reported by init()/start().
    explicit LocalCluster(LocalClusterOptions options);
    /// Never stops the server.
    ~LocalCluster();
    LocalCluster(const LocalCluster&) = delete;
    LocalCluster& operator=(const LocalCluster&) = delete;

    [[nodiscard]] const LocalClusterOptions& options() const;
    [[nodiscard]] std::filesystem::path data_dir() const;
    [[nodiscard]] std::filesystem::path log_file() const;
    /// The resolved directory of the PostgreSQL binaries (empty when none was found).
    [[nodiscard]] const std::string& bin_dir() const;
    /// Name of the OS account the server runs as.
    [[nodiscard]] const std::string& os_user() const;
    /// Full version of the server binaries, e.g. "15.14" (runs `postgres -V` once).
    [[nodiscard]] std::string server_version() const;

    [[nodiscard]] bool is_initialized() const;
    /// initdb -A trust -U postgres --no-sync -E UTF8 --locale=C (or a copy of the initdb cache).
    /// No-op when already initialised.
    void init();
    /// Starts the server and waits until it accepts connections. No-op when already running.
    /// Throws Error (with the tail of the server log) when the server exits during start-up, and
    /// TimeoutError when it does not accept connections within start_timeout.
    void start();
    /// Stops the server and waits for it to exit. No-op when not running.
    void stop(ShutdownMode mode = ShutdownMode::fast);
    [[nodiscard]] ClusterStatus status() const;
    /// Initialises if needed and starts if not running; safe when processes or threads race.
    ClusterStatus ensure_running();
    /// Stops the server at once and removes dir (and a /tmp socket dir it used).
    void destroy();

    /// The socket directory clients should use (the running server's, else where it will be).
    [[nodiscard]] std::string socket_dir() const;
    /// A libpq-parseable URL: postgresql://user[:password]@/dbname?host=%2F...[&port=N].
    [[nodiscard]] std::string url(std::string_view dbname = "postgres",
                                  std::string_view user = "postgres",
                                  std::string_view password = {}) const;
    /// The last lines of the server log (for error messages).
    [[nodiscard]] std::string log_tail(std::size_t lines = 20) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace strata::cluster

namespace strata {
using cluster::ClusterStatus;
using cluster::LocalCluster;
using cluster::LocalClusterOptions;
using cluster::ShutdownMode;
}  // namespace strata
