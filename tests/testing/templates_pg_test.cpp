// Templates keyed by migration hash, clones per test, DatabaseTest, and gc after crashes.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/testing/database_test.hpp"
#include "strata/testing/server.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"
#include "testing/child_process.hpp"
#include "testing/migrations_dir.hpp"
#include "testing/pg_admin.hpp"

namespace fs = std::filesystem;
using namespace strata::testing;
using detail::query_value_once;
using strata::test_support::MigrationsDir;
using strata::test_support::write_widgets;

namespace {

constexpr const char* kTemplatesChildMode = "STRATA_TEMPLATES_CHILD";
constexpr const char* kTemplatesChildOut = "STRATA_TEMPLATES_CHILD_OUT";

bool database_exists(const std::string& name) {
    return query_value_once(Server::instance().admin_url(),
                            "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'") ==
           "1";
}

/// Databases whose name starts with prefix.
int count_like(const std::string& prefix) {
    return std::stoi(query_value_once(
        Server::instance().admin_url(),
        "SELECT count(*) FROM pg_database WHERE starts_with(datname, '" + prefix + "')"));
}

/// Re-executes this binary running only the child test registered for mode (see below), against
/// this process's server (as STRATA_TEST_DATABASE_URL) and the given migrations.
strata::test_support::ChildRun run_templates_child(const std::string& mode,
                                                   const fs::path& migrations,
                                                   bool own_cluster = false) {
    strata::test_support::ChildSpec spec{
        .gtest_filter = "TemplatesChild.*",
        .report_var = kTemplatesChildOut,
        .drop_prefixes = {"STRATA_TEST_", "STRATA_TEMPLATES_CHILD"},
        .env = {std::string(kTemplatesChildMode) + "=" + mode,
                "STRATA_TEST_MIGRATIONS_DIR=" + migrations.string()},
    };
    if (!own_cluster)
        spec.env.push_back("STRATA_TEST_DATABASE_URL=" + Server::instance().admin_url());
    return strata::test_support::rerun_self(spec);
}

void report(const std::string& line) {
    std::ofstream(std::getenv(kTemplatesChildOut), std::ios::app) << line << '\n';
}

/// The child tests: registered only when a parent test runs this binary as a child, so they
/// neither run nor show up (not even as skipped) in the normal suite.
class ChildPasses : public DatabaseTest {
    void TestBody() override {
        report(clone()->name());
        db().transact([](strata::Session& s) { s.execute("INSERT INTO widgets VALUES (1, 'a')"); });
    }
};
class ChildFailsOnPurpose : public DatabaseTest {
    void TestBody() override {
        report(clone()->name());
        db().transact([](strata::Session& s) { s.execute("INSERT INTO widgets VALUES (7, 'x')"); });
        ADD_FAILURE() << "deliberate failure: the parent checks the database is kept";
    }
};
class ChildBuildsTemplate : public ::testing::Test {
    void TestBody() override {
        auto info = ensure_template({});
        report(fmt::format("{} built={}", info.name, info.built ? 1 : 0));
    }
};
class ChildIsKilled : public ::testing::Test {
    void TestBody() override {
        auto tdb = migrated_database({});
        report(tdb.name());
        ::raise(SIGKILL);
    }
};

const bool kChildRegistered = [] {
    const char* mode = std::getenv(kTemplatesChildMode);
    if (mode == nullptr) return false;
    std::string m = mode;
    auto add = [](const char* name, auto factory) {
        ::testing::RegisterTest("TemplatesChild", name, nullptr, nullptr, __FILE__, __LINE__,
                                factory);
    };
    if (m == "pass") add("Passes", []() -> ::testing::Test* { return new ChildPasses; });
    if (m == "fail") add("Fails", []() -> ::testing::Test* { return new ChildFailsOnPurpose; });
    if (m == "build") add("Builds", []() -> ::testing::Test* { return new ChildBuildsTemplate; });
    if (m == "kill") add("IsKilled", []() -> ::testing::Test* { return new ChildIsKilled; });
    return true;
}();

}  // namespace

TEST(Template, IsBuiltOnceAndReusedWhileTheMigrationsAreUnchanged) {
    MigrationsDir dir;
    write_widgets(dir);
    auto first = ensure_template({.migrations_dir = dir.path()});
    auto second = ensure_template({.migrations_dir = dir.path()});
    EXPECT_TRUE(first.built);
    EXPECT_FALSE(second.built);
    EXPECT_EQ(first.name, second.name);
    EXPECT_THAT(first.name, ::testing::MatchesRegex("strata_tpl_[0-9a-f]{16}"));
    EXPECT_EQ(query_value_once(Server::instance().admin_url(),
                               "SELECT datistemplate::text || datallowconn::text FROM pg_database "
                               "WHERE datname = '" +
                                   first.name + "'"),
              "truefalse");
}

