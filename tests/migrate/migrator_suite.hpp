// The migrator's behaviour, written once and run on PostgreSQL and on SQLite.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/lock.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/migrate/seeds.hpp"

namespace strata::migrate::test {

namespace fs = std::filesystem;

/// Makes a fresh empty database (files, if any, under dir) and returns its URL.
using DatabaseFactory = std::function<std::string(const fs::path& dir)>;
/// Set by the backend-specific test file before tests run.
inline DatabaseFactory g_database_factory;

class MigratorSuite : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata-mig-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "migrations");
        fs::create_directories(dir_ / "seeds");
        url_ = g_database_factory(dir_);
        conn_.emplace(driver::Connection::open(url_));
    }
    void TearDown() override {
        conn_.reset();
        fs::remove_all(dir_);
    }

    bool pg() const { return conn_->backend() == driver::Backend::postgres; }

    void write(const std::string& name, const std::string& content) {
        std::ofstream(dir_ / "migrations" / name, std::ios::binary) << content;
    }
    void write_seed(const std::string& name, const std::string& content) {
        std::ofstream(dir_ / "seeds" / name, std::ios::binary) << content;
    }

    MigratorOptions options() {
        MigratorOptions o;
        o.url = url_;
        o.migrations_dir = dir_ / "migrations";
        o.report = [this](const std::string& line) { reports_.push_back(line); };
        o.warn = [this](const std::string& line) { warnings_.push_back(line); };
        o.lock_timeout = std::chrono::milliseconds(30'000);
        return o;
    }
    Migrator migrator() { return Migrator(options()); }

    bool table_exists(const std::string& name) {
        if (pg()) return conn_->query("SELECT to_regclass($1) IS NOT NULL", name).scalar<bool>();
        return conn_->query("SELECT count(*) FROM sqlite_schema WHERE name = $1", name)
                   .scalar<std::int64_t>() > 0;
    }
    std::int64_t count(const std::string& table) {
        return conn_->query("SELECT count(*) FROM " + table).scalar<std::int64_t>();
    }

    /// Three simple migrations with down sections.
    void write_three() {
        write("20240101000000_create_a.sql",
              "-- Table a.\n-- migrate:up\nCREATE TABLE a (id integer PRIMARY KEY);\n-- "
              "migrate:down\nDROP TABLE a;\n");
        write("20240102000000_create_b.sql",
              "-- migrate:up\nCREATE TABLE b (id integer PRIMARY KEY);\n-- migrate:down\nDROP "
              "TABLE b;\n");
        write("20240103000000_create_c.sql",
              "-- migrate:up\nCREATE TABLE c (id integer PRIMARY KEY);\n-- migrate:down\nDROP "
              "TABLE c;\n");
    }

    fs::path dir_;
    std::string url_;
    std::optional<driver::Connection> conn_;
    std::vector<std::string> reports_;
    std::vector<std::string> warnings_;
};

TEST_F(MigratorSuite, UpAppliesEveryPendingMigrationAndRecordsHistory) {
    write_three();
    auto summary = migrator().up();
    EXPECT_EQ(summary.steps.size(), 3U);
    EXPECT_TRUE(table_exists("a"));
    EXPECT_TRUE(table_exists("c"));
    auto m = migrator();
    auto history = m.history();
    ASSERT_EQ(history.size(), 3U);
    EXPECT_EQ(history[0].version, "20240101000000");
    EXPECT_EQ(history[0].name, "create_a");
    EXPECT_EQ(history[0].description, "Table a.");
    EXPECT_EQ(history[0].checksum.size(), 64U);
    EXPECT_EQ(history[0].apply_order, 1);
    EXPECT_EQ(history[2].apply_order, 3);
    EXPECT_FALSE(history[0].applied_by.empty());
    EXPECT_FALSE(history[0].tool_version.empty());
    EXPECT_TRUE(m.status().clean());
    auto events = m.events();
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0].action, "up");
    // The run said what it did and how long it took.
    ASSERT_FALSE(reports_.empty());
    EXPECT_NE(reports_.back().find("applied 3 migrations in"), std::string::npos)
        << reports_.back();
    // A second run has nothing to do.
    EXPECT_TRUE(migrator().up().steps.empty());
}

