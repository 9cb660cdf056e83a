// LocalCluster against real PostgreSQL binaries: lifecycle, races, long paths, missing binaries.
#include "strata/cluster/local_cluster.hpp"
#include "strata/core/url.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include "strata/core/error.hpp"
#include "testing/pg_admin.hpp"

namespace fs = std::filesystem;
using strata::LocalCluster;
using strata::LocalClusterOptions;

namespace {

/// A fresh directory under /tmp, removed (with any cluster in it) at the end of the test.
class ClusterDir {
public:
    explicit ClusterDir(std::string suffix = {}) {
        char tmpl[] = "/tmp/strata-lc-test-XXXXXX";
        base_ = ::mkdtemp(tmpl);
        ::chmod(base_.c_str(), 0755);
        path_ = base_ / ("cluster" + suffix);
    }
    ~ClusterDir() {
        try {
            LocalCluster cluster(options());
            cluster.destroy();
        } catch (...) {}
        std::error_code ec;
        fs::remove_all(base_, ec);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }
    /// Fast options: no fsync, and init() copies the initdb cache strata::testing also uses.
    [[nodiscard]] LocalClusterOptions options() const {
        LocalClusterOptions o = uncached_options();
        o.initdb_cache = shared_initdb_cache();
        return o;
    }
    /// Options whose init() runs initdb.
    [[nodiscard]] LocalClusterOptions uncached_options() const {
        LocalClusterOptions o;
        o.dir = path_;
        o.durable = false;
        return o;
    }

