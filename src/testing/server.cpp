// strata::testing::Server: a private cluster per test process, a shared one, or an external one.
#include "strata/testing/server.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "cluster/local_cluster_internal.hpp"
#include "strata/cluster/local_cluster.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/quote.hpp"
#include "testing/admin_pool.hpp"
#include "testing/cluster_dirs.hpp"
#include "testing/pg_admin.hpp"

namespace strata::testing {
namespace {

using detail::AdminConnection;
using ::strata::quote_identifier;

constexpr const char* kCreateAppRole = R"sql(
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'strata_app') THEN
    CREATE ROLE strata_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
      PASSWORD 'strata-test-secret-pw';
  END IF;
END$$)sql";

/// "<prefix>_<pid>_<n>" with prefix reduced to [a-z0-9_] so it never needs quoting.
std::string database_name(std::string_view prefix, unsigned long n) {
    std::string clean;
    for (char c : prefix.substr(0, 40)) {
        auto u = static_cast<unsigned char>(c);
        clean += std::isalnum(u) != 0 ? static_cast<char>(std::tolower(u)) : '_';
    }
    if (clean.empty() || std::isdigit(static_cast<unsigned char>(clean[0])) != 0)
        clean = "t" + clean;
    return fmt::format("{}_{}_{}", clean, ::getpid(), n);
}

/// $STRATA_TEST_CLONE_STRATEGY (WAL_LOG or FILE_COPY) or fallback. FILE_COPY measured ~1.5x
/// faster for small databases on the test clusters (docs/benchmarks.md, issue 6), but it
/// checkpoints the whole server, so an external server keeps PostgreSQL's default (WAL_LOG).
std::string strategy_from_env(std::string fallback) {
    const char* env = std::getenv("STRATA_TEST_CLONE_STRATEGY");
    if (env == nullptr || *env == '\0') return fallback;
    std::string value;
    for (const char* c = env; *c != '\0'; ++c)
        value += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
    if (value == "DEFAULT") return {};
    if (value != "WAL_LOG" && value != "FILE_COPY") {
        throw UsageError(fmt::format(
            "STRATA_TEST_CLONE_STRATEGY={}: expected WAL_LOG, FILE_COPY or default", env));
    }
    return value;
}

/// What both kinds of server share: the admin connection, names, create and drop.
class ServerBase : public Server {
public:
    /// " STRATEGY FILE_COPY" or "" (see Server::clone_strategy).
    [[nodiscard]] std::string clone_strategy_clause() const {
        auto strategy = clone_strategy();
        return strategy.empty() ? std::string() : " STRATEGY " + strategy;
    }

    std::string create_database(std::string_view prefix) override {
        return create_named(prefix, "");
    }

    std::string copy_database(std::string_view source, std::string_view prefix) override {
        return create_named(prefix, " TEMPLATE " + quote_identifier(detail::database_of(source)));
    }

    /// CREATE DATABASE <unique name><clause> with the clone strategy; returns its URL.
    std::string create_named(std::string_view prefix, const std::string& clause) {
        std::scoped_lock lock(mutex_);
        for (int attempt = 0;; ++attempt) {
            auto name = database_name(prefix, ++counter_);
            try {
                admin().exec("CREATE DATABASE " + quote_identifier(name) + clause +
                             clone_strategy_clause());
                return url_of(name);
            } catch (const SqlError& e) {
                // Another process with our pid (another machine) took the name: try the next.
                if (attempt < 5 && e.sqlstate() == "42P04") {
                    continue;
                }
                throw;
            }
        }
    }

    void drop_database(std::string_view url_or_name) override {
        auto name = detail::database_of(url_or_name);
        if (name.empty() || name == "postgres" || name.starts_with("template")) {
            throw UsageError(
                fmt::format("refusing to drop database '{}': not a test database", name));
        }
        std::scoped_lock lock(mutex_);
        detail::drop_database_quickly(admin(), name);
    }

protected:
    [[nodiscard]] virtual std::string url_of(const std::string& dbname) const = 0;

