// The migrator suite on PostgreSQL (a fresh database per test), plus PostgreSQL-only behaviour.
#include <fmt/format.h>

#include "migrate/migrator_notx_suite.hpp"
#include "migrate/migrator_redo_suite.hpp"
#include "migrate/migrator_suite.hpp"
#include "migrate/migrator_tx_suite.hpp"
#include "strata/testing/server.hpp"

namespace strata::migrate::test {
namespace {

const bool kRegistered = [] {
    g_database_factory = [](const fs::path&) { return strata::testing::fresh_database_url("mig"); };
    return true;
}();

}  // namespace
}  // namespace strata::migrate::test

namespace strata::migrate::test {
namespace {

using MigratorPg = MigratorSuite;

TEST_F(MigratorPg, TransactionUnsafeStatementInATransactionalFileIsRejectedBeforeRunning) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write(
        "20240102000000_index.sql",
        "-- migrate:up\nCREATE TABLE b (x integer);\n\nCREATE INDEX CONCURRENTLY b_x ON b (x);\n");
    try {
        migrator().up();
        FAIL();
    } catch (const MigrationFileError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_index.sql:4"), std::string::npos) << what;
        EXPECT_NE(what.find("CREATE INDEX CONCURRENTLY"), std::string::npos) << what;
        EXPECT_NE(what.find("-- migrate:no-transaction"), std::string::npos) << what;
    }
    EXPECT_FALSE(table_exists("a"));
}

TEST_F(MigratorPg, ParseErrorNamesFileLineAndColumnBeforeRunning) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write("20240102000000_typo.sql",
          "-- migrate:up\nCREATE TABLE b (x integer);\nCREATE TABEL c (x integer);\n");
    try {
        migrator().up();
        FAIL();
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find("20240102000000_typo.sql:3:8"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(table_exists("a"));
}

TEST_F(MigratorPg, HistoryStaysInPlaceWhenAMigrationChangesSearchPath) {
    write("20240101000000_schema.sql",
          "-- migrate:up\nCREATE SCHEMA app;\nSET search_path TO app;\nCREATE TABLE inside (id "
          "integer);\n");
    write("20240102000000_more.sql", "-- migrate:up\nCREATE TABLE public.more (id integer);\n");
    migrator().up();
    EXPECT_TRUE(table_exists("public.strata_migrations"));
    EXPECT_FALSE(table_exists("app.strata_migrations"));
    EXPECT_TRUE(table_exists("app.inside"));
    EXPECT_EQ(migrator().history().size(), 2U);
}

TEST_F(MigratorPg, ConfiguredHistorySchemaAndTableAreUsed) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    auto o = options();
    o.history.schema = "ops";
    o.history.table = "schema_history";
    Migrator(o).up();
    EXPECT_TRUE(table_exists("ops.schema_history"));
    EXPECT_TRUE(table_exists("ops.schema_history_events"));
    EXPECT_FALSE(table_exists("public.strata_migrations"));
    EXPECT_EQ(Migrator(o).history().size(), 1U);
}

TEST_F(MigratorPg, AHistoryTableNameCutTo63BytesWithItsEventsTableIsRefused) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    auto o = options();
    o.history.table = std::string(58, 'h');  // "<58>_events" is 65 bytes: cut to 63
    try {
        Migrator(o).up();
        FAIL() << "ran with a colliding history table name";
    } catch (const UsageError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("63 bytes"), std::string::npos) << what;
        EXPECT_NE(what.find("at most 56 bytes"), std::string::npos) << what;
    }
    EXPECT_FALSE(table_exists("a"));
    o.history.table = std::string(56, 'h');
    EXPECT_EQ(Migrator(o).up().steps.size(), 1U);
    EXPECT_TRUE(table_exists(std::string(56, 'h') + "_events"));
}

