// Private process helpers for the local cluster: fork/exec as another OS user, capture output.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace strata::detail {

/// An OS account a child process runs as.
struct OsUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
};

/// The account of the calling process.
[[nodiscard]] OsUser current_os_user();
/// Looks an account up by name (getpwnam_r); nullopt when it does not exist.
[[nodiscard]] std::optional<OsUser> find_os_user(const std::string& name);

/// How a child is started. The child always runs in cwd with stdin from /dev/null and every
/// inherited descriptor above 2 closed.
struct SpawnOptions {
    std::optional<OsUser> as_user;  ///< switch to this uid/gid after fork (needs root)
    std::string cwd = "/";
};

/// What a finished child left: exit code (or 128 + signal) and its stdout+stderr.
struct RunResult {
    int exit_code = 0;
    std::string output;
};

/// Runs argv[0] (an absolute path) to completion, capturing stdout and stderr together.
/// Throws strata::Error when it cannot be started. Thread-safe.
RunResult run_process(const std::vector<std::string>& argv, const SpawnOptions& options);

/// Starts argv detached from this process (own session, reparented to init through a double
/// fork, so it outlives the caller and never becomes its zombie); stdout/stderr append to
/// log_path. Returns the pid of the started program. Thread-safe.
pid_t spawn_detached(const std::vector<std::string>& argv, const SpawnOptions& options,
                     const std::string& log_path);

/// True when pid names a live process (not a zombie). EPERM counts as alive.
[[nodiscard]] bool process_alive(pid_t pid);
/// The kernel start time of pid (field 22 of /proc/<pid>/stat), to tell a reused pid apart;
/// empty when the process does not exist.
[[nodiscard]] std::string process_start_time(pid_t pid);
/// True when pid is alive and is the process that had start_time (not a reused pid): how an
/// owner record ("<pid> <start time>") tells whether its owner is still running.
[[nodiscard]] bool same_process_alive(pid_t pid, const std::string& start_time);

/// Changes the owner of path and everything below it (lchown; errors ignored per entry).
void chown_recursive(const std::string& path, const OsUser& user);

}  // namespace strata::detail