    static fs::path shared_initdb_cache() {
        static const fs::path cache = [] {
            LocalClusterOptions probe;
            probe.dir = "/tmp/unused";
            return fs::path(fmt::format("/tmp/strata-initdb-cache-{}-{}",
                                        LocalCluster(probe).server_version(), ::geteuid()));
        }();
        return cache;
    }

private:
    fs::path base_;
    fs::path path_;
};

std::string query_one(const std::string& url, const std::string& sql) {
    return strata::testing::detail::query_value_once(url, sql);
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

TEST(LocalCluster, InitStartStatusStopRoundTrip) {
    ClusterDir dir;
    LocalCluster cluster(dir.uncached_options());
    EXPECT_FALSE(cluster.is_initialized());
    EXPECT_FALSE(cluster.status().running);

    auto t0 = std::chrono::steady_clock::now();
    cluster.init();
    std::cout << "[ timing ] initdb: " << ms_since(t0) << " ms\n";
    EXPECT_TRUE(cluster.is_initialized());

    t0 = std::chrono::steady_clock::now();
    cluster.start();
    std::cout << "[ timing ] start until accepting: " << ms_since(t0) << " ms\n";
    auto status = cluster.status();
    EXPECT_TRUE(status.running);
    EXPECT_TRUE(status.accepting);
    EXPECT_GT(status.pid, 0);
    EXPECT_EQ(status.version, "15");
    EXPECT_EQ(status.socket_dir, dir.path().string());
    EXPECT_TRUE(fs::exists(dir.path() / ".s.PGSQL.5432"));
    EXPECT_THAT(cluster.server_version(), ::testing::StartsWith("15."));

    EXPECT_EQ(query_one(cluster.url("postgres"), "SELECT current_user"), "postgres");
    EXPECT_EQ(query_one(cluster.url(), "SHOW fsync"), "off");
    EXPECT_EQ(query_one(cluster.url(), "SHOW listen_addresses"), "");
    EXPECT_EQ(query_one(cluster.url(), "SHOW max_parallel_workers_per_gather"), "0");

    cluster.start();  // already running: no-op
    EXPECT_EQ(cluster.status().pid, status.pid);

    t0 = std::chrono::steady_clock::now();
    cluster.stop(strata::ShutdownMode::fast);
    std::cout << "[ timing ] fast stop: " << ms_since(t0) << " ms\n";
    status = cluster.status();
    EXPECT_FALSE(status.running);
    EXPECT_FALSE(status.accepting);
    EXPECT_THROW(query_one(cluster.url(), "SELECT 1"), strata::ConnectionError);
    cluster.stop();  // not running: no-op
}

TEST(LocalCluster, UrlIsParseableByLibpqAndNamesTheSocketDirectory) {
    ClusterDir dir;
    LocalCluster cluster(dir.options());
    auto url = cluster.url("some db", "postgres");
    // rewrite_url changes only what it is asked to: the socket directory survives.
    const auto rewritten =
        strata::DatabaseUrl::parse(strata::testing::detail::rewrite_url(url, "x"), "rewritten");
    EXPECT_EQ(rewritten.hosts(), strata::DatabaseUrl::parse(url, "cluster URL").hosts());
    EXPECT_EQ(rewritten.dbname(), "x");
    EXPECT_THAT(url, ::testing::StartsWith("postgresql://postgres@/some%20db?host=%2Ftmp%2F"));
    EXPECT_EQ(strata::testing::detail::database_of(url), "some db");
    cluster.ensure_running();
    EXPECT_EQ(query_one(cluster.url("postgres"), "SELECT current_database()"), "postgres");
    EXPECT_EQ(
        query_one(cluster.url("template1"), "SELECT current_setting('unix_socket_directories')"),
        dir.path().string());
}

TEST(LocalCluster, EnsureRunningFromTwoThreadsAtOnceEndsWithOneRunningCluster) {
    ClusterDir dir;
    LocalCluster a(dir.options());
    LocalCluster b(dir.options());  // separate objects: only the file lock serialises them
    strata::ClusterStatus sa;
    strata::ClusterStatus sb;
    auto t0 = std::chrono::steady_clock::now();
    std::thread ta([&] { sa = a.ensure_running(); });
    std::thread tb([&] { sb = b.ensure_running(); });
    ta.join();
    tb.join();
    std::cout << "[ timing ] ensure_running (empty dir, cached initdb copy + start): "
              << ms_since(t0) << " ms\n";
    EXPECT_TRUE(sa.accepting);
    EXPECT_TRUE(sb.accepting);
    EXPECT_EQ(sa.pid, sb.pid);
    EXPECT_EQ(query_one(a.url(),
                        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                        "'client backend'"),
              "1");
    auto again = a.ensure_running();
    EXPECT_EQ(again.pid, sa.pid);
}

TEST(LocalCluster, EnsureRunningFromTwoProcessesAtOnceEndsWithOneRunningCluster) {
    ClusterDir dir;
    pid_t children[2];
    for (auto& child : children) {
        child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            try {
                LocalCluster cluster(dir.options());
                cluster.ensure_running();
                ::_exit(0);
            } catch (...) {
                ::_exit(1);
            }
        }
    }
    for (auto child : children) {
        int status = 0;
        ::waitpid(child, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    LocalCluster cluster(dir.options());
    auto status = cluster.status();
    EXPECT_TRUE(status.accepting);
    EXPECT_EQ(query_one(cluster.url(), "SELECT pg_postmaster_start_time() IS NOT NULL"), "t");
}

TEST(LocalCluster, EnsureRunningOnAStoppedClusterStartsItQuickly) {
    ClusterDir dir;
    LocalCluster cluster(dir.options());
    cluster.ensure_running();
    cluster.stop();
    auto t0 = std::chrono::steady_clock::now();
    auto status = cluster.ensure_running();
    std::cout << "[ timing ] ensure_running (initialised, stopped) until accepting: "
              << ms_since(t0) << " ms\n";
    EXPECT_TRUE(status.accepting);
}

TEST(LocalCluster, LongDataDirectoryPathPutsTheSocketInAShortTmpDirectory) {
    ClusterDir dir("/" + std::string(60, 'd') + "/" + std::string(60, 'e'));
    LocalCluster cluster(dir.options());
    auto status = cluster.ensure_running();
    EXPECT_TRUE(status.accepting);
    EXPECT_THAT(status.socket_dir, ::testing::StartsWith("/tmp/strata-sock-"));
    EXPECT_TRUE(fs::exists(fs::path(status.socket_dir) / ".s.PGSQL.5432"));
    EXPECT_EQ(query_one(cluster.url(), "SELECT 42"), "42");

    // The recorded socket dir is reused after a restart and found by a new object.
    cluster.stop();
    LocalCluster again(dir.options());
    EXPECT_EQ(again.ensure_running().socket_dir, status.socket_dir);
    again.destroy();
    EXPECT_FALSE(fs::exists(status.socket_dir));
    EXPECT_FALSE(fs::exists(dir.path()));
}

TEST(LocalCluster, ServerFailingToStartReportsTheTailOfItsLog) {
    ClusterDir dir;
    auto options = dir.options();
    options.settings.emplace_back("shared_buffers", "not-a-size");
    LocalCluster cluster(options);
    cluster.init();
    try {
        cluster.start();
        FAIL() << "start() should have thrown";
    } catch (const strata::Error& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("exited during start-up"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("shared_buffers"));
    }
    EXPECT_FALSE(cluster.status().running);
}

TEST(LocalCluster, MissingBinariesGiveAnErrorSayingWhatToInstall) {
    ClusterDir dir;
    ::setenv("STRATA_PG_BINDIR", "/nonexistent", 1);
    try {
        LocalCluster cluster(dir.options());
        ::unsetenv("STRATA_PG_BINDIR");
        cluster.ensure_running();
        FAIL() << "ensure_running() should have thrown";
    } catch (const strata::Error& e) {
        ::unsetenv("STRATA_PG_BINDIR");
        EXPECT_THAT(e.what(), ::testing::HasSubstr("'initdb' not found"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("/nonexistent (STRATA_PG_BINDIR)"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("postgresql-15"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("DATABASE_URL"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("sqlite:///"));
    }
}

TEST(LocalCluster, RunsAsThePostgresAccountWhenInvokedAsRoot) {
    if (::geteuid() != 0) GTEST_SKIP() << "only meaningful as root";
    ClusterDir dir;
    LocalCluster cluster(dir.options());
    EXPECT_EQ(cluster.os_user(), "postgres");
    cluster.ensure_running();
    struct stat st{};
    ASSERT_EQ(::stat(cluster.data_dir().c_str(), &st), 0);
    EXPECT_NE(st.st_uid, 0u);
}

TEST(LocalCluster, InitdbCacheIsBuiltOnceAndCopied) {
    ClusterDir cache_dir;
    ClusterDir first;
    ClusterDir second;
    auto o1 = first.uncached_options();
    o1.initdb_cache = cache_dir.path() / "cache";
    auto o2 = second.uncached_options();
    o2.initdb_cache = o1.initdb_cache;
    LocalCluster c1(o1);
    auto t0 = std::chrono::steady_clock::now();
    c1.init();
    std::cout << "[ timing ] init with an empty cache (initdb + copy): " << ms_since(t0) << " ms\n";
    EXPECT_TRUE(fs::exists(o1.initdb_cache / "pgdata" / "global" / "pg_control"));
    LocalCluster c2(o2);
    t0 = std::chrono::steady_clock::now();
    c2.init();
    std::cout << "[ timing ] init from the cache (copy only): " << ms_since(t0) << " ms\n";
    EXPECT_TRUE(c2.ensure_running().accepting);
    EXPECT_EQ(query_one(c2.url(), "SELECT 1"), "1");
}