TEST_F(MigratorPg, NonTransactionalMigrationRecordsProgressAndResumes) {
    write("20240101000000_create_a.sql",
          "-- migrate:up\nCREATE TABLE a (id integer, x integer);\n");
    write("20240102000000_indexes.sql",
          "-- migrate:no-transaction\n-- migrate:up\n"
          "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
          "CREATE INDEX CONCURRENTLY a_x ON missing_table (x);\n"
          "CREATE INDEX CONCURRENTLY a_both ON a (id, x);\n");
    try {
        migrator().up();
        FAIL();
    } catch (const MigrationFailed& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_indexes.sql:4"), std::string::npos) << what;
        EXPECT_NE(what.find("resume at statement 2"), std::string::npos) << what;
    }
    auto st = migrator().status();
    ASSERT_EQ(st.count(State::partial), 1U);
    const auto& partial = st.entries[1];
    ASSERT_TRUE(partial.applied);
    EXPECT_EQ(partial.applied->statements_done, 1);
    EXPECT_EQ(partial.applied->statements_total, 3);
    EXPECT_FALSE(partial.applied->complete);
    EXPECT_TRUE(table_exists("a_id"));
    // Fix the file; the next up resumes at statement 2 without repeating statement 1.
    write("20240102000000_indexes.sql",
          "-- migrate:no-transaction\n-- migrate:up\n"
          "CREATE INDEX CONCURRENTLY a_id ON a (id);\n"
          "CREATE INDEX CONCURRENTLY a_x ON a (x);\n"
          "CREATE INDEX CONCURRENTLY a_both ON a (id, x);\n");
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(table_exists("a_x"));
    EXPECT_TRUE(table_exists("a_both"));
    auto history = migrator().history();
    ASSERT_EQ(history.size(), 2U);
    EXPECT_TRUE(history[1].complete);
    EXPECT_EQ(history[1].statements_done, 3);
}

TEST_F(MigratorPg, ResumingAfterAnInterruptedConcurrentIndexNamesTheLeftoverInvalidIndex) {
    write("20240101000000_data.sql",
          "-- migrate:up\nCREATE TABLE d (x integer);\nINSERT INTO d VALUES (1), (1), (2);\n");
    write("20240102000000_unique.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE UNIQUE INDEX CONCURRENTLY d_x ON d "
          "(x);\n");
    EXPECT_THROW(migrator().up(), MigrationFailed);  // duplicates: d_x is left invalid
    ASSERT_EQ(conn_
                  ->query("SELECT count(*) FROM pg_index WHERE NOT indisvalid AND "
                          "indexrelid = 'd_x'::regclass")
                  .scalar<std::int64_t>(),
              1);
    conn_->execute_script("DELETE FROM d WHERE ctid = (SELECT min(ctid) FROM d WHERE x = 1)");
    try {
        migrator().up();
        FAIL() << "resumed over the invalid index";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_unique.sql:3"), std::string::npos) << what;
        EXPECT_NE(what.find("invalid index public.d_x"), std::string::npos) << what;
        EXPECT_NE(what.find("DROP INDEX CONCURRENTLY public.d_x;"), std::string::npos) << what;
    }
    conn_->execute_script("DROP INDEX CONCURRENTLY public.d_x");
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(migrator().status().clean());
}

TEST_F(MigratorPg, RepairForgetsAPartialMigration) {
    write("20240101000000_idx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE t (x integer);\nSELECT * FROM "
          "nope;\n");
    EXPECT_THROW(migrator().up(), MigrationFailed);
    EXPECT_EQ(migrator().status().count(State::partial), 1U);
    conn_->execute_script("DROP TABLE t");
    auto forgotten = migrator().repair(true);
    EXPECT_EQ(forgotten.size(), 1U);
    EXPECT_EQ(migrator().status().count(State::pending), 1U);
}

TEST_F(MigratorPg, ConcurrentIndexBuildDoesNotDeadlockWithAWaitingRunner) {
    write("20240101000000_table.sql",
          "-- migrate:up\nCREATE TABLE big (id bigint, v text);\n"
          "INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 50000) g;\n");
    write("20240102000000_index.sql",
          "-- migrate:no-transaction\n-- migrate:up\nSELECT pg_sleep(0.5);\n"
          "CREATE INDEX CONCURRENTLY big_v ON big (v);\n");
    std::atomic<int> ok{0};
    std::vector<std::string> errors(2);
    std::vector<std::thread> runners;
    for (int i = 0; i < 2; ++i) {
        runners.emplace_back([&, i] {
            try {
                auto o = options();
                o.report = {};
                o.warn = {};
                o.lock_timeout = std::chrono::milliseconds(60'000);
                Migrator(o).up();
                ++ok;
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(i)] = e.what();
            }
        });
    }
    for (auto& t : runners) t.join();
    EXPECT_EQ(ok.load(), 2) << errors[0] << " | " << errors[1];
    EXPECT_TRUE(table_exists("big_v"));
    EXPECT_EQ(migrator().history().size(), 2U);
}

