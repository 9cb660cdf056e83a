// strata::testing::Server: private cluster lifecycle, databases, restart, exit and crash cleanup.
#include "strata/testing/server.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cluster/local_cluster_internal.hpp"
#include "strata/core/error.hpp"
#include "testing/child_process.hpp"
#include "testing/pg_admin.hpp"

namespace fs = std::filesystem;
using strata::testing::Server;
using strata::testing::detail::query_value_once;

namespace {

constexpr const char* kServerChildMode = "STRATA_SERVER_CHILD";
constexpr const char* kServerChildOut = "STRATA_SERVER_CHILD_OUT";

struct ServerChildRun {
    int exit_code = -1;  ///< exit status, or -1 when killed by a signal
    int signal = 0;      ///< the signal that ended it
    std::map<std::string, std::string> report;
};

/// Re-executes this test binary to run ServerChild.RunsTheScenarioNamedByTheParent in `mode`.
ServerChildRun run_server_child(const std::string& mode, const std::string& external_url = {},
                                const std::string& shared_dir = {}) {
    strata::test_support::ChildSpec spec{
        .gtest_filter = "ServerChild.RunsTheScenarioNamedByTheParent",
        .report_var = kServerChildOut,
        .drop_prefixes = {"STRATA_TEST_DATABASE_URL=", "STRATA_TEST_SHARED_CLUSTER=",
                          "STRATA_SERVER_CHILD"},
        .env = {std::string(kServerChildMode) + "=" + mode},
    };
    if (!external_url.empty()) spec.env.push_back("STRATA_TEST_DATABASE_URL=" + external_url);
    if (!shared_dir.empty()) spec.env.push_back("STRATA_TEST_SHARED_CLUSTER=" + shared_dir);
    auto run = strata::test_support::rerun_self(spec);
    return {run.exit_code, run.signal, run.report_fields()};
}

pid_t postmaster_of(const std::string& cluster_dir) {
    return strata::detail::read_postmaster_pid(fs::path(cluster_dir) / "pgdata").pid;
}

#define SKIP_UNLESS_PRIVATE() \
    if (!Server::instance().is_private()) GTEST_SKIP() << "STRATA_TEST_DATABASE_URL is set"

}  // namespace

namespace {

/// Not a test of its own: the body the other tests run in a child process. Registered only in
/// such a child (STRATA_SERVER_CHILD set), so the normal suite neither runs nor skips it.
class ServerChild : public ::testing::Test {
    void TestBody() override {
        const char* mode = std::getenv(kServerChildMode);
        std::ofstream out(std::getenv(kServerChildOut));
        auto& server = Server::instance();
        out << "private=" << server.is_private() << '\n';
        out << "dir=" << server.cluster_dir() << '\n';
        auto url = server.create_database("child");
        out << "url=" << url << '\n';
        if (server.is_private())
            out << "postmaster=" << postmaster_of(server.cluster_dir()) << '\n';
        try {
            if (!server.is_private()) server.restart();
        } catch (const strata::UsageError&) {
            out << "restart=usage_error\n";
        }
        out.close();
        std::string m = mode;
        if (m == "kill") ::raise(SIGKILL);
        if (m == "term") ::raise(SIGTERM);
    }
};

const bool kServerChildRegistered = [] {
    if (std::getenv(kServerChildMode) == nullptr) return false;
    ::testing::RegisterTest("ServerChild", "RunsTheScenarioNamedByTheParent", nullptr, nullptr,
                            __FILE__, __LINE__,
                            []() -> ::testing::Test* { return new ServerChild; });
    return true;
}();

}  // namespace

TEST(Server, StartsAPrivateClusterOnAUnixSocketWithoutTcp) {
    SKIP_UNLESS_PRIVATE();
    auto& server = Server::instance();
    EXPECT_THAT(server.cluster_dir(),
                ::testing::HasSubstr(fmt::format("/strata-test-{}-", ::getpid())));
    EXPECT_EQ(server.socket_dir(), server.cluster_dir());
    EXPECT_TRUE(fs::exists(fs::path(server.cluster_dir()) / "owner"));
    EXPECT_EQ(query_value_once(server.admin_url(), "SHOW listen_addresses"), "");
    EXPECT_EQ(query_value_once(server.admin_url(), "SHOW fsync"), "off");
    EXPECT_EQ(query_value_once(server.admin_url(),
                               "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"),
              "t");
    EXPECT_THAT(query_value_once(server.admin_url(), "SELECT version()"),
                ::testing::StartsWith("PostgreSQL 15"));
}

