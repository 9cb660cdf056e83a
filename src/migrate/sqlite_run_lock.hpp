// Private: the migration lock of a SQLite database file (flock on the file, held for a run).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace strata::migrate {

/// One strata run at a time per SQLite file, transactional or not: an exclusive flock(2) on
/// the database file itself. SQLite's own locks are fcntl(2) byte-range locks, which flock
/// does not touch on Linux, so readers and writers other than strata runs are not blocked.
/// Taken with LOCK_NB in a loop with backoff up to timeout (TimeoutError naming the file);
/// released when destroyed or when the process dies. Not thread-safe; not copyable.
class SqliteRunLock {
public:
    using WaitReport = std::function<void(const std::string& what)>;

    SqliteRunLock(const std::filesystem::path& file, std::chrono::milliseconds timeout,
                  const WaitReport& on_wait);
    SqliteRunLock(const SqliteRunLock&) = delete;
    SqliteRunLock& operator=(const SqliteRunLock&) = delete;
    ~SqliteRunLock();

private:
    int fd_ = -1;
};

}  // namespace strata::migrate