TEST(Template, ChangedMigrationYieldsANewTemplate) {
    MigrationsDir dir;
    write_widgets(dir);
    auto before = ensure_template({.migrations_dir = dir.path()});
    dir.write("20240101000000_widgets.sql",
              "-- migrate:up\nCREATE TABLE widgets (id bigint PRIMARY KEY, name text);\n");
    auto after = ensure_template({.migrations_dir = dir.path()});
    EXPECT_NE(before.name, after.name);
    EXPECT_TRUE(after.built);
    dir.write("20240102000000_gadgets.sql", "-- migrate:up\nCREATE TABLE gadgets (id int);\n");
    EXPECT_NE(ensure_template({.migrations_dir = dir.path()}).name, after.name);
}

TEST(Template, FailingMigrationIsNeverUsedAndTheErrorNamesTheMigration) {
    MigrationsDir dir;
    write_widgets(dir);
    dir.write("20240102000000_broken.sql",
              "-- migrate:up\nCREATE TABLE ok (id int);\nCREATE TABLE bad (id no_such_type);\n");
    auto fingerprint = template_fingerprint({.migrations_dir = dir.path()});
    auto name = "strata_tpl_" + fingerprint.substr(0, 16);
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            (void)migrated_database({.migrations_dir = dir.path()});
            FAIL() << "a clone of a failed template was handed out";
        } catch (const strata::migrate::MigrationFailed& e) {
            EXPECT_THAT(e.what(), ::testing::HasSubstr("20240102000000_broken.sql:3"));
            EXPECT_THAT(e.what(), ::testing::HasSubstr(name));
        }
        EXPECT_EQ(count_like(name), 0) << "neither the template nor its _building copy is left";
    }
}

TEST(Template, HalfBuiltLeftoverOfACrashedBuilderIsDroppedAndRebuilt) {
    MigrationsDir dir;
    write_widgets(dir);
    dir.write("20240102000000_unique.sql", "-- migrate:up\nCREATE TABLE half_built (id int);\n");
    auto name = "strata_tpl_" + template_fingerprint({.migrations_dir = dir.path()}).substr(0, 16);
    detail::AdminConnection admin(Server::instance().admin_url());
    admin.exec("CREATE DATABASE " + name + "_building");
    auto info = ensure_template({.migrations_dir = dir.path()});
    EXPECT_TRUE(info.built);
    EXPECT_FALSE(database_exists(name + "_building"));
    auto tdb = migrated_database({.migrations_dir = dir.path()});
    EXPECT_EQ(tdb.database().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
    }),
              0);
}

TEST(Template, RacingProcessesBuildItOnce) {
    MigrationsDir dir;
    write_widgets(dir);
    dir.write("20240102000000_slow.sql", "-- migrate:up\nSELECT pg_sleep(0.5);\n");
    std::vector<pid_t> pids;
    std::vector<std::string> reports(4);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back(
            [&, i] { reports[i] = run_templates_child("build", dir.path()).report; });
    }
    for (auto& t : threads) t.join();
    int builds = 0;
    std::set<std::string> names;
    for (const auto& r : reports) {
        ASSERT_THAT(r, ::testing::MatchesRegex("strata_tpl_[0-9a-f]{16} built=[01]\n"));
        names.insert(r.substr(0, r.find(' ')));
        builds += r.find("built=1") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(builds, 1);
    EXPECT_EQ(names.size(), 1U);
}

TEST(Clone, HasTheMigratedSchemaAndIsIndependentOfOtherClones) {
    MigrationsDir dir;
    write_widgets(dir);
    auto a = migrated_database({.migrations_dir = dir.path()});
    auto b = migrated_database({.migrations_dir = dir.path()});
    EXPECT_NE(a.name(), b.name());
    EXPECT_EQ(a.template_name(), b.template_name());
    a.database().transact(
        [](strata::Session& s) { s.execute("INSERT INTO widgets VALUES (1, 'a')"); });
    auto count = [](TestDatabase& t) {
        return t.database().transact([](strata::Session& s) {
            return s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
        });
    };
    EXPECT_EQ(count(a), 1);
    EXPECT_EQ(count(b), 0);
}