TEST(Server, CreatesDatabasesThatAreIndependentOfEachOther) {
    auto a = strata::testing::fresh_database_url("indep");
    auto b = strata::testing::fresh_database_url("indep");
    EXPECT_NE(a, b);
    auto name_a = strata::testing::detail::database_of(a);
    EXPECT_THAT(name_a, ::testing::MatchesRegex(fmt::format("indep_{}_[0-9]+", ::getpid())));
    strata::testing::detail::AdminConnection ca(a);
    ca.exec("CREATE TABLE only_in_a (id int); INSERT INTO only_in_a VALUES (1)");
    EXPECT_EQ(query_value_once(a, "SELECT count(*) FROM only_in_a"), "1");
    EXPECT_EQ(query_value_once(b, "SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'"),
              "0");
    EXPECT_EQ(query_value_once(b, "SELECT current_database()"),
              strata::testing::detail::database_of(b));
}

TEST(Server, CopyDatabaseCopiesSchemaAndRowsAndRefusesASourceInUse) {
    auto& server = Server::instance();
    auto source = server.create_database("source");
    {
        strata::testing::detail::AdminConnection conn(source);
        conn.exec(
            "CREATE TABLE kept (id int PRIMARY KEY, name text); INSERT INTO kept VALUES (1, 'x')");
    }
    std::string copy;
    for (int i = 0; i < 50 && copy.empty(); ++i) {  // the closed session may still be exiting
        try {
            copy = server.copy_database(source, "copy");
        } catch (const strata::Error&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ASSERT_FALSE(copy.empty());
    EXPECT_NE(strata::testing::detail::database_of(copy),
              strata::testing::detail::database_of(source));
    EXPECT_EQ(query_value_once(copy, "SELECT name FROM kept WHERE id = 1"), "x");
    strata::testing::detail::AdminConnection busy(source);
    busy.exec("SELECT 1");
    try {
        (void)server.copy_database(source, "copy");
        ADD_FAILURE() << "copied a database somebody is connected to";
    } catch (const strata::Error& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("being accessed by other users"));
    }
    server.drop_database(copy);
    server.drop_database(source);
}

TEST(Server, DropDatabaseRemovesItEvenWithOpenConnections) {
    auto& server = Server::instance();
    auto keep = server.create_database("keep");
    auto gone = server.create_database("gone");
    strata::testing::detail::AdminConnection open_connection(gone);
    open_connection.exec("SELECT 1");
    server.drop_database(gone);
    auto exists = [&](const std::string& url) {
        return query_value_once(server.admin_url(),
                                fmt::format("SELECT count(*) FROM pg_database WHERE datname = '{}'",
                                            strata::testing::detail::database_of(url)));
    };
    EXPECT_EQ(exists(gone), "0");
    EXPECT_EQ(exists(keep), "1");
    EXPECT_THROW(query_value_once(gone, "SELECT 1"), strata::ConnectionError);
    server.drop_database(strata::testing::detail::database_of(keep));  // by name
    EXPECT_EQ(exists(keep), "0");
    EXPECT_THROW(server.drop_database("postgres"), strata::UsageError);
}

TEST(Server, RestartKeepsDataAndNewConnectionsWork) {
    SKIP_UNLESS_PRIVATE();
    auto& server = Server::instance();
    auto url = server.create_database("restart");
    strata::testing::detail::AdminConnection before(url);
    before.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    auto old_pid = postmaster_of(server.cluster_dir());
    server.restart();
    EXPECT_NE(postmaster_of(server.cluster_dir()), old_pid);
    EXPECT_EQ(query_value_once(url, "SELECT v FROM kept"), "survives");
    EXPECT_EQ(before.query_value("SELECT v FROM kept"), "survives");  // reconnects once
    auto after = server.create_database("after_restart");
    EXPECT_EQ(query_value_once(after, "SELECT 1"), "1");
}

TEST(Server, AppRoleLogsInWithoutSuperuserRights) {
    auto& server = Server::instance();
    auto url = server.create_database("app");
    auto app = server.app_url(url);
    EXPECT_THAT(app, ::testing::StartsWith("postgresql://strata_app:"));
    EXPECT_EQ(query_value_once(app, "SELECT current_user"), "strata_app");
    EXPECT_EQ(query_value_once(app, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"),
              "f");
    EXPECT_EQ(query_value_once(app, "SELECT current_database()"),
              strata::testing::detail::database_of(url));
}

TEST(Server, CreateDatabaseFromManyThreadsGivesDistinctDatabases) {
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::set<std::string> urls;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 3; ++i) {
                auto url = strata::testing::fresh_database_url("threads");
                std::scoped_lock lock(mutex);
                urls.insert(url);
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(urls.size(), 12u);
    for (const auto& url : urls) EXPECT_EQ(query_value_once(url, "SELECT 1"), "1");
}

TEST(Server, ClusterDirectoryIsGoneAfterTheProcessExits) {
    auto child = run_server_child("exit");
    ASSERT_EQ(child.exit_code, 0);
    ASSERT_EQ(child.report["private"], "1");
    auto dir = child.report["dir"];
    ASSERT_THAT(dir, ::testing::HasSubstr("/strata-test-"));
    EXPECT_FALSE(fs::exists(dir));
    EXPECT_FALSE(strata::detail::process_alive(std::stoi(child.report["postmaster"])));
}

TEST(Server, SigtermStopsAndRemovesTheCluster) {
    auto child = run_server_child("term");
    EXPECT_EQ(child.signal, SIGTERM);
    auto dir = child.report["dir"];
    ASSERT_THAT(dir, ::testing::HasSubstr("/strata-test-"));
    EXPECT_FALSE(fs::exists(dir));
    EXPECT_FALSE(strata::detail::process_alive(std::stoi(child.report["postmaster"])));
}

TEST(Server, ClusterOfAKilledProcessIsReapedByTheNextStart) {
    auto killed = run_server_child("kill");
    EXPECT_EQ(killed.signal, SIGKILL);
    auto dir = killed.report["dir"];
    ASSERT_THAT(dir, ::testing::HasSubstr("/strata-test-"));
    auto postmaster = std::stoi(killed.report["postmaster"]);
    EXPECT_TRUE(fs::exists(dir));
    EXPECT_TRUE(strata::detail::process_alive(postmaster));

    auto next = run_server_child("exit");
    ASSERT_EQ(next.exit_code, 0);
    EXPECT_FALSE(fs::exists(dir));
    EXPECT_FALSE(strata::detail::process_alive(postmaster));
}

TEST(Server, HonoursStrataTestDatabaseUrl) {
    SKIP_UNLESS_PRIVATE();
    auto& server = Server::instance();
    auto child = run_server_child("external", server.admin_url());
    ASSERT_EQ(child.exit_code, 0);
    EXPECT_EQ(child.report["private"], "0");
    EXPECT_EQ(child.report["dir"], "");
    EXPECT_EQ(child.report["restart"], "usage_error");
    auto url = child.report["url"];
    auto name = strata::testing::detail::database_of(url);
    EXPECT_THAT(name, ::testing::StartsWith("child_"));
    // The child's database lives in this process's cluster, and its URL reaches it.
    EXPECT_EQ(query_value_once(
                  server.admin_url(),
                  fmt::format("SELECT count(*) FROM pg_database WHERE datname = '{}'", name)),
              "1");
    EXPECT_EQ(query_value_once(url, "SELECT current_database()"), name);
    server.drop_database(url);
}

TEST(Server, ReapingLeavesClustersOfLiveProcessesAlone) {
    SKIP_UNLESS_PRIVATE();
    strata::testing::reap_orphaned_clusters();
    EXPECT_TRUE(fs::exists(Server::instance().cluster_dir()));
    EXPECT_EQ(query_value_once(Server::instance().admin_url(), "SELECT 1"), "1");
}

TEST(Server, RunsWithTheSpeedSettingsForTests) {
    SKIP_UNLESS_PRIVATE();
    auto url = Server::instance().admin_url();
    for (const char* setting : {"fsync", "synchronous_commit", "full_page_writes"}) {
        EXPECT_EQ(query_value_once(url, fmt::format("SHOW {}", setting)), "off") << setting;
    }
    EXPECT_EQ(query_value_once(url, "SHOW max_parallel_workers_per_gather"), "0");
    EXPECT_EQ(query_value_once(url, "SHOW listen_addresses"), "");
    if (std::getenv("STRATA_TEST_CLONE_STRATEGY") == nullptr) {
        EXPECT_EQ(Server::instance().clone_strategy(), "FILE_COPY");
    }
}

TEST(Server, SharedClusterServesSeveralProcessesAndStopsWithTheLast) {
    SKIP_UNLESS_PRIVATE();
    char tmpl[] = "/tmp/strata-shared-test-XXXXXX";
    fs::path dir = ::mkdtemp(tmpl);
    auto first = run_server_child("shared", {}, dir.string());
    auto second = run_server_child("shared", {}, dir.string());
    ASSERT_EQ(first.exit_code, 0);
    ASSERT_EQ(second.exit_code, 0);
    EXPECT_EQ(first.report["private"], "0");
    EXPECT_EQ(first.report["dir"], dir.string());
    EXPECT_EQ(first.report["restart"], "usage_error");
    // The last to leave stopped it; its data (both children's databases) persists.
    EXPECT_FALSE(strata::detail::process_alive(postmaster_of(dir.string())));
    EXPECT_TRUE(fs::is_empty(dir / "users"));
    strata::LocalCluster cluster(strata::LocalClusterOptions{.dir = dir, .durable = false});
    cluster.ensure_running();
    for (const auto* child : {&first, &second}) {
        auto name = strata::testing::detail::database_of(child->report.at("url"));
        EXPECT_EQ(query_value_once(cluster.url("postgres"),
                                   fmt::format("SELECT count(*) FROM pg_database WHERE datname = "
                                               "'{}'",
                                               name)),
                  "1");
    }
    cluster.destroy();
    std::error_code ec;
    fs::remove_all(dir, ec);
}
