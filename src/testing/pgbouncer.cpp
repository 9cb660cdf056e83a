// strata::testing::PgBouncer: starts, waits for, stops and reaps a PgBouncer for pooler tests.
#include "strata/testing/pgbouncer.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cluster/local_cluster_internal.hpp"
#include "cluster/process.hpp"
#include "strata/core/error.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"
#include "testing/cluster_dirs.hpp"
#include "testing/pg_admin.hpp"

namespace fs = std::filesystem;

namespace strata::testing {
namespace {

constexpr const char* kBouncerDirPrefix = "strata-pgbouncer-";
constexpr auto kBouncerStartLimit = std::chrono::seconds(15);

/// $STRATA_PGBOUNCER, else the first pgbouncer in the usual places and on PATH.
std::string bouncer_binary() {
    if (const char* env = std::getenv("STRATA_PGBOUNCER"); env != nullptr && *env != '\0') {
        if (::access(env, X_OK) == 0) return env;
        throw Error(fmt::format("STRATA_PGBOUNCER={} is not an executable file", env));
    }
    std::vector<std::string> candidates{"/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
                                        "/usr/local/bin/pgbouncer"};
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty()) candidates.push_back(dir + "/pgbouncer");
    }
    for (const auto& c : candidates) {
        if (::access(c.c_str(), X_OK) == 0) return c;
    }
    throw Error(
        "pgbouncer not found (looked in /usr/sbin, /usr/bin, /usr/local/bin and PATH); the pooler "
        "tests need it: apt install pgbouncer (or `make deps`), or set STRATA_PGBOUNCER to the "
        "binary");
}

std::string_view bouncer_pool_mode(PoolMode mode) {
    switch (mode) {
        case PoolMode::session:
            return "session";
        case PoolMode::transaction:
            return "transaction";
        case PoolMode::statement:
            return "statement";
    }
    return "transaction";
}

/// The OS user PgBouncer runs as: `postgres` when we are root (it refuses root), else us.
std::optional<strata::detail::OsUser> bouncer_os_user() {
    if (::geteuid() != 0) return std::nullopt;
    auto user = strata::detail::find_os_user("postgres");
    if (!user || user->uid == 0) {
        throw Error(
            "PgBouncer refuses to run as root and the OS user 'postgres' to run it as does not "
            "exist (install postgresql-15, which creates it, or run the tests unprivileged)");
    }
    return user;
}

/// A quoted auth_file entry: "name" "password" (double quotes doubled).
std::string bouncer_auth_line(std::string_view user, std::string_view password) {
    auto quote = [](std::string_view text) {
        std::string out = "\"";
        for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    return quote(user) + " " + quote(password) + "\n";
}

/// The owner record: "<owner pid> <owner start> <pgbouncer pid> <pgbouncer start>".
void write_bouncer_owner(const fs::path& dir, pid_t bouncer) {
    std::ofstream(dir / "owner") << ::getpid() << ' '
                                 << strata::detail::process_start_time(::getpid()) << ' ' << bouncer
                                 << ' ' << strata::detail::process_start_time(bouncer) << '\n';
}

/// Waits up to limit for pid to end. True when it did.
bool bouncer_wait_gone(pid_t pid, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (strata::detail::process_alive(pid)) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

/// SIGTERM (PgBouncer 1.18: immediate shutdown), then SIGKILL after 5 s.
void bouncer_terminate(pid_t pid) {
    if (pid <= 0 || ::kill(pid, SIGTERM) != 0) return;
    if (!bouncer_wait_gone(pid, std::chrono::seconds(5))) {
        ::kill(pid, SIGKILL);
        (void)bouncer_wait_gone(pid, std::chrono::seconds(2));
    }
}

/// Stops the PgBouncers and removes the directories of test processes that are gone.
void reap_orphaned_bouncers(const std::string& root) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (!entry.path().filename().string().starts_with(kBouncerDirPrefix)) continue;
        std::ifstream in(entry.path() / "owner");
        pid_t owner = 0;
        pid_t bouncer = 0;
        std::string owner_start;
        std::string bouncer_start;
        if (!(in >> owner >> owner_start >> bouncer >> bouncer_start)) continue;  // starting
        if (strata::detail::same_process_alive(owner, owner_start)) continue;
        if (strata::detail::same_process_alive(bouncer, bouncer_start)) bouncer_terminate(bouncer);
        fs::remove_all(entry.path(), ec);
    }
}

