// Private pieces of LocalCluster shared by its sources: resolved paths, locks, file readers.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "cluster/process.hpp"
#include "strata/cluster/local_cluster.hpp"

namespace strata::detail {

/// Everything LocalCluster resolved at construction.
struct ClusterCore {
    LocalClusterOptions options;
    std::filesystem::path dir;          ///< absolute
    std::string bin_dir;                ///< empty when not found
    std::vector<std::string> searched;  ///< where the bin dir was looked for (for errors)
    OsUser user;                        ///< runs the server
    bool switch_user = false;           ///< user differs from the calling process's
};

[[nodiscard]] inline std::filesystem::path pgdata_of(const ClusterCore& c) {
    return c.dir / "pgdata";
}
[[nodiscard]] inline std::filesystem::path log_of(const ClusterCore& c) {
    return c.dir / "postgres.log";
}

/// Resolves the bin dir as documented on LocalClusterOptions::bin_dir.
[[nodiscard]] std::string discover_bin_dir(const std::string& configured,
                                           std::vector<std::string>& searched);
/// Absolute path of bin_dir/name; throws Error saying how to install PostgreSQL when absent.
[[nodiscard]] std::string require_binary(const ClusterCore& core, const char* name);

/// Creates dir (and parents), hands it to the server's OS user, and checks that user can reach
/// it (every ancestor searchable); throws Error naming the directory otherwise.
void prepare_dir(const ClusterCore& core, const std::filesystem::path& dir);

/// The socket directory: dir itself when short enough, else the /tmp dir recorded in
/// <dir>/socket_dir (created, chowned and recorded when create is true and it is missing).
[[nodiscard]] std::string socket_dir_for(const ClusterCore& core, bool create);

/// The parts of <pgdata>/postmaster.pid strata uses.
struct PostmasterInfo {
    pid_t pid = 0;
    std::string socket_dir;
    std::string state;  ///< "starting", "ready", "stopping", ... (may be empty)
};
[[nodiscard]] PostmasterInfo read_postmaster_pid(const std::filesystem::path& pgdata);

/// True when pid is alive and is the postmaster of pgdata (its command line names pgdata), so
/// a pid reused after a crash is never taken for the server. Trusts process_alive() when
/// /proc/<pid>/cmdline cannot be read.
[[nodiscard]] bool postmaster_alive(pid_t pid, const std::filesystem::path& pgdata);

/// True when the server at (socket_dir, port) accepts connections (driver::ping_server).
[[nodiscard]] bool server_accepts(const std::string& socket_dir, int port);

/// The last lines of a text file, or a note that it could not be read.
[[nodiscard]] std::string file_tail(const std::filesystem::path& path, std::size_t lines);

/// Percent-encodes everything but RFC 3986 unreserved characters (for URL parts).
[[nodiscard]] std::string url_encode(std::string_view text);

/// An exclusive flock on a file (created if needed), released by the destructor.
class FileLock {
public:
    explicit FileLock(const std::filesystem::path& path);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace strata::detail