    AdminConnection& admin() {
        if (!admin_) admin_ = std::make_unique<AdminConnection>(admin_url());
        return *admin_;
    }

    std::mutex mutex_;  ///< guards admin_, counter_ and (private) restarts

private:
    std::unique_ptr<AdminConnection> admin_;
    unsigned long counter_ = 0;
};

/// A cluster in /tmp/strata-test-<pid>-XXXXXX, removed at exit.
class PrivateServer final : public ServerBase {
public:
    PrivateServer() {
        detail::reap_orphans();
        dir_ = detail::make_cluster_dir();
        try {
            LocalClusterOptions options;
            options.dir = dir_;
            options.durable = false;
            options.max_connections = 200;
            auto version = LocalCluster(options).server_version();
            options.initdb_cache =
                fmt::format("/tmp/strata-initdb-cache-{}-{}", version, ::geteuid());
            cluster_ = std::make_unique<LocalCluster>(options);
            detail::arm_exit_cleanup(dir_, [this] { cluster_->destroy(); });
            auto status = cluster_->ensure_running();
            detail::set_postmaster_pid(status.pid);
            admin().exec(kCreateAppRole);
        } catch (...) {
            detail::run_exit_cleanup();
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
            throw;
        }
    }

    [[nodiscard]] std::string admin_url() const override { return cluster_->url("postgres"); }
    [[nodiscard]] bool is_private() const override { return true; }
    [[nodiscard]] std::string clone_strategy() const override {
        return strategy_from_env("FILE_COPY");
    }
    [[nodiscard]] std::string socket_dir() const override { return cluster_->socket_dir(); }
    [[nodiscard]] std::string cluster_dir() const override { return dir_; }

    void restart() override {
        std::scoped_lock lock(mutex_);
        cluster_->stop(ShutdownMode::fast);
        detail::set_postmaster_pid(0);
        cluster_->start();
        detail::set_postmaster_pid(cluster_->status().pid);
    }

    [[nodiscard]] std::string app_url(std::string_view url_or_name) const override {
        return cluster_->url(detail::database_of(url_or_name), kAppRole, kAppPassword);
    }

protected:
    [[nodiscard]] std::string url_of(const std::string& dbname) const override {
        return cluster_->url(dbname);
    }

private:
    std::string dir_;
    std::unique_ptr<LocalCluster> cluster_;
};

/// One cluster in $STRATA_TEST_SHARED_CLUSTER shared by every test process that names it.
/// Each process registers a file users/<pid>-<start time> (under an flock on users.lock); at
/// exit it removes its file and, when no live user is left, stops the server (data kept, so
/// templates survive to the next run). LocalCluster's own flock serialises start/stop.
class SharedServer final : public ServerBase {
public:
    explicit SharedServer(const std::string& dir) : dir_(std::filesystem::absolute(dir).string()) {
        LocalClusterOptions options;
        options.dir = dir_;
        options.durable = false;
        options.max_connections = 300;
        auto version = LocalCluster(options).server_version();
        options.initdb_cache = fmt::format("/tmp/strata-initdb-cache-{}-{}", version, ::geteuid());
        cluster_ = std::make_unique<LocalCluster>(options);
        user_file_ = fmt::format("{}/users/{}-{}", dir_, ::getpid(),
                                 strata::detail::process_start_time(::getpid()));
        {
            std::filesystem::create_directories(std::filesystem::path(dir_) / "users");
            strata::detail::FileLock lock(std::filesystem::path(dir_) / "users.lock");
            std::ofstream(user_file_) << ::getpid() << '\n';
        }
        cluster_->ensure_running();
        admin().exec(kCreateAppRole);
        static SharedServer* self = this;
        std::atexit([] { self->leave(); });
    }