TEST_F(MigratorSuite, UpTakesPlusNAndVersionTargets) {
    write_three();
    EXPECT_EQ(migrator().up("+1").steps.size(), 1U);
    EXPECT_TRUE(table_exists("a"));
    EXPECT_FALSE(table_exists("b"));
    EXPECT_EQ(migrator().up("20240102000000").steps.size(), 1U);
    EXPECT_TRUE(table_exists("b"));
    EXPECT_FALSE(table_exists("c"));
    EXPECT_THROW(migrator().up("20990101000000"), UsageError);
    EXPECT_THROW(migrator().up("+x"), UsageError);
}

TEST_F(MigratorSuite, ARunThatFailsValidationLeavesTheDatabaseUntouched) {
    write_three();
    EXPECT_THROW(migrator().up("20990101000000"), UsageError);
    EXPECT_FALSE(table_exists("strata_migrations"));
    EXPECT_FALSE(table_exists("strata_migrations_events"));
    EXPECT_TRUE(migrator().status().count(State::pending) == 3);
}

TEST_F(MigratorSuite, StatusReportsPendingAppliedEditedAndMissing) {
    write_three();
    migrator().up("+2");
    auto st = migrator().status();
    EXPECT_EQ(st.count(State::applied), 2U);
    EXPECT_EQ(st.count(State::pending), 1U);
    EXPECT_EQ(st.current(), "20240102000000");
    write("20240101000000_create_a.sql",
          "-- Table a.\n-- migrate:up\nCREATE TABLE a (id bigint PRIMARY KEY);\n-- "
          "migrate:down\nDROP TABLE a;\n");
    fs::remove(dir_ / "migrations" / "20240102000000_create_b.sql");
    st = migrator().status();
    EXPECT_EQ(st.count(State::edited), 1U);
    EXPECT_EQ(st.count(State::missing), 1U);
    EXPECT_FALSE(st.clean());
}

TEST_F(MigratorSuite, ChangingOnlyLineEndingsIsNotAnEdit) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    migrator().up();
    write("20240101000000_create_a.sql", "-- migrate:up\r\nCREATE TABLE a (id integer);\r\n");
    EXPECT_TRUE(migrator().status().clean());
}

TEST_F(MigratorSuite, UpRefusesWhileAnAppliedMigrationWasEditedUntilRepair) {
    write_three();
    migrator().up("+1");
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer PRIMARY KEY, x int);\n-- migrate:down\nDROP "
          "TABLE a;\n");
    try {
        migrator().up();
        FAIL() << "up ran despite an edited migration";
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("20240101000000_create_a.sql"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("strata repair"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(table_exists("b"));
    auto repaired = migrator().repair();
    ASSERT_EQ(repaired.size(), 1U);
    EXPECT_TRUE(migrator().status().count(State::edited) == 0);
    EXPECT_EQ(migrator().up().steps.size(), 2U);
    auto events = migrator().events();
    EXPECT_TRUE(std::any_of(events.begin(), events.end(),
                            [](const MigrationEvent& e) { return e.action == "repair"; }));
}

TEST_F(MigratorSuite, AllowEditedRunsAnyway) {
    write_three();
    migrator().up("+1");
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer PRIMARY KEY);\n-- edited\n");
    auto o = options();
    o.allow_edited = true;
    EXPECT_EQ(Migrator(o).up().steps.size(), 2U);
}

TEST_F(MigratorSuite, AFailingStatementLeavesNoTraceOfItsMigration) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write("20240102000000_broken.sql",
          "-- migrate:up\nCREATE TABLE b1 (id integer);\nCREATE TABLE b2 (id integer);\n"
          "INSERT INTO no_such_table VALUES (1);\nCREATE TABLE b3 (id integer);\n");
    try {
        migrator().up();
        FAIL() << "the broken migration applied";
    } catch (const MigrationFailed& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_broken.sql:4"), std::string::npos) << what;
        EXPECT_NE(what.find("statement 3 of 4"), std::string::npos) << what;
        EXPECT_EQ(e.version(), "20240102000000");
        EXPECT_EQ(e.line(), 4);
        if (pg()) {
            EXPECT_NE(what.find("42P01"), std::string::npos) << what;
        }
    }
    EXPECT_TRUE(table_exists("a"));
    EXPECT_FALSE(table_exists("b1"));
    EXPECT_FALSE(table_exists("b2"));
    auto st = migrator().status();
    EXPECT_EQ(st.count(State::applied), 1U);
    EXPECT_EQ(st.count(State::pending), 1U);
}

