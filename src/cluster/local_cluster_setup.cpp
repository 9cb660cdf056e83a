// LocalCluster setup: finding the binaries, preparing directories, reading the server's files.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>

#include <fmt/format.h>

#include "cluster/local_cluster_internal.hpp"
#include "strata/core/error.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"

namespace fs = std::filesystem;

namespace strata::detail {
namespace {

/// A unix socket path (sun_path) holds 107 characters plus the terminating NUL.
constexpr std::size_t kMaxSocketPath = 107;

bool has_server_binaries(const fs::path& dir) {
    return ::access((dir / "initdb").c_str(), X_OK) == 0 &&
           ::access((dir / "postgres").c_str(), X_OK) == 0;
}

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return {};
    std::string_view rest(path);
    while (!rest.empty()) {
        auto colon = rest.find(':');
        fs::path candidate = fs::path(std::string(rest.substr(0, colon))) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return {};
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

std::string discover_bin_dir(const std::string& configured, std::vector<std::string>& searched) {
    if (!configured.empty()) {
        searched.push_back(configured + " (configured)");
        return configured;
    }
    if (const char* env = std::getenv("STRATA_PG_BINDIR"); env != nullptr && *env != '\0') {
        searched.push_back(fmt::format("{} (STRATA_PG_BINDIR)", env));
        return env;
    }
    if (auto pg_config = find_on_path("pg_config"); !pg_config.empty()) {
        try {
            auto result = run_process({pg_config, "--bindir"}, {});
            auto dir = trim(result.output);
            searched.push_back(fmt::format("{} (pg_config --bindir)", dir));
            if (result.exit_code == 0 && has_server_binaries(dir)) return dir;
        } catch (const Error&) {
            searched.push_back(pg_config + " (failed to run)");
        }
    }
    std::error_code ec;
    std::vector<std::pair<int, fs::path>> versions;
    for (auto it = fs::directory_iterator("/usr/lib/postgresql", ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        auto name = it->path().filename().string();
        if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) {
            versions.emplace_back(std::stoi(name), it->path() / "bin");
        }
    }
    std::sort(versions.rbegin(), versions.rend());
    searched.emplace_back("/usr/lib/postgresql/<version>/bin");
    for (const auto& [version, dir] : versions) {
        if (has_server_binaries(dir)) return dir.string();
    }
    searched.emplace_back("PATH");
    if (auto initdb = find_on_path("initdb"); !initdb.empty()) {
        return fs::path(initdb).parent_path().string();
    }
    return {};
}

std::string require_binary(const ClusterCore& core, const char* name) {
    fs::path path = fs::path(core.bin_dir) / name;
    if (!core.bin_dir.empty() && ::access(path.c_str(), X_OK) == 0) return path.string();
    std::string where;
    for (const auto& s : core.searched) where += (where.empty() ? "" : ", ") + s;
    throw Error(fmt::format(
        "PostgreSQL server program '{}' not found (looked in: {}). Install PostgreSQL 15 "
        "(Debian/Ubuntu: apt-get install postgresql-15), or set STRATA_PG_BINDIR to the directory "
        "holding initdb and postgres, or set DATABASE_URL to an existing server "
        "(postgresql://...) or to sqlite:///path/to/file.db",
        name, where.empty() ? "nowhere" : where));
}

void prepare_dir(const ClusterCore& core, const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
    if (!core.switch_user) return;
    if (::chown(dir.c_str(), core.user.uid, core.user.gid) != 0) {
        throw Error(fmt::format("cannot hand directory {} to OS user '{}': {}", dir.string(),
                                core.user.name, std::strerror(errno)));
    }
    for (fs::path p = dir.parent_path(); !p.empty(); p = p.parent_path()) {
        struct stat st{};
        if (::stat(p.c_str(), &st) == 0) {
            bool ok = st.st_uid == core.user.uid   ? (st.st_mode & S_IXUSR) != 0
                      : st.st_gid == core.user.gid ? (st.st_mode & S_IXGRP) != 0
                                                   : (st.st_mode & S_IXOTH) != 0;
            if (!ok) {
                throw Error(fmt::format(
                    "PostgreSQL runs as OS user '{}' (it refuses root) and cannot enter directory "
                    "{} (mode {:o}) on the way to {}. Put the cluster elsewhere, run "
                    "`chmod o+x {}`, or set DATABASE_URL to an existing server",
                    core.user.name, p.string(), st.st_mode & 07777, dir.string(), p.string()));
            }
        }
        if (p == p.parent_path()) break;
    }
}

std::string socket_dir_for(const ClusterCore& core, bool create) {
    auto socket_name = fmt::format(".s.PGSQL.{}", core.options.port);
    // Leave room for the ".lock" file PostgreSQL keeps beside the socket.
    if ((core.dir / socket_name).string().size() + 5 <= kMaxSocketPath) return core.dir.string();
    fs::path record = core.dir / "socket_dir";
    std::string recorded;
    if (std::ifstream in(record); in) std::getline(in, recorded);
    std::error_code ec;
    if (!recorded.empty() && fs::is_directory(recorded, ec)) return recorded;
    if (!create) return recorded;
    char tmpl[] = "/tmp/strata-sock-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
        throw Error(fmt::format("cannot create a socket directory under /tmp for {}: {}",
                                core.dir.string(), std::strerror(errno)));
    }
    if (core.switch_user && ::chown(tmpl, core.user.uid, core.user.gid) != 0) {
        throw Error(fmt::format("cannot hand socket directory {} to OS user '{}': {}", tmpl,
                                core.user.name, std::strerror(errno)));
    }
    {
        std::ofstream out(record, std::ios::trunc);
        out << tmpl << '\n';
        if (!out) throw Error(fmt::format("cannot write {}", record.string()));
    }
    return tmpl;
}

PostmasterInfo read_postmaster_pid(const fs::path& pgdata) {
    PostmasterInfo info;
    std::ifstream in(pgdata / "postmaster.pid");
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        line = trim(line);
        if (n == 1) {
            info.pid = static_cast<pid_t>(std::atoi(line.c_str()));
        } else if (n == 5) {
            info.socket_dir = line;
        } else if (n == 8) {
            info.state = line;
        }
    }
    return info;
}

bool postmaster_alive(pid_t pid, const fs::path& pgdata) {
    if (!process_alive(pid)) return false;
    std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && cmdline.empty()) return true;
    return cmdline.find(pgdata.string()) != std::string::npos;
}

bool server_accepts(const std::string& socket_dir, int port) {
    DatabaseUrl url;
    url.set_host(socket_dir);
    url.set_port(static_cast<std::uint16_t>(port));
    url.set_user("postgres");
    url.set_dbname("postgres");
    return driver::ping_server(url.to_string(DatabaseUrl::Password::reveal),
                               std::chrono::seconds(5)) == driver::ServerPing::accepting;
}

std::string file_tail(const fs::path& path, std::size_t lines) {
    std::ifstream in(path);
    if (!in) return fmt::format("(cannot read {})", path.string());
    std::deque<std::string> tail;
    std::string line;
    while (std::getline(in, line)) {
        tail.push_back(std::move(line));
        if (tail.size() > lines) tail.pop_front();
    }
    std::string out;
    for (const auto& l : tail) out += l + '\n';
    return out;
}

FileLock::FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw Error(
            fmt::format("cannot open lock file {}: {}", path.string(), std::strerror(errno)));
    }
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) {
            int err = errno;
            ::close(fd_);
            throw Error(fmt::format("cannot lock {}: {}", path.string(), std::strerror(err)));
        }
    }
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace strata::detail
