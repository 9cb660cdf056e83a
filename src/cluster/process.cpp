// fork/exec helpers: run a program (optionally as another OS user) and collect its output.
#include "cluster/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "strata/core/error.hpp"

extern char** environ;

namespace strata::detail {
namespace {

/// argv as the char* array execv wants, built before fork (no allocation in the child).
class Argv {
public:
    explicit Argv(const std::vector<std::string>& args) : args_(args) {
        for (auto& a : args_) ptrs_.push_back(a.data());
        ptrs_.push_back(nullptr);
    }
    char* const* get() { return ptrs_.data(); }
    const char* program() const { return args_.front().c_str(); }

private:
    std::vector<std::string> args_;
    std::vector<char*> ptrs_;
};

void child_write(const char* a, const char* b) {
    auto put = [](const char* s) {
        if (s != nullptr) {
            ssize_t ignored = ::write(2, s, std::strlen(s));
            (void)ignored;
        }
    };
    put("strata: ");
    put(a);
    put(b);
    put("\n");
}

/// Runs in the child after fork: only async-signal-safe calls. Never returns.
[[noreturn]] void exec_child(Argv& argv, const SpawnOptions& options, int out_fd) {
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    if (::close_range(3, ~0U, 0) != 0) {
        for (int fd = 3; fd < 65536; ++fd) ::close(fd);
    }
    if (options.as_user) {
        gid_t gid = options.as_user->gid;
        if (::setgroups(1, &gid) != 0 || ::setgid(gid) != 0 ||
            ::setuid(options.as_user->uid) != 0) {
            child_write("cannot switch user: ", std::strerror(errno));
            ::_exit(126);
        }
    }
    if (::chdir(options.cwd.c_str()) != 0) {
        child_write("cannot change directory to ", options.cwd.c_str());
        ::_exit(126);
    }
    ::execve(argv.program(), argv.get(), environ);
    child_write("cannot execute ", argv.program());
    ::_exit(127);
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

void wait_for(pid_t pid, int* status) {
    while (::waitpid(pid, status, 0) < 0) {
        if (errno != EINTR)
            throw Error(fmt::format("waitpid({}) failed: {}", pid, std::strerror(errno)));
    }
}

}  // namespace

OsUser current_os_user() {
    OsUser user{::geteuid(), ::getegid(), {}};
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* result = nullptr;
    if (::getpwuid_r(user.uid, &pw, buf.data(), buf.size(), &result) == 0 && result != nullptr) {
        user.name = pw.pw_name;
    } else {
        user.name = std::to_string(user.uid);
    }
    return user;
}

std::optional<OsUser> find_os_user(const std::string& name) {
    if (name.empty()) return std::nullopt;
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* result = nullptr;
    if (::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &result) != 0 ||
        result == nullptr) {
        return std::nullopt;
    }
    return OsUser{pw.pw_uid, pw.pw_gid, pw.pw_name};
}

RunResult run_process(const std::vector<std::string>& args, const SpawnOptions& options) {
    Argv argv(args);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw Error(
            fmt::format("cannot create a pipe to run {}: {}", args.front(), std::strerror(errno)));
    }
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw Error(fmt::format("cannot fork to run {}: {}", args.front(), std::strerror(errno)));
    }
    if (pid == 0) exec_child(argv, options, fds[1]);
    ::close(fds[1]);
    RunResult result;
    char buf[4096];
    for (;;) {
        // Blocking is the point: LocalCluster runs initdb/pg_ctl under its lifecycle lock so that
        // one thread (and one process, by flock) starts or stops a cluster at a time.
        // NOLINTNEXTLINE(clang-analyzer-unix.BlockInCriticalSection)
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n > 0) {
            result.output.append(buf, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    ::close(fds[0]);
    int status = 0;
    wait_for(pid, &status);
    result.exit_code = decode_status(status);
    return result;
}

pid_t spawn_detached(const std::vector<std::string>& args, const SpawnOptions& options,
                     const std::string& log_path) {
    Argv argv(args);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        throw Error(fmt::format("cannot open log file {}: {}", log_path, std::strerror(errno)));
    }
    int pid_pipe[2];
    if (::pipe2(pid_pipe, O_CLOEXEC) != 0) {
        ::close(log_fd);
        throw Error(
            fmt::format("cannot create a pipe to run {}: {}", args.front(), std::strerror(errno)));
    }
    pid_t middle = ::fork();
    if (middle < 0) {
        ::close(log_fd);
        ::close(pid_pipe[0]);
        ::close(pid_pipe[1]);
        throw Error(fmt::format("cannot fork to run {}: {}", args.front(), std::strerror(errno)));
    }
    if (middle == 0) {
        ::setsid();
        pid_t grandchild = ::fork();
        if (grandchild == 0) {
            ::close(pid_pipe[1]);
            exec_child(argv, options, log_fd);
        }
        ssize_t ignored = ::write(pid_pipe[1], &grandchild, sizeof grandchild);
        (void)ignored;
        ::_exit(grandchild < 0 ? 1 : 0);
    }
    ::close(pid_pipe[1]);
    ::close(log_fd);
    pid_t started = -1;
    ssize_t n;
    do {
        // Called under LocalCluster's lifecycle lock on purpose (see run_process).
        // NOLINTNEXTLINE(clang-analyzer-unix.BlockInCriticalSection)
        n = ::read(pid_pipe[0], &started, sizeof started);
    } while (n < 0 && errno == EINTR);
    ::close(pid_pipe[0]);
    int status = 0;
    wait_for(middle, &status);
    if (n != static_cast<ssize_t>(sizeof started) || started <= 0) {
        throw Error(fmt::format("cannot start {} (fork failed)", args.front()));
    }
    return started;
}

bool process_alive(pid_t pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno != EPERM) return false;
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
    auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos || close_paren + 2 >= line.size()) return true;
    char state = line[close_paren + 2];
    return state != 'Z' && state != 'X';
}

bool same_process_alive(pid_t pid, const std::string& start_time) {
    return process_alive(pid) && process_start_time(pid) == start_time;
}

std::string process_start_time(pid_t pid) {
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    std::string line;
    if (pid <= 0 || !std::getline(stat, line)) return {};
    auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) return {};
    std::istringstream fields(line.substr(close_paren + 2));
    std::string field;
    // Field 3 (state) is the first after the command; start time is field 22.
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) return field;
    }
    return {};
}

void chown_recursive(const std::string& path, const OsUser& user) {
    namespace fs = std::filesystem;
    if (::lchown(path.c_str(), user.uid, user.gid) != 0) return;
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(path, ec))) return;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        int ignored = ::lchown(it->path().c_str(), user.uid, user.gid);
        (void)ignored;
    }
}

}  // namespace strata::detail