TEST_F(MigratorSuite, OutOfOrderIsAppliedWithAWarningAndDownRevertsItFirst) {
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer);\n-- migrate:down\nDROP TABLE a;\n");
    write("20240103000000_create_c.sql",
          "-- migrate:up\nCREATE TABLE c (id integer);\n-- migrate:down\nDROP TABLE c;\n");
    migrator().up();
    // A branch merge brings an older migration.
    write("20240102000000_create_b.sql",
          "-- migrate:up\nCREATE TABLE b (id integer);\n-- migrate:down\nDROP TABLE b;\n");
    EXPECT_EQ(migrator().status().count(State::out_of_order), 1U);
    auto strict = options();
    strict.strict = true;
    EXPECT_THROW(Migrator(strict).up(), MigrationStateError);
    EXPECT_FALSE(table_exists("b"));
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    ASSERT_EQ(warnings_.size(), 1U);
    EXPECT_NE(warnings_[0].find("out of order"), std::string::npos);
    // down -1 reverts the migration applied last (b), not the highest version (c).
    auto down = migrator().down("-1");
    ASSERT_EQ(down.steps.size(), 1U);
    EXPECT_EQ(down.steps[0].version, "20240102000000");
    EXPECT_FALSE(table_exists("b"));
    EXPECT_TRUE(table_exists("c"));
}

TEST_F(MigratorSuite, DownWithoutDownSectionChangesNothing) {
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer);\n-- migrate:down\nDROP TABLE a;\n");
    write("20240102000000_create_b.sql", "-- migrate:up\nCREATE TABLE b (id integer);\n");
    migrator().up();
    try {
        migrator().down("-2");
        FAIL();
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("20240102000000_create_b.sql"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("irreversible"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(table_exists("a"));
    EXPECT_TRUE(table_exists("b"));
    EXPECT_EQ(migrator().history().size(), 2U);
}

TEST_F(MigratorSuite, AnEmptyOrCommentOnlyDownSectionIsADeliberateNoOp) {
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer);\n-- migrate:down\nDROP TABLE a;\n");
    write("20240102000000_fill_a.sql",
          "-- migrate:up\nINSERT INTO a VALUES (1);\n-- migrate:down\n-- the rows go with a\n");
    write("20240103000000_noop.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    migrator().up();
    EXPECT_EQ(migrator().down("base").steps.size(), 3U);
    EXPECT_FALSE(table_exists("a"));
    EXPECT_TRUE(migrator().history().empty());
    const auto noop = std::count_if(reports_.begin(), reports_.end(), [](const std::string& r) {
        return r.find("its down section is empty (a deliberate no-op down)") != std::string::npos;
    });
    EXPECT_EQ(noop, 2) << ::testing::PrintToString(reports_);
}

TEST_F(MigratorSuite, DownToVersionAndBaseAndRedo) {
    write_three();
    migrator().up();
    EXPECT_EQ(migrator().down("20240101000000").steps.size(), 2U);
    EXPECT_TRUE(table_exists("a"));
    EXPECT_FALSE(table_exists("b"));
    migrator().up();
    auto redo = migrator().redo();
    ASSERT_EQ(redo.steps.size(), 2U);
    EXPECT_EQ(redo.steps[0].version, "20240103000000");
    EXPECT_TRUE(table_exists("c"));
    EXPECT_EQ(migrator().down("base").steps.size(), 3U);
    EXPECT_FALSE(table_exists("a"));
    EXPECT_TRUE(migrator().history().empty());
    EXPECT_THROW(migrator().down("nonsense"), UsageError);
}

TEST_F(MigratorSuite, BaselineRecordsWithoutRunning) {
    write_three();
    conn_->execute_script("CREATE TABLE a (id integer PRIMARY KEY)");
    auto summary = migrator().baseline("20240101000000");
    EXPECT_EQ(summary.steps.size(), 1U);
    EXPECT_EQ(migrator().status().current(), "20240101000000");
    EXPECT_EQ(migrator().up().steps.size(), 2U);
    EXPECT_THROW(migrator().baseline("20300101000000"), UsageError);
}

TEST_F(MigratorSuite, BadInputIsRejectedBeforeAnythingRuns) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write("20240102000000_empty.sql", "");
    EXPECT_THROW(migrator().up(), MigrationFileError);
    EXPECT_FALSE(table_exists("a"));
    fs::remove(dir_ / "migrations" / "20240102000000_empty.sql");
    write("20240102000000_nomarker.sql", "CREATE TABLE b (id integer);\n");
    EXPECT_THROW(migrator().up(), MigrationFileError);
    EXPECT_FALSE(table_exists("a"));
    fs::remove(dir_ / "migrations" / "20240102000000_nomarker.sql");
    write("20240101000000_dup.sql", "-- migrate:up\nCREATE TABLE d (id integer);\n");
    EXPECT_THROW(migrator().up(), MigrationFileError);
    EXPECT_FALSE(table_exists("a"));
    fs::remove(dir_ / "migrations" / "20240101000000_dup.sql");
    auto o = options();
    o.migrations_dir = dir_ / "missing";
    EXPECT_THROW(Migrator(o).up(), MigrationFileError);
    EXPECT_FALSE(table_exists("a"));
}

TEST_F(MigratorSuite, SqlOutputReplaysToTheSameSchemaAndHistory) {
    write_three();
    const std::string script = migrator().up_sql();
    EXPECT_FALSE(table_exists("a"));  // --sql touches nothing
    EXPECT_NE(script.find("CREATE TABLE a"), std::string::npos);
    conn_->execute_script(script);
    EXPECT_TRUE(table_exists("c"));
    auto st = migrator().status();
    EXPECT_TRUE(st.clean());
    EXPECT_EQ(migrator().history().size(), 3U);
    const std::string down = migrator().down_sql("-1");
    conn_->execute_script(down);
    EXPECT_FALSE(table_exists("c"));
    EXPECT_EQ(migrator().history().size(), 2U);
}

TEST_F(MigratorSuite, ConcurrentRunnersApplyEachMigrationExactlyOnce) {
    for (int i = 0; i < 20; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "202401010000%02d_t%d.sql", i, i);
        write(name, "-- migrate:up\nCREATE TABLE t" + std::to_string(i) +
                        " (id integer);\n"
                        "INSERT INTO t" +
                        std::to_string(i) + " VALUES (1);\n");
    }
    conn_.reset();
    std::vector<pid_t> children;
    for (int p = 0; p < 8; ++p) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int code = 0;
            try {
                auto o = options();
                o.report = {};
                o.warn = {};
                Migrator(o).up();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "child %d: %s\n", p, e.what());
                code = 1;
            }
            _exit(code);  // no atexit handlers: the test server belongs to the parent
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a runner failed";
    }
    conn_.emplace(driver::Connection::open(url_));
    auto history = migrator().history();
    ASSERT_EQ(history.size(), 20U);
    for (std::size_t i = 0; i < history.size(); ++i) {
        EXPECT_EQ(history[i].apply_order, static_cast<std::int64_t>(i + 1));
    }
    for (int i = 0; i < 20; ++i) EXPECT_EQ(count("t" + std::to_string(i)), 1);
    EXPECT_EQ(migrator().events().size(), 20U);
}