TEST(Clone, SeededTemplateHasTheSeedRowsUnderItsOwnName) {
    MigrationsDir dir;
    write_widgets(dir);
    MigrationsDir seeds;
    seeds.write("01_widgets.sql", "INSERT INTO widgets VALUES (1, 'seeded'), (2, 'too');\n");
    auto plain = migrated_database({.migrations_dir = dir.path()});
    auto seeded =
        migrated_database({.migrations_dir = dir.path(), .seed = true, .seeds_dir = seeds.path()});
    EXPECT_NE(plain.template_name(), seeded.template_name());
    EXPECT_EQ(seeded.database().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
    }),
              2);
    drop_test_database(seeded.template_name());  // MigrationsDir drops only the unseeded one
}

TEST(Clone, PassingTestLeavesNothingBehind) {
    MigrationsDir dir;
    write_widgets(dir);
    auto child = run_templates_child("pass", dir.path());
    ASSERT_EQ(child.exit_code, 0) << child.output;
    auto name = child.report.substr(0, child.report.find('\n'));
    ASSERT_THAT(name, ::testing::StartsWith("strata_clone_"));
    EXPECT_FALSE(database_exists(name));
    EXPECT_THAT(child.output, ::testing::Not(::testing::HasSubstr("kept test database")));
}

TEST(Clone, FailingTestKeepsItsDatabaseAndPrintsTheUrl) {
    MigrationsDir dir;
    write_widgets(dir);
    auto child = run_templates_child("fail", dir.path());
    EXPECT_EQ(child.exit_code, 1) << child.output;
    auto name = child.report.substr(0, child.report.find('\n'));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(child.output, m,
                                  std::regex("kept test database (\\S+) \\(TemplatesChild.Fails "
                                             "failed\\): (\\S+)")))
        << child.output;
    EXPECT_EQ(m[1].str(), name);
    EXPECT_EQ(query_value_once(m[2].str(), "SELECT name FROM widgets WHERE id = 7"), "x");
    drop_test_database(name);
    EXPECT_FALSE(database_exists(name));
}

TEST(Clone, FailingTestOnThePrivateClusterKeepsTheClusterUntilTheNextReap) {
    MigrationsDir dir;
    write_widgets(dir);
    auto child = run_templates_child("fail", dir.path(), /*own_cluster=*/true);
    EXPECT_EQ(child.exit_code, 1) << child.output;
    std::smatch m;
    ASSERT_TRUE(
        std::regex_search(child.output, m, std::regex("kept test database \\S+ .*: (\\S+)")))
        << child.output;
    EXPECT_THAT(child.output, ::testing::HasSubstr("keeps running because a test kept"));
    // The child is gone, its cluster is not: the developer can connect.
    EXPECT_EQ(query_value_once(m[1].str(), "SELECT name FROM widgets WHERE id = 7"), "x");
    EXPECT_GE(reap_orphaned_clusters(), 1U);
    EXPECT_THROW(query_value_once(m[1].str(), "SELECT 1"), strata::Error);
}

TEST(Gc, RemovesWhatACrashedTestProcessLeft) {
    MigrationsDir dir;
    write_widgets(dir);
    auto child = run_templates_child("kill", dir.path());
    ASSERT_EQ(child.signal, SIGKILL) << child.output;
    auto name = child.report.substr(0, child.report.find('\n'));
    ASSERT_TRUE(database_exists(name));
    auto live = migrated_database({.migrations_dir = dir.path()});
    auto report = collect_garbage({.reap_clusters = false});
    EXPECT_THAT(report.clones, ::testing::Contains(name));
    EXPECT_FALSE(database_exists(name));
    EXPECT_TRUE(database_exists(live.name())) << "a live process's clone is left alone";
}

TEST(Gc, RefusesToDropDatabasesItDidNotCreate) {
    EXPECT_THROW(drop_test_database("postgres"), strata::UsageError);
}

namespace {

/// Rollback mode over a fixed migrations directory made once per process.
class RollbackWidgets : public DatabaseTest {
protected:
    static const fs::path& migrations() {
        static MigrationsDir dir;  // removed (with its template) at exit
        static const bool written = (write_widgets(dir), true);
        (void)written;
        return dir.path();
    }
    TestDatabaseOptions options() const override {
        return {.migrations_dir = migrations(), .transaction_rollback = true};
    }
};

}  // namespace

TEST_F(RollbackWidgets, FirstTestInsertsARowThatIsRolledBack) {
    session().execute("INSERT INTO widgets VALUES (1, 'one')");
    EXPECT_EQ(session().query("SELECT count(*) FROM widgets").scalar<std::int64_t>(), 1);
}

TEST_F(RollbackWidgets, SecondTestSeesNoRowOfTheFirst) {
    EXPECT_EQ(session().query("SELECT count(*) FROM widgets").scalar<std::int64_t>(), 0);
    session().execute("INSERT INTO widgets VALUES (1, 'one')");
}
