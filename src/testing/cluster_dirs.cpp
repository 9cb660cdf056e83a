// Test-cluster directories: owner records, exit and signal cleanup, reaping after crashes.
#include "testing/cluster_dirs.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cluster/local_cluster_internal.hpp"
#include "cluster/process.hpp"
#include "strata/core/error.hpp"

namespace fs = std::filesystem;

namespace strata::testing::detail {
namespace {

/// Everything the signal handler needs, prepared in advance (no allocation in the handler).
struct Cleanup {
    std::atomic<pid_t> owner{0};
    std::atomic<pid_t> postmaster{0};
    std::atomic<bool> armed{false};
    char dir[512] = {};
    std::function<void()> graceful;
    std::atomic<bool> keep{false};
};

Cleanup& cleanup() {
    static Cleanup* c = new Cleanup();  // leaked: used by handlers until the very end
    return *c;
}

/// Async-signal-safe: is pid alive and not a zombie?
bool alive_signal_safe(pid_t pid) {
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM)) return false;
    char path[64] = "/proc/";
    char digits[24];
    int n = 0;
    for (auto v = static_cast<unsigned long>(pid); v != 0; v /= 10)
        digits[n++] = static_cast<char>('0' + v % 10);
    std::size_t at = std::strlen(path);
    while (n > 0) path[at++] = digits[--n];
    std::memcpy(path + at, "/stat", 6);
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;
    char buf[512];
    ssize_t len = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (len <= 0) return true;
    buf[len] = '\0';
    char* paren = std::strrchr(buf, ')');
    return paren == nullptr || paren[1] == '\0' || (paren[2] != 'Z' && paren[2] != 'X');
}

void on_signal(int sig) {
    auto& c = cleanup();
    if (::getpid() == c.owner.load() && c.armed.exchange(false)) {
        pid_t pm = c.postmaster.load();
        if (pm > 0 && ::kill(pm, SIGQUIT) == 0) {
            timespec pause{0, 10'000'000};
            for (int i = 0; i < 500 && alive_signal_safe(pm); ++i) ::nanosleep(&pause, nullptr);
        }
        pid_t child = ::fork();
        if (child == 0) {
            char rm[] = "/bin/rm";
            char rf[] = "-rf";
            char* argv[] = {rm, rf, c.dir, nullptr};
            char* envp[] = {nullptr};
            ::execve(rm, argv, envp);
            ::_exit(127);
        }
        if (child > 0) {
            int status = 0;
            ::waitpid(child, &status, 0);
        }
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

void install_handler(int sig) {
    struct sigaction current{};
    if (::sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) return;
    struct sigaction action{};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(sig, &action, nullptr);
}

/// Runs the cleanup from a static destructor too (atexit covers the rest; both are idempotent).
struct ExitGuard {
    ~ExitGuard() { run_exit_cleanup(); }
} exit_guard;

void stop_and_remove(const fs::path& dir) {
    auto pgdata = dir / "pgdata";
    auto pm = strata::detail::read_postmaster_pid(pgdata);
    if (strata::detail::postmaster_alive(pm.pid, pgdata) && ::kill(pm.pid, SIGQUIT) == 0) {
        for (int i = 0; i < 500 && strata::detail::process_alive(pm.pid); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (strata::detail::process_alive(pm.pid)) ::kill(pm.pid, SIGKILL);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}

}  // namespace

std::string cluster_root() {
    if (const char* root = std::getenv("STRATA_TEST_CLUSTER_ROOT");
        root != nullptr && *root != '\0')
        return root;
    if (::access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
    return "/tmp";
}

std::string make_cluster_dir() {
    std::string tmpl = fmt::format("{}/{}{}-XXXXXX", cluster_root(), kClusterDirName, ::getpid());
    if (::mkdtemp(tmpl.data()) == nullptr) {
        throw Error(
            fmt::format("cannot create test cluster directory {}: {}", tmpl, std::strerror(errno)));
    }
    ::chmod(tmpl.c_str(), 0755);
    std::ofstream owner(fs::path(tmpl) / "owner");
    owner << ::getpid() << ' ' << strata::detail::process_start_time(::getpid()) << '\n';
    if (!owner) throw Error(fmt::format("cannot write {}/owner", tmpl));
    return tmpl;
}

std::size_t reap_orphans() {
    std::size_t reaped = 0;
    std::vector<std::string> roots{"/tmp", "/dev/shm"};
    try {
        auto root = cluster_root();
        if (root != roots[0] && root != roots[1]) roots.push_back(root);
    } catch (...) {}
    for (const auto& root : roots) reaped += reap_orphans_in(root);
    return reaped;
}

std::size_t reap_orphans_in(const std::string& root) {
    std::size_t reaped = 0;
    std::error_code ec;
    const fs::path tmp = root;
    const std::string prefix = kClusterDirName;
    for (auto it = fs::directory_iterator(tmp, ec); !ec && it != fs::end(it); it.increment(ec)) {
        try {
            if (!it->path().filename().string().starts_with(prefix)) continue;
            if (!it->is_directory()) continue;
            std::ifstream in(it->path() / "owner");
            pid_t pid = 0;
            std::string start;
            if (!(in >> pid >> start)) {
                // Being created right now, or left without an owner record: reap when old.
                auto age = fs::file_time_type::clock::now() - fs::last_write_time(it->path());
                if (age < std::chrono::minutes(1)) continue;
            } else if (strata::detail::same_process_alive(pid, start)) {
                continue;
            }
            stop_and_remove(it->path());
            ++reaped;
        } catch (...) {
            // Reaping is best effort: never fail a test run over another run's leftovers.
        }
    }
    return reaped;
}

void arm_exit_cleanup(const std::string& dir, std::function<void()> graceful) {
    auto& c = cleanup();
    if (dir.size() >= sizeof c.dir)
        throw Error(fmt::format("cluster directory path too long: {}", dir));
    std::memcpy(c.dir, dir.c_str(), dir.size() + 1);
    c.graceful = std::move(graceful);
    c.owner = ::getpid();
    c.armed = true;
    std::atexit([] { run_exit_cleanup(); });
    install_handler(SIGINT);
    install_handler(SIGTERM);
}

void set_postmaster_pid(pid_t pid) {
    cleanup().postmaster = pid;
}

void keep_cluster_at_exit(bool keep) {
    cleanup().keep = keep;
}

void run_exit_cleanup() noexcept {
    auto& c = cleanup();
    if (::getpid() != c.owner.load()) return;
    if (c.keep.load()) {
        if (c.armed.exchange(false)) {
            std::fprintf(stderr,
                         "strata::testing: the private cluster %s keeps running because a test "
                         "kept its database; the next test run or `strata testdb gc` removes it\n",
                         c.dir);
        }
        return;
    }
    if (!c.armed.exchange(false)) return;
    try {
        if (c.graceful) c.graceful();
    } catch (...) {}
    try {
        stop_and_remove(c.dir);  // whatever graceful() left
    } catch (...) {}
}

}  // namespace strata::testing::detail
