// LocalCluster lifecycle: init (initdb or cached copy), start, stop, status, URLs.
#include "strata/cluster/local_cluster.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "cluster/local_cluster_internal.hpp"
#include "strata/core/error.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace strata::cluster {

struct LocalCluster::State {
    detail::ClusterCore core;
    mutable std::mutex mutex;
    mutable std::once_flag version_once;
    mutable std::string version;
};

namespace {

using detail::ClusterCore;

detail::OsUser resolve_user(const std::string& configured) {
    auto me = detail::current_os_user();
    std::string wanted = configured;
    if (wanted.empty()) {
        if (me.uid != 0) return me;
        wanted = "postgres";
    }
    if (wanted == me.name) return me;
    auto found = detail::find_os_user(wanted);
    if (!found) {
        throw Error(fmt::format(
            "PostgreSQL refuses to run as root and the OS user '{}' to run it as does not exist. "
            "Create it (e.g. `useradd --system --user-group postgres`, or install the "
            "postgresql-15 package which creates it), run strata as an unprivileged user, or set "
            "DATABASE_URL to an existing server",
            wanted));
    }
    if (found->uid == 0)
        throw Error(fmt::format("OS user '{}' is root; PostgreSQL refuses it", wanted));
    if (me.uid != 0 && found->uid != me.uid) {
        throw Error(
            fmt::format("cannot run PostgreSQL as OS user '{}' without being root", wanted));
    }
    return *found;
}

detail::SpawnOptions as_server_user(const ClusterCore& core) {
    detail::SpawnOptions options;
    if (core.switch_user) options.as_user = core.user;
    return options;
}

bool initialized(const ClusterCore& core) {
    std::error_code ec;
    return fs::exists(detail::pgdata_of(core) / "global" / "pg_control", ec);
}

/// The postmaster pid when it is alive, else 0.
pid_t running_pid(const ClusterCore& core) {
    auto info = detail::read_postmaster_pid(detail::pgdata_of(core));
    return detail::postmaster_alive(info.pid, detail::pgdata_of(core)) ? info.pid : 0;
}

void run_checked(const std::vector<std::string>& argv, const detail::SpawnOptions& options,
                 const std::string& what) {
    auto result = detail::run_process(argv, options);
    if (result.exit_code != 0) {
        throw Error(
            fmt::format("{} failed (exit code {}):\n{}", what, result.exit_code, result.output));
    }
}

void run_initdb(const ClusterCore& core, const fs::path& target) {
    run_checked({detail::require_binary(core, "initdb"), "-D", target.string(), "-A", "trust", "-U",
                 "postgres", "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"},
                as_server_user(core), fmt::format("initdb of {}", target.string()));
}

/// Makes sure the initdb cache holds a complete cluster (built once, under a lock).
void ensure_initdb_cache(const ClusterCore& core) {
    const fs::path& cache = core.options.initdb_cache;
    std::error_code ec;
    fs::create_directories(cache.parent_path(), ec);  // never chowned: it may be /tmp
    detail::FileLock lock(cache.string() + ".lock");
    if (fs::exists(cache / "pgdata" / "global" / "pg_control", ec)) return;
    fs::remove_all(cache, ec);
    detail::prepare_dir(core, cache);
    run_initdb(core, cache / "pgdata.tmp");
    fs::rename(cache / "pgdata.tmp", cache / "pgdata");
}

void init_locked(const ClusterCore& core) {
    if (initialized(core)) return;
    fs::path tmp = core.dir / "pgdata.tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::remove_all(detail::pgdata_of(core), ec);  // a half-built one from a crashed init
    if (core.options.initdb_cache.empty()) {
        run_initdb(core, tmp);
    } else {
        (void)detail::require_binary(core, "initdb");
        ensure_initdb_cache(core);
        // cp -a keeps owners (when root) and modes; PostgreSQL insists on a 0700 PGDATA.
        run_checked(
            {"/bin/cp", "-a", (core.options.initdb_cache / "pgdata").string(), tmp.string()}, {},
            fmt::format("copying the initdb cache to {}", tmp.string()));
    }
    fs::rename(tmp, detail::pgdata_of(core));
}

std::vector<std::string> server_args(const ClusterCore& core, const std::string& socket_dir) {
    const auto& o = core.options;
    std::vector<std::string> args{detail::require_binary(core, "postgres"),
                                  "-D",
                                  detail::pgdata_of(core).string(),
                                  "-k",
                                  socket_dir,
                                  "-p",
                                  std::to_string(o.port)};
    std::vector<std::pair<std::string, std::string>> settings{
        {"listen_addresses", ""},
        {"max_connections", std::to_string(o.max_connections)},
        {"shared_buffers", o.shared_buffers},
        {"max_parallel_workers_per_gather", "0"},
    };
    if (!o.durable) {
        settings.insert(
            settings.end(),
            {{"fsync", "off"}, {"synchronous_commit", "off"}, {"full_page_writes", "off"}});
    }
    settings.insert(settings.end(), o.settings.begin(), o.settings.end());
    for (const auto& [name, value] : settings) {
        args.emplace_back("-c");
        args.push_back(fmt::format("{}={}", name, value));
    }
    return args;
}

void start_locked(const ClusterCore& core) {
    if (running_pid(core) != 0) return;
    if (!initialized(core)) {
        throw UsageError(fmt::format(
            "cannot start the cluster in {}: it is not initialised (init())", core.dir.string()));
    }
    auto socket_dir = detail::socket_dir_for(core, true);
    auto args = server_args(core, socket_dir);
    auto log = detail::log_of(core);
    { std::ofstream touch(log, std::ios::app); }
    if (core.switch_user) detail::chown_recursive(log.string(), core.user);
    auto log_size = fs::file_size(log);
    pid_t pid = detail::spawn_detached(args, as_server_user(core), log.string());

    auto tail = [&] {
        // Only what this start wrote, so an old failure does not mislead.
        std::ifstream in(log);
        in.seekg(static_cast<std::streamoff>(log_size));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text.size() > 4000) text = text.substr(text.size() - 4000);
        return text;
    };
    auto deadline = Clock::now() + core.options.start_timeout;
    auto pause = std::chrono::microseconds(1000);
    for (;;) {
        if (detail::server_accepts(socket_dir, core.options.port)) {
            auto info = detail::read_postmaster_pid(detail::pgdata_of(core));
            if (info.pid == pid) return;
        }
        if (!detail::process_alive(pid)) {
            throw Error(fmt::format("PostgreSQL in {} exited during start-up. Server log {}:\n{}",
                                    core.dir.string(), log.string(), tail()));
        }
        if (Clock::now() > deadline) {
            ::kill(pid, SIGQUIT);
            throw TimeoutError(fmt::format(
                "PostgreSQL in {} did not accept connections within {} ms. Server log {}:\n{}",
                core.dir.string(), core.options.start_timeout.count(), log.string(), tail()));
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20'000));
    }
}

void stop_locked(const ClusterCore& core, ShutdownMode mode) {
    pid_t pid = running_pid(core);
    if (pid == 0) return;
    int sig = mode == ShutdownMode::smart ? SIGTERM : mode == ShutdownMode::fast ? SIGINT : SIGQUIT;
    if (::kill(pid, sig) != 0 && errno != ESRCH) {
        throw Error(fmt::format("cannot signal PostgreSQL (pid {}) in {}: {}", pid,
                                core.dir.string(), std::strerror(errno)));
    }
    auto deadline = Clock::now() + core.options.stop_timeout;
    auto pause = std::chrono::microseconds(1000);
    while (detail::process_alive(pid)) {
        if (Clock::now() > deadline) {
            if (mode != ShutdownMode::immediate) {
                throw TimeoutError(
                    fmt::format("PostgreSQL (pid {}) in {} did not stop within {} ms", pid,
                                core.dir.string(), core.options.stop_timeout.count()));
            }
            ::kill(pid, SIGKILL);
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20'000));
    }
}

/// Serialises lifecycle operations: the in-process mutex, then the cross-process flock.
struct LifecycleLock {
    std::scoped_lock<std::mutex> thread_lock;
    detail::FileLock process_lock;
    LifecycleLock(const ClusterCore& core, std::mutex& mutex)
        : thread_lock(mutex),
          process_lock((detail::prepare_dir(core, core.dir), core.dir / "strata.lock")) {}
};

}  // namespace

LocalCluster::LocalCluster(LocalClusterOptions options) : state_(std::make_unique<State>()) {
    auto& core = state_->core;
    if (options.dir.empty()) throw UsageError("LocalCluster needs a directory (options.dir)");
    core.dir = fs::absolute(options.dir).lexically_normal();
    if (core.dir.has_filename() == false) core.dir = core.dir.parent_path();
    core.user = resolve_user(options.os_user);
    core.switch_user = core.user.uid != ::geteuid();
    core.bin_dir = detail::discover_bin_dir(options.bin_dir, core.searched);
    core.options = std::move(options);
}

LocalCluster::~LocalCluster() = default;

const LocalClusterOptions& LocalCluster::options() const {
    return state_->core.options;
}
fs::path LocalCluster::data_dir() const {
    return detail::pgdata_of(state_->core);
}
fs::path LocalCluster::log_file() const {
    return detail::log_of(state_->core);
}
const std::string& LocalCluster::bin_dir() const {
    return state_->core.bin_dir;
}
const std::string& LocalCluster::os_user() const {
    return state_->core.user.name;
}

std::string LocalCluster::server_version() const {
    std::call_once(state_->version_once, [&] {
        auto result =
            detail::run_process({detail::require_binary(state_->core, "postgres"), "-V"}, {});
        // "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
        auto text = result.output;
        auto at = text.find(") ");
        auto version = at == std::string::npos ? text : text.substr(at + 2);
        state_->version = version.substr(0, version.find_first_of(" \n"));
    });
    return state_->version;
}

bool LocalCluster::is_initialized() const {
    return initialized(state_->core);
}

void LocalCluster::init() {
    LifecycleLock lock(state_->core, state_->mutex);
    init_locked(state_->core);
}

void LocalCluster::start() {
    LifecycleLock lock(state_->core, state_->mutex);
    start_locked(state_->core);
}

void LocalCluster::stop(ShutdownMode mode) {
    LifecycleLock lock(state_->core, state_->mutex);
    stop_locked(state_->core, mode);
}

ClusterStatus LocalCluster::status() const {
    const auto& core = state_->core;
    ClusterStatus s;
    s.data_dir = detail::pgdata_of(core);
    s.log_file = detail::log_of(core);
    s.initialized = initialized(core);
    if (std::ifstream in(s.data_dir / "PG_VERSION"); in) std::getline(in, s.version);
    auto info = detail::read_postmaster_pid(s.data_dir);
    s.running = detail::postmaster_alive(info.pid, s.data_dir);
    s.pid = s.running ? info.pid : 0;
    s.socket_dir = s.running && !info.socket_dir.empty() ? info.socket_dir
                                                         : detail::socket_dir_for(core, false);
    s.accepting = s.running && detail::server_accepts(s.socket_dir, core.options.port);
    return s;
}

ClusterStatus LocalCluster::ensure_running() {
    {
        LifecycleLock lock(state_->core, state_->mutex);
        init_locked(state_->core);
        start_locked(state_->core);
    }
    return status();
}

void LocalCluster::destroy() {
    const auto& core = state_->core;
    std::string socket_dir;
    {
        LifecycleLock lock(core, state_->mutex);
        stop_locked(core, ShutdownMode::immediate);
        socket_dir = detail::socket_dir_for(core, false);
        std::error_code ec;
        fs::remove_all(core.dir, ec);
    }
    std::error_code ec;
    if (socket_dir.starts_with("/tmp/strata-sock-")) fs::remove_all(socket_dir, ec);
}

std::string LocalCluster::socket_dir() const {
    const auto& core = state_->core;
    auto info = detail::read_postmaster_pid(detail::pgdata_of(core));
    if (!info.socket_dir.empty() && detail::postmaster_alive(info.pid, detail::pgdata_of(core))) {
        return info.socket_dir;
    }
    return detail::socket_dir_for(core, false);
}

std::string LocalCluster::url(std::string_view dbname, std::string_view user,
                              std::string_view password) const {
    std::string url = "postgresql://" + detail::url_encode(user);
    if (!password.empty()) url += ":" + detail::url_encode(password);
    url += "@/" + detail::url_encode(dbname) + "?host=" + detail::url_encode(socket_dir());
    if (state_->core.options.port != 5432)
        url += fmt::format("&port={}", state_->core.options.port);
    return url;
}

std::string LocalCluster::log_tail(std::size_t lines) const {
    return detail::file_tail(detail::log_of(state_->core), lines);
}

}  // namespace strata::cluster

namespace strata::detail {
std::string url_encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}
}  // namespace strata::detail