TEST_F(MigratorSuite, SeedsRunInOrderInOneTransactionAndAreRefusedInProduction) {
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer PRIMARY KEY, note text);\n");
    migrator().up();
    write_seed("001_a.sql", "INSERT INTO a VALUES (1, 'one') ON CONFLICT (id) DO NOTHING;\n");
    write_seed("002_b.sql", "INSERT INTO a VALUES (2, 'two') ON CONFLICT (id) DO NOTHING;\n");
    SeedOptions so;
    so.dir = dir_ / "seeds";
    auto r = run_seeds(*conn_, so);
    ASSERT_EQ(r.files.size(), 2U);
    EXPECT_EQ(r.files[0], "001_a.sql");
    run_seeds(*conn_, so);  // idempotent
    EXPECT_EQ(count("a"), 2);
    so.environment = "production";
    EXPECT_THROW(run_seeds(*conn_, so), ProductionSeedRefused);
    so.force_production = true;
    EXPECT_NO_THROW(run_seeds(*conn_, so));
    so.environment = "development";
    write_seed("003_bad.sql", "INSERT INTO a VALUES (3, 'three');\nINSERT INTO nope VALUES (1);\n");
    try {
        run_seeds(*conn_, so);
        FAIL();
    } catch (const MigrationFailed& e) {
        EXPECT_NE(std::string(e.what()).find("003_bad.sql:2"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count("a"), 2);  // nothing of the failed run remains
}

}  // namespace strata::migrate::test
