// The ready-clone pool: never one clone twice, outdated clones dropped, gc after a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/testing/server.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"
#include "testing/child_process.hpp"
#include "testing/migrations_dir.hpp"
#include "testing/pg_admin.hpp"
#include "testing/ready_pool.hpp"

using namespace strata::testing;
using strata::test_support::MigrationsDir;
using strata::test_support::write_widgets;

namespace {

constexpr const char* kPoolChildMode = "STRATA_READY_POOL_CHILD";
constexpr const char* kPoolChildOut = "STRATA_READY_POOL_CHILD_OUT";

bool pool_database_exists(const std::string& name) {
    return detail::query_value_once(
               Server::instance().admin_url(),
               "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'") == "1";
}

/// Waits (up to a minute: the machine may be busy) until template_name has ready clones.
std::vector<std::string> wait_for_ready(const std::string& template_name) {
    for (int i = 0; i < 6000; ++i) {
        auto names = detail::ready_clone_names(template_name);
        if (!names.empty()) return names;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};
}

/// The clone must be fresh (no widget yet); then it gets one, which a second user would see.
bool fresh_then_marked(TestDatabase& tdb) {
    return tdb.database().transact([](strata::Session& s) {
        auto before = s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
        s.execute("INSERT INTO widgets VALUES (1, 'taken')");
        return before == 0;
    });
}

void pool_report(const std::string& line) {
    std::ofstream(std::getenv(kPoolChildOut), std::ios::app) << line << '\n';
}

strata::test_support::ChildRun run_pool_child(const std::string& mode,
                                              const std::filesystem::path& migrations) {
    return strata::test_support::rerun_self({
        .gtest_filter = "ReadyPoolChild.*",
        .report_var = kPoolChildOut,
        .drop_prefixes = {"STRATA_TEST_", "STRATA_READY_POOL_CHILD"},
        .env = {std::string(kPoolChildMode) + "=" + mode,
                "STRATA_TEST_MIGRATIONS_DIR=" + migrations.string(),
                "STRATA_TEST_DATABASE_URL=" + Server::instance().admin_url()},
    });
}

/// Takes 15 clones, holding them all, and reports each name and whether it was fresh.
class ChildTakesMany : public ::testing::Test {
    void TestBody() override {
        std::vector<TestDatabase> held;
        for (int i = 0; i < 15; ++i) {
            held.push_back(migrated_database({}));
            pool_report(fmt::format("{} {}", held.back().name(),
                                    fresh_then_marked(held.back()) ? "fresh" : "used"));
        }
    }
};

/// Takes one clone, waits for ready ones, reports them all, and dies without cleaning up.
class ChildDiesWithReadyClones : public ::testing::Test {
    void TestBody() override {
        auto tdb = migrated_database({});
        pool_report(tdb.name());
        for (const auto& name : wait_for_ready(tdb.template_name())) pool_report(name);
        ::raise(SIGKILL);
    }
};

const bool kPoolChildRegistered = [] {
    const char* mode = std::getenv(kPoolChildMode);
    if (mode == nullptr) return false;
    const std::string m = mode;
    auto add = [](const char* name, auto factory) {
        ::testing::RegisterTest("ReadyPoolChild", name, nullptr, nullptr, __FILE__, __LINE__,
                                factory);
    };
    if (m == "many") add("TakesMany", []() -> ::testing::Test* { return new ChildTakesMany; });
    if (m == "die") add("Dies", []() -> ::testing::Test* { return new ChildDiesWithReadyClones; });
    return true;
}();

}  // namespace

TEST(ReadyPool, HandsOutAReadyConnectedCloneAndDropsFinishedOnesInTheBackground) {
    MigrationsDir dir;
    write_widgets(dir);
    std::string first_name;
    {
        auto first = migrated_database({.migrations_dir = dir.path()});
        first_name = first.name();
        EXPECT_TRUE(fresh_then_marked(first));  // a changed clone is dropped, not reused
        auto ready = wait_for_ready(first.template_name());
        ASSERT_FALSE(ready.empty()) << "the refill threads made no ready clone";
        for (const auto& name : ready) EXPECT_TRUE(pool_database_exists(name));
        auto second = migrated_database({.migrations_dir = dir.path()});
        EXPECT_THAT(ready, ::testing::Contains(second.name()));
        EXPECT_TRUE(fresh_then_marked(second));
        EXPECT_EQ(second.database().stats().open, 1U) << "connected before it was asked for";
    }
    detail::wait_for_background_drops();
    EXPECT_FALSE(pool_database_exists(first_name));
}