TEST_F(MigratorPg, LockTimeoutNamesTheHolder) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    auto holder = driver::Connection::open(url_);
    holder.query("SELECT pg_advisory_lock($1)",
                 advisory_key("strata-migrate:public.strata_migrations"));
    auto o = options();
    o.lock_timeout = std::chrono::milliseconds(300);
    try {
        Migrator(o).up();
        FAIL();
    } catch (const TimeoutError& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(holder.backend_pid())),
                  std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(table_exists("a"));
}

TEST_F(MigratorPg, SigkillDuringATransactionalMigrationLeavesNoTrace) {
    conn_->execute_script("CREATE TABLE slow (seconds float8); INSERT INTO slow VALUES (30)");
    write("20240101000000_slow.sql",
          "-- migrate:up\nCREATE TABLE k1 (id integer);\nSELECT pg_sleep(seconds) FROM slow;\n"
          "CREATE TABLE k2 (id integer);\n");
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        try {
            auto o = options();
            o.report = {};
            Migrator(o).up();
        } catch (...) {
            _exit(1);
        }
        _exit(0);
    }
    // Wait until the child's migration is inside its sleep.
    bool sleeping = false;
    for (int i = 0; i < 300 && !sleeping; ++i) {
        sleeping = conn_
                       ->query(
                           "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT "
                           "pg_sleep(seconds)%' "
                           "AND state = 'active'")
                       .scalar<std::int64_t>() > 0;
        if (!sleeping) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(sleeping) << "the child never reached its sleep";
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
    // The server notices the dead client within a second (client_connection_check_interval)
    // and aborts the migration's transaction; nobody terminates anything by hand.
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        gone = conn_
                   ->query(
                       "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'strata "
                       "migrate'")
                   .scalar<std::int64_t>() == 0;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone) << "the killed run's backends outlived it";
    conn_->execute_script("UPDATE slow SET seconds = 0");
    EXPECT_FALSE(table_exists("k1"));
    EXPECT_TRUE(migrator().history().empty());
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(table_exists("k1"));
    EXPECT_TRUE(table_exists("k2"));
}

TEST_F(MigratorPg, AKilledConcurrentIndexBuildIsNamedWhenTheNextUpResumes) {
    write("20240101000000_table.sql", "-- migrate:up\nCREATE TABLE k (x integer);\n");
    ASSERT_EQ(migrator().up().steps.size(), 1U);
    write("20240102000000_index.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE k2 (y integer);\n"
          "CREATE INDEX CONCURRENTLY k_x ON k (x);\n");
    // An open transaction that wrote to k makes the build wait for it after the invalid index
    // is in the catalog: the moment to terminate the building backend.
    auto blocker = driver::Connection::open(url_);
    blocker.execute_script("BEGIN; INSERT INTO k VALUES (1)");
    std::string failure;
    std::thread runner([&] {
        try {
            Migrator(options()).up();
        } catch (const std::exception& e) {
            failure = e.what();
        }
    });
    std::int64_t building = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (building == 0 && std::chrono::steady_clock::now() < deadline) {
        auto rows = conn_->query(
            "SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY k_x%' "
            "AND wait_event_type = 'Lock'");
        if (!rows.empty()) building = rows[0].get<std::int32_t>(0);
    }
    if (building != 0) {
        EXPECT_TRUE(
            conn_->query("SELECT pg_terminate_backend($1::integer)", building).scalar<bool>());
    }
    runner.join();
    blocker.execute_script("ROLLBACK");
    ASSERT_NE(building, 0) << "the index build never waited: " << failure;
    EXPECT_FALSE(failure.empty());
    ASSERT_EQ(conn_
                  ->query("SELECT count(*) FROM pg_index WHERE NOT indisvalid AND "
                          "indexrelid = 'k_x'::regclass")
                  .scalar<std::int64_t>(),
              1);
    auto st = migrator().status();
    ASSERT_EQ(st.count(State::partial), 1U);
    EXPECT_EQ(st.entries[1].applied->statements_done, 1);  // CREATE TABLE k2 ran
    try {
        migrator().up();
        FAIL() << "resumed over the invalid index";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_index.sql:4: statement 2 of 2"), std::string::npos)
            << what;
        EXPECT_NE(what.find("left the invalid index public.k_x behind"), std::string::npos) << what;
        EXPECT_NE(what.find("DROP INDEX CONCURRENTLY public.k_x;"), std::string::npos) << what;
        EXPECT_NE(what.find("resume at statement 2"), std::string::npos) << what;
    }
    conn_->execute_script("DROP INDEX CONCURRENTLY public.k_x");
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(migrator().status().clean());
    EXPECT_TRUE(conn_->query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'k_x'::regclass")
                    .scalar<bool>());
}