    [[nodiscard]] std::string admin_url() const override { return cluster_->url("postgres"); }
    [[nodiscard]] bool is_private() const override { return false; }
    [[nodiscard]] std::string clone_strategy() const override {
        return strategy_from_env("FILE_COPY");
    }
    [[nodiscard]] std::string socket_dir() const override { return cluster_->socket_dir(); }
    [[nodiscard]] std::string cluster_dir() const override { return dir_; }
    void restart() override {
        throw UsageError(fmt::format(
            "Server::restart() needs a private test cluster; STRATA_TEST_SHARED_CLUSTER={} is "
            "shared with other test processes",
            dir_));
    }
    [[nodiscard]] std::string app_url(std::string_view url_or_name) const override {
        return cluster_->url(detail::database_of(url_or_name), kAppRole, kAppPassword);
    }

protected:
    [[nodiscard]] std::string url_of(const std::string& dbname) const override {
        return cluster_->url(dbname);
    }

private:
    /// Unregisters; the last live user stops the server. Never throws.
    void leave() noexcept {
        try {
            namespace fs = std::filesystem;
            strata::detail::FileLock lock(fs::path(dir_) / "users.lock");
            fs::remove(user_file_);
            bool others = false;
            for (const auto& entry : fs::directory_iterator(fs::path(dir_) / "users")) {
                auto stem = entry.path().filename().string();
                auto dash = stem.find('-');
                auto pid = static_cast<pid_t>(std::stol(stem.substr(0, dash)));
                if (strata::detail::same_process_alive(pid, stem.substr(dash + 1))) {
                    others = true;
                } else {
                    fs::remove(entry.path());  // a crashed user
                }
            }
            if (!others) cluster_->stop(ShutdownMode::fast);
        } catch (...) {}
    }

    std::string dir_;
    std::string user_file_;
    std::unique_ptr<LocalCluster> cluster_;
};

/// The server named by STRATA_TEST_DATABASE_URL.
class ExternalServer final : public ServerBase {
public:
    explicit ExternalServer(std::string url) : url_(std::move(url)) {
        try {
            admin().exec(kCreateAppRole);
        } catch (const Error& e) {
            // Without CREATEROLE (or racing another process) the role may still exist: fine.
            log::debug("strata::testing: could not ensure role {}: {}", kAppRole, e.what());
        }
    }

    [[nodiscard]] std::string admin_url() const override { return url_; }
    [[nodiscard]] bool is_private() const override { return false; }
    [[nodiscard]] std::string clone_strategy() const override { return strategy_from_env(""); }
    [[nodiscard]] std::string socket_dir() const override { return {}; }
    [[nodiscard]] std::string cluster_dir() const override { return {}; }

    void restart() override {
        throw UsageError(
            "Server::restart() needs the private test cluster; STRATA_TEST_DATABASE_URL names an "
            "external server");
    }

    [[nodiscard]] std::string app_url(std::string_view url_or_name) const override {
        return detail::rewrite_url(url_, detail::database_of(url_or_name), kAppRole, kAppPassword);
    }

protected:
    [[nodiscard]] std::string url_of(const std::string& dbname) const override {
        return detail::rewrite_url(url_, dbname);
    }

private:
    std::string url_;
};

}  // namespace

Server& Server::instance() {
    // Leaked on purpose: tests and static destructors may use it until the process ends; the
    // cluster itself is removed by the exit cleanup armed in PrivateServer.
    static Server* server = []() -> Server* {
        log::register_secret(kAppPassword);
        const char* url = std::getenv("STRATA_TEST_DATABASE_URL");
        if (url != nullptr && *url != '\0') return new ExternalServer(url);
        const char* shared = std::getenv("STRATA_TEST_SHARED_CLUSTER");
        if (shared != nullptr && *shared != '\0') return new SharedServer(shared);
        return new PrivateServer();
    }();
    return *server;
}

std::string fresh_database_url(std::string_view prefix) {
    return Server::instance().create_database(prefix);
}

std::size_t reap_orphaned_clusters() {
    return detail::reap_orphans();
}

}  // namespace strata::testing
