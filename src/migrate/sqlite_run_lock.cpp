// The SQLite migration lock: flock(2) on the database file with backoff and a timeout.
#include "sqlite_run_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "strata/core/error.hpp"

namespace strata::migrate {

SqliteRunLock::SqliteRunLock(const std::filesystem::path& file, std::chrono::milliseconds timeout,
                             const WaitReport& on_wait) {
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw Error(fmt::format("cannot open {} to take the migration lock: {}", file.string(),
                                std::strerror(errno)));
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto delay = std::chrono::milliseconds(10);
    auto next_report = std::chrono::steady_clock::now();
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            ::close(fd_);
            throw Error(fmt::format("cannot take the migration lock on {}: {}", file.string(),
                                    std::strerror(err)));
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            ::close(fd_);
            throw TimeoutError(fmt::format(
                "timed out after {} ms waiting for the migration lock on {} held by another "
                "strata run; raise --lock-timeout or stop the other run",
                timeout.count(), file.string()));
        }
        if (on_wait && now >= next_report) {
            on_wait(fmt::format("another strata run on {}", file.string()));
            next_report = now + std::chrono::seconds(5);
        }
        std::this_thread::sleep_for(
            std::min(delay, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
        delay = std::min(delay * 2, std::chrono::milliseconds(500));
    }
}

SqliteRunLock::~SqliteRunLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace strata::migrate