TEST_F(MigratorPg, ALongFileSaysHowFarItGotAfterItsFirstMegabyteAndWhileItIsApplied) {
    // 25,000 statements of about 100 bytes: 2.5 MB, checked in pieces and sent in pieces.
    std::string sql = "-- migrate:up\nCREATE TABLE big (id bigint PRIMARY KEY, payload text);\n";
    for (int i = 1; i < 25'000; ++i) {
        sql += fmt::format(
            "INSERT INTO big (id, payload) VALUES ({}, 'payload of row {:010}, some text to "
            "fill it');\n",
            i, i);
    }
    write("20240101000000_long.sql", sql);
    ASSERT_GT(sql.size(), std::size_t{2} << 20);
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_EQ(count("big"), 24'999);
    std::vector<std::string> checking;
    std::vector<std::string> applying;
    for (const auto& r : reports_) {
        if (r.starts_with("checking ")) checking.push_back(r);
        if (r.starts_with("applying 20240101000000_long: statement ")) applying.push_back(r);
    }
    // The first line comes after the first megabyte, not after the whole file was parsed.
    ASSERT_FALSE(checking.empty()) << ::testing::PrintToString(reports_);
    EXPECT_EQ(checking.front(), "checking 20240101000000_long.sql: 1 of 2 MB parsed");
    // The first pipelined piece of 20,000 statements is reported as it is sent.
    ASSERT_FALSE(applying.empty()) << ::testing::PrintToString(reports_);
    EXPECT_EQ(applying.front(), "applying 20240101000000_long: statement 20000 of 25000");
}

}  // namespace
}  // namespace strata::migrate::test

#include "strata/schema/introspect.hpp"

namespace strata::migrate::test {
namespace {

TEST_F(MigratorPg, SqlOutputReplayedOnAFreshDatabaseGivesTheSameCatalogAsUp) {
    write("20240101000000_types.sql",
          "-- migrate:up\nCREATE TYPE mood AS ENUM ('ok', 'sad');\n"
          "CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT "
          "NULL, "
          "mood mood, born date, CONSTRAINT chk_people_name CHECK (name <> ''));\n");
    write("20240102000000_more.sql",
          "-- A function, a view and an index.\n-- migrate:up\n"
          "CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) "
          "$$;\n"
          "CREATE VIEW loud_people AS SELECT id, shout(name) AS name FROM people;\n"
          "CREATE INDEX ix_people_name ON people (name) WHERE mood = 'ok';\n"
          "COMMENT ON TABLE people IS 'everyone';\n");
    write("20240103000000_idx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY ix_people_born ON "
          "people (born);\n");
    const std::string script = migrator().up_sql();
    migrator().up();
    const std::string replay_url = strata::testing::fresh_database_url("replay");
    {
        // By hand, as a DBA would: psql -f (statement by statement, as the script intends).
        const auto file = dir_ / "up.sql";
        std::ofstream(file) << script;
        const std::string cmd = "psql -X -q -v ON_ERROR_STOP=1 -d '" + replay_url + "' -f '" +
                                file.string() + "' > /dev/null";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    auto by_up = schema::introspect(url_);
    auto by_replay = schema::introspect(replay_url);
    EXPECT_TRUE(by_up == by_replay) << "the --sql replay built a different schema";
    ASSERT_EQ(by_up.history.size(), 3U);
    ASSERT_EQ(by_replay.history.size(), 3U);
    auto field = [](const schema::HistoryRow& row, std::string_view column) {
        for (const auto& [name, value] : row.values) {
            if (name == column) return value.value_or("");
        }
        return std::string();
    };
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(field(by_up.history[i], "version"), field(by_replay.history[i], "version"));
        EXPECT_EQ(field(by_up.history[i], "checksum"), field(by_replay.history[i], "checksum"));
        EXPECT_FALSE(field(by_up.history[i], "checksum").empty());
    }
}

}  // namespace
}  // namespace strata::migrate::test

namespace strata::migrate::test {
namespace {

TEST_F(MigratorPg, RecordsTheExecutionTimeMeasuredByTheServer) {
    write("20240101000000_slow.sql",
          "-- migrate:up\nCREATE TABLE a (id integer);\nSELECT pg_sleep(0.25);\n");
    migrator().up();
    auto history = migrator().history();
    ASSERT_EQ(history.size(), 1U);
    EXPECT_GE(history[0].execution_ms, 250);
    EXPECT_LT(history[0].execution_ms, 60'000);
}

}  // namespace
}  // namespace strata::migrate::test
