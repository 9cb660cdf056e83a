// Private test-cluster directories: creation with an owner record, exit cleanup, orphan reaping.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>

namespace strata::testing::detail {

/// Name prefix of every private test cluster directory (followed by <pid>-XXXXXX).
inline constexpr const char* kClusterDirName = "strata-test-";

/// Where private clusters live: $STRATA_TEST_CLUSTER_ROOT, else /dev/shm when it is a writable
/// directory (tmpfs: CREATE DATABASE is 10-30x faster there than on a busy disk even with
/// fsync off), else /tmp.
std::string cluster_root();

/// Creates <root>/strata-test-<pid>-XXXXXX holding an `owner` file ("<pid> <start time>") so a
/// later process can tell whether its owner is gone. Returns its path.
std::string make_cluster_dir();

/// Stops the servers of, and removes, every strata-test-* directory (under /tmp, /dev/shm and
/// cluster_root()) whose owner process is gone. Returns how many it removed. Never throws.
std::size_t reap_orphans();

/// reap_orphans() for one directory.
std::size_t reap_orphans_in(const std::string& root);

/// Leaves this process's cluster running at normal exit (a test kept a database for the
/// developer to inspect); the next reap_orphans() (any later test run, `strata testdb gc`)
/// removes it. SIGINT/SIGTERM still clean up.
void keep_cluster_at_exit(bool keep = true);

/// Arms cleanup of dir at exit: normal exit (atexit and a static destructor) calls
/// graceful(); SIGINT/SIGTERM (when their disposition is the default) stop the postmaster
/// with SIGQUIT and `rm -rf` dir using only async-signal-safe calls, then re-raise. Only the
/// process that armed it cleans up (a forked child never does).
void arm_exit_cleanup(const std::string& dir, std::function<void()> graceful);
/// Tells the signal handler the current postmaster pid (changes on restart).
void set_postmaster_pid(pid_t pid);
/// Runs the cleanup now if armed in this process (idempotent).
void run_exit_cleanup() noexcept;

}  // namespace strata::testing::detail