/// True when PgBouncer answers a connection attempt on its socket (driver::ping_server).
bool bouncer_accepts(const std::string& dir, int port, const std::string& user) {
    DatabaseUrl url;
    url.set_host(dir);
    url.set_port(static_cast<std::uint16_t>(port));
    url.set_user(user);
    url.set_dbname("postgres");
    return driver::ping_server(url.to_string(DatabaseUrl::Password::reveal),
                               std::chrono::seconds(2)) == driver::ServerPing::accepting;
}

}  // namespace

PgBouncer::PgBouncer(PgBouncerOptions options) {
    const std::string binary = bouncer_binary();
    const auto run_as = bouncer_os_user();
    const auto admin = DatabaseUrl::parse(Server::instance().admin_url(), "test server URL");
    admin_user_ = admin.user().empty() ? "postgres" : admin.user();
    std::string server_host = Server::instance().socket_dir();
    std::optional<std::uint16_t> server_port;
    if (!admin.hosts().empty()) {
        if (server_host.empty()) server_host = admin.hosts().front().host;
        server_port = admin.hosts().front().port;
    }

    const std::string root = detail::cluster_root();
    reap_orphaned_bouncers(root);
    std::string tmpl = fmt::format("{}/{}{}-XXXXXX", root, kBouncerDirPrefix, ::getpid());
    if (::mkdtemp(tmpl.data()) == nullptr) {
        throw Error(
            fmt::format("cannot create a PgBouncer directory {}: {}", tmpl, std::strerror(errno)));
    }
    dir_ = tmpl;
    try {
        ::chmod(dir_.c_str(), 0755);
        const fs::path dir(dir_);
        {
            std::ofstream users(dir / "users.txt");
            users << bouncer_auth_line(admin_user_, admin.password().value_or(""));
            if (admin_user_ != Server::kAppRole)
                users << bouncer_auth_line(Server::kAppRole, Server::kAppPassword);
        }
        std::string target;
        if (!server_host.empty()) target += fmt::format(" host={}", server_host);
        if (server_port) target += fmt::format(" port={}", *server_port);
        std::ofstream ini(dir / "pgbouncer.ini");
        ini << "[databases]\n"
            << "* =" << target << "\n"
            << "[pgbouncer]\n"
            << "listen_addr =\n"
            << "listen_port = " << port_ << "\n"
            << "unix_socket_dir = " << dir_ << "\n"
            << "pidfile = " << dir_ << "/pgbouncer.pid\n"
            << "auth_type = trust\n"
            << "auth_file = " << dir_ << "/users.txt\n"
            << "pool_mode = " << bouncer_pool_mode(options.pool_mode) << "\n"
            << "default_pool_size = " << options.default_pool_size << "\n"
            << "min_pool_size = 0\n"
            << "reserve_pool_size = 0\n"
            << "max_client_conn = " << options.max_client_conn << "\n"
            << "ignore_startup_parameters = extra_float_digits,options,search_path\n"
            << "server_login_retry = 1\n"
            << "log_connections = 0\n"
            << "log_disconnections = 0\n";
        ini.close();
        if (run_as) strata::detail::chown_recursive(dir_, *run_as);

        strata::detail::SpawnOptions spawn;
        spawn.as_user = run_as;
        spawn.cwd = dir_;
        pid_ = strata::detail::spawn_detached({binary, dir_ + "/pgbouncer.ini"}, spawn,
                                              dir_ + "/pgbouncer.log");
        write_bouncer_owner(dir, pid_);

        const auto until = std::chrono::steady_clock::now() + kBouncerStartLimit;
        while (!bouncer_accepts(dir_, port_, admin_user_)) {
            if (!strata::detail::process_alive(pid_)) {
                throw Error(fmt::format("PgBouncer ({}) exited while starting in {}; its log:\n{}",
                                        binary, dir_, log()));
            }
            if (std::chrono::steady_clock::now() >= until) {
                throw Error(fmt::format(
                    "PgBouncer ({}) did not accept connections on {}/.s.PGSQL.{} within {} s; its "
                    "log:\n{}",
                    binary, dir_, port_, kBouncerStartLimit.count(), log()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    } catch (...) {
        stop();
        throw;
    }
}

PgBouncer::~PgBouncer() {
    stop();
}

void PgBouncer::stop() noexcept {
    bouncer_terminate(pid_);
    pid_ = 0;
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PgBouncer::url(std::string_view url_or_name, std::string_view user) const {
    const std::string dbname = detail::database_of(url_or_name);
    return fmt::format("postgresql://{}@/{}?host={}&port={}",
                       strata::detail::url_encode(user.empty() ? admin_user_ : user),
                       strata::detail::url_encode(dbname), strata::detail::url_encode(dir_), port_);
}

std::string PgBouncer::log() const {
    return strata::detail::file_tail(fs::path(dir_) / "pgbouncer.log", 40);
}

}  // namespace strata::testing