TEST(ReadyPool, ConcurrentThreadsNeverGetTheSameClone) {
    MigrationsDir dir;
    write_widgets(dir);
    std::mutex mutex;
    std::multiset<std::string> names;
    int reused = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            std::vector<TestDatabase> held;
            for (int i = 0; i < 8; ++i) {
                held.push_back(migrated_database({.migrations_dir = dir.path()}));
                const bool fresh = fresh_then_marked(held.back());
                std::scoped_lock lock(mutex);
                names.insert(held.back().name());
                reused += fresh ? 0 : 1;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(names.size(), 32U);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 32U);
    EXPECT_EQ(reused, 0);
}

TEST(ReadyPool, ConcurrentProcessesOnOneServerNeverGetTheSameClone) {
    MigrationsDir dir;
    write_widgets(dir);
    (void)ensure_template({.migrations_dir = dir.path()});
    std::vector<strata::test_support::ChildRun> runs(2);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        threads.emplace_back([&, i] { runs[i] = run_pool_child("many", dir.path()); });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> names;
    std::size_t lines = 0;
    for (const auto& run : runs) {
        ASSERT_EQ(run.exit_code, 0) << run.output;
        std::istringstream in(run.report);
        std::string name, state;
        while (in >> name >> state) {
            ++lines;
            names.insert(name);
            EXPECT_EQ(state, "fresh") << name << " was handed out before";
        }
    }
    EXPECT_EQ(lines, 30U);
    EXPECT_EQ(names.size(), 30U);
    for (const auto& name : names) EXPECT_FALSE(pool_database_exists(name)) << "left: " << name;
}

TEST(ReadyPool, ReadyClonesOfAnOutdatedTemplateAreDropped) {
    MigrationsDir dir;
    write_widgets(dir);
    auto before = migrated_database({.migrations_dir = dir.path()});
    auto outdated = wait_for_ready(before.template_name());
    ASSERT_FALSE(outdated.empty());
    dir.write("20240102000000_gadgets.sql", "-- migrate:up\nCREATE TABLE gadgets (id int);\n");
    auto after = migrated_database({.migrations_dir = dir.path()});
    EXPECT_NE(after.template_name(), before.template_name());
    EXPECT_EQ(after.database().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM gadgets").scalar<std::int64_t>();
    }),
              0);
    EXPECT_TRUE(detail::ready_clone_names(before.template_name()).empty());
    detail::wait_for_background_drops();
    for (const auto& name : outdated) EXPECT_FALSE(pool_database_exists(name)) << name;
    EXPECT_TRUE(pool_database_exists(before.name())) << "a clone a test holds stays";
    drop_test_database(after.template_name());  // MigrationsDir drops only the current one
}

TEST(ReadyPool, GcRemovesTheTakenAndReadyClonesOfAKilledProcess) {
    MigrationsDir dir;
    write_widgets(dir);
    auto child = run_pool_child("die", dir.path());
    ASSERT_EQ(child.signal, SIGKILL) << child.output;
    std::vector<std::string> left;
    std::istringstream in(child.report);
    for (std::string name; std::getline(in, name);) left.push_back(name);
    ASSERT_GE(left.size(), 2U) << "one taken and at least one ready clone: " << child.report;
    for (const auto& name : left) ASSERT_TRUE(pool_database_exists(name)) << name;
    auto report = collect_garbage({.reap_clusters = false});
    for (const auto& name : left) {
        EXPECT_THAT(report.clones, ::testing::Contains(name));
        EXPECT_FALSE(pool_database_exists(name)) << name;
    }
}

TEST(ReadyPool, ZeroReadyClonesClonesAndDropsOnDemand) {
    MigrationsDir dir;
    write_widgets(dir);
    std::string name;
    {
        auto tdb = migrated_database({.migrations_dir = dir.path(), .ready_clones = 0});
        name = tdb.name();
        EXPECT_TRUE(fresh_then_marked(tdb));
        EXPECT_TRUE(detail::ready_clone_names(tdb.template_name()).empty());
    }
    EXPECT_FALSE(pool_database_exists(name)) << "dropped by the destructor itself";
}

namespace {

/// A template with a table and a sequence, for the reuse tests.
void write_widgets_and_sequence(const MigrationsDir& dir) {
    write_widgets(dir);
    dir.write("20240102000000_ids.sql", "-- migrate:up\nCREATE SEQUENCE widget_ids;\n");
}

bool is_ready(const std::string& template_name, const std::string& name) {
    auto names = detail::ready_clone_names(template_name);
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// Runs sql in a test's clone, ends the test, and says whether the clone went back to the pool
/// (true) or was dropped (false).
bool reused_after(const std::filesystem::path& migrations, const std::vector<std::string>& sql) {
    std::string name, tpl;
    {
        auto tdb = migrated_database({.migrations_dir = migrations});
        name = tdb.name();
        tpl = tdb.template_name();
        tdb.database().transact([&](strata::Session& s) {
            for (const auto& statement : sql) s.execute(statement);
        });
    }
    detail::wait_for_background_drops();
    const bool ready = is_ready(tpl, name);
    EXPECT_EQ(ready, pool_database_exists(name)) << name << " is neither ready nor dropped";
    return ready;
}

}  // namespace

TEST(ReadyPool, AFinishedTestThatChangedNothingGivesItsCloneBackWithItsSessionsReset) {
    MigrationsDir dir;
    write_widgets_and_sequence(dir);
    std::string name, tpl;
    {
        auto tdb = migrated_database({.migrations_dir = dir.path()});
        name = tdb.name();
        tpl = tdb.template_name();
        // Reads, and session state a reused clone must not carry over.
        tdb.database().transact([](strata::Session& s) {
            (void)s.query("SELECT count(*) FROM widgets").scalar<std::int64_t>();
            s.execute("SET statement_timeout = '1234ms'");
            s.execute("SELECT pg_advisory_lock(42)");
        });
    }
    detail::wait_for_background_drops();
    ASSERT_TRUE(is_ready(tpl, name)) << "a clone its test did not change goes back to the pool";
    std::vector<TestDatabase> held;
    for (int i = 0; i < 8 && (held.empty() || held.back().name() != name); ++i) {
        held.push_back(migrated_database({.migrations_dir = dir.path()}));
    }
    ASSERT_EQ(held.back().name(), name) << "the reused clone was not handed out again";
    auto& again = held.back();
    EXPECT_EQ(again.database().stats().open, 1U) << "connected before it was asked for";
    EXPECT_EQ(again.url(), detail::rewrite_url(Server::instance().admin_url(), name));
    again.database().transact([](strata::Session& s) {
        EXPECT_EQ(s.query("SHOW statement_timeout").scalar<std::string>(), "0");
        EXPECT_EQ(s.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
                      .scalar<std::int64_t>(),
                  0);
    });
    EXPECT_TRUE(fresh_then_marked(again));
}

TEST(ReadyPool, AFinishedTestThatChangedAnythingHasItsCloneDropped) {
    MigrationsDir dir;
    write_widgets_and_sequence(dir);
    const auto on_db = [](const std::string& command) {
        return "DO $$ BEGIN EXECUTE format('" + command + "', current_database()); END $$";
    };
    const std::vector<std::vector<std::string>> changes = {
        {"INSERT INTO widgets VALUES (1, 'a')"},
        {"INSERT INTO widgets VALUES (1, 'a')", "DELETE FROM widgets"},
        {"TRUNCATE widgets"},
        {"CREATE TABLE extra (id int)"},
        {"CREATE INDEX ON widgets (name)"},
        {"COMMENT ON TABLE widgets IS 'x'"},
        {"SELECT nextval('widget_ids')"},
        {"SELECT setval('widget_ids', 5)"},
        {"SELECT lo_create(0)"},
        {on_db("COMMENT ON DATABASE %I IS ''x''")},
        {on_db("ALTER DATABASE %I SET work_mem = ''8MB''")},
        {on_db("GRANT CREATE ON DATABASE %I TO PUBLIC")},
        {on_db("ALTER DATABASE %I CONNECTION LIMIT 50")},
        {"PREPARE left_behind AS SELECT 1"},  // session state the pool's reset keeps
    };
    EXPECT_TRUE(reused_after(dir.path(), {"UPDATE widgets SET name = name"}))
        << "an UPDATE of no row changes nothing";
    EXPECT_TRUE(reused_after(dir.path(), {"SELECT last_value FROM widget_ids"}));
    for (const auto& change : changes) {
        EXPECT_FALSE(reused_after(dir.path(), change)) << change.front();
    }
}

TEST(ReadyPool, ACloneStillConnectedAfterItsTestIsDroppedNotReused) {
    MigrationsDir dir;
    write_widgets(dir);
    std::string name, tpl;
    std::optional<detail::AdminConnection> leaked;
    {
        auto tdb = migrated_database({.migrations_dir = dir.path()});
        name = tdb.name();
        tpl = tdb.template_name();
        leaked.emplace(tdb.url());
        leaked->exec("SELECT 1");
    }
    detail::wait_for_background_drops();
    EXPECT_FALSE(is_ready(tpl, name));
    EXPECT_FALSE(pool_database_exists(name)) << "dropped, its leftover session terminated";
}

TEST(ReadyPool, ReuseCanBeTurnedOff) {
    MigrationsDir dir;
    write_widgets(dir);
    std::string name;
    {
        auto tdb = migrated_database({.migrations_dir = dir.path(), .reuse_unchanged = false});
        name = tdb.name();
    }
    detail::wait_for_background_drops();
    EXPECT_FALSE(pool_database_exists(name));
    ::setenv("STRATA_TEST_REUSE_CLONES", "sometimes", 1);
    EXPECT_THROW((void)migrated_database({.migrations_dir = dir.path()}), strata::UsageError);
    ::unsetenv("STRATA_TEST_REUSE_CLONES");
}
