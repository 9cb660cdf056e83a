// No-transaction migrations: honest messages after failures, and no down for what never ran.
#pragma once

#include "migrate/migrator_suite.hpp"

namespace strata::migrate::test {

TEST_F(MigratorSuite, AFailureAtTheFirstStatementOfANoTransactionFileSaysNothingTookEffect) {
    write("20240101000000_notx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nINSERT INTO nope VALUES (1);\n"
          "CREATE TABLE later (id integer);\n");
    try {
        migrator().up();
        FAIL() << "applied";
    } catch (const MigrationFailed& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("statement 1 of 2"), std::string::npos) << what;
        EXPECT_NE(what.find("none of its statements took effect"), std::string::npos) << what;
        EXPECT_EQ(what.find("1..0"), std::string::npos) << what;
    }
    EXPECT_FALSE(table_exists("later"));
}

TEST_F(MigratorSuite, DownOfAPartlyAppliedMigrationRunsOnlyWhenForcedAndSaysSo) {
    write("20240101000000_notx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE n1 (id integer);\n"
          "INSERT INTO nope VALUES (1);\nCREATE TABLE n2 (id integer);\n"
          "-- migrate:down\nDROP TABLE IF EXISTS n2;\nDROP TABLE n1;\n");
    EXPECT_THROW(migrator().up(), MigrationFailed);
    ASSERT_EQ(migrator().status().count(State::partial), 1U);
    try {
        migrator().down();
        FAIL() << "reverted a partly applied migration without --force";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("partly applied (1 of 3 up statements ran)"), std::string::npos)
            << what;
        EXPECT_NE(what.find("--force"), std::string::npos) << what;
    }
    EXPECT_TRUE(table_exists("n1"));
    EXPECT_EQ(migrator().status().count(State::partial), 1U);
    auto o = options();
    o.force = true;
    EXPECT_EQ(Migrator(o).down().steps.size(), 1U);
    EXPECT_FALSE(table_exists("n1"));
    EXPECT_TRUE(migrator().history().empty());
    EXPECT_TRUE(std::any_of(warnings_.begin(), warnings_.end(), [](const std::string& w) {
        return w.find("--force runs its whole down section") != std::string::npos;
    })) << ::testing::PrintToString(warnings_);
}

TEST_F(MigratorSuite, UpSqlOfAPartlyAppliedMigrationResumesWhereTheUpWould) {
    write("20240101000000_notx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE n1 (id integer);\n"
          "INSERT INTO gate VALUES (1);\nCREATE TABLE n2 (id integer);\n"
          "-- migrate:down\nDROP TABLE n2;\nDROP TABLE n1;\n");
    EXPECT_THROW(migrator().up(), MigrationFailed);
    ASSERT_EQ(migrator().status().count(State::partial), 1U);
    conn_->execute_script("CREATE TABLE gate (id integer)");
    const auto script = migrator().up_sql();
    EXPECT_NE(script.find("resuming at statement 2 of 3: statements 1..1 ran"), std::string::npos)
        << script;
    EXPECT_EQ(script.find("CREATE TABLE n1"), std::string::npos) << script;
    // Run by hand (as a DBA would), the script finishes the migration: nothing runs twice.
    conn_->execute_script(script);
    EXPECT_TRUE(table_exists("n2"));
    const auto st = migrator().status();
    EXPECT_EQ(st.count(State::partial), 0U);
    EXPECT_EQ(st.count(State::applied), 1U);
}

/// A no-transaction migration whose down fails at statement 2 of 4 while table gate is missing:
/// statement 1 (DROP TABLE d3) cannot run twice, so a resumed down that repeats it fails.
inline constexpr const char* kHalfDown =
    "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE d1 (id integer);\n"
    "CREATE TABLE d2 (id integer);\nCREATE TABLE d3 (id integer);\n"
    "-- migrate:down\nDROP TABLE d3;\nINSERT INTO gate VALUES (1);\nDROP TABLE d2;\n"
    "DROP TABLE d1;\n";

TEST_F(MigratorSuite, ANoTransactionDownStoppedHalfWayIsPartialAndResumesWhereItStopped) {
    write("20240101000000_notx.sql", kHalfDown);
    ASSERT_EQ(migrator().up().steps.size(), 1U);
    try {
        migrator().down();
        FAIL() << "reverted without table gate";
    } catch (const MigrationFailed& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240101000000_notx.sql:8: statement 2 of 4"), std::string::npos)
            << what;
        EXPECT_NE(what.find("its statement 1 stays reverted"), std::string::npos) << what;
        EXPECT_NE(what.find("half reverted (1 of 4 down statements)"), std::string::npos) << what;
        EXPECT_NE(what.find("`strata down` to resume at statement 2"), std::string::npos) << what;
    }
    EXPECT_FALSE(table_exists("d3"));
    EXPECT_TRUE(table_exists("d2"));
    auto st = migrator().status();
    EXPECT_EQ(st.count(State::partial), 1U);
    EXPECT_FALSE(st.clean());
    ASSERT_EQ(st.entries.size(), 1U);
    ASSERT_TRUE(st.entries[0].applied);
    EXPECT_TRUE(st.entries[0].applied->reverting());
    EXPECT_EQ(st.entries[0].applied->down_done, 1);
    EXPECT_EQ(st.entries[0].applied->down_total, 4);
    EXPECT_TRUE(st.entries[0].applied->complete);  // its up ran whole

    // Nothing applies or redoes over a half-reverted migration.
    try {
        migrator().up();
        FAIL() << "up ran over a half-reverted migration";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("half reverted: its down stopped after statement 1 of 4"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("strata down"), std::string::npos) << what;
    }
    EXPECT_THROW(migrator().redo(), MigrationStateError);
    EXPECT_FALSE(table_exists("d3"));

    // Fixed, the down resumes at statement 2: DROP TABLE d3 again would fail.
    conn_->execute_script("CREATE TABLE gate (id integer)");
    reports_.clear();
    EXPECT_EQ(migrator().down().steps.size(), 1U);
    EXPECT_FALSE(table_exists("d2"));
    EXPECT_FALSE(table_exists("d1"));
    EXPECT_EQ(count("gate"), 1);
    EXPECT_TRUE(migrator().history().empty());
    EXPECT_TRUE(std::any_of(reports_.begin(), reports_.end(), [](const std::string& r) {
        return r.find("resuming the down of 20240101000000_notx at statement 2 of 4") !=
               std::string::npos;
    })) << ::testing::PrintToString(reports_);
    // And it applies again from scratch.
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(table_exists("d3"));
}

TEST_F(MigratorSuite, AFailureAtTheFirstDownStatementLeavesTheMigrationApplied) {
    write("20240101000000_notx.sql",
          "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE d1 (id integer);\n"
          "-- migrate:down\nINSERT INTO gate VALUES (1);\nDROP TABLE d1;\n");
    ASSERT_EQ(migrator().up().steps.size(), 1U);
    try {
        migrator().down();
        FAIL() << "reverted without table gate";
    } catch (const MigrationFailed& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("none of its statements took effect"), std::string::npos) << what;
        EXPECT_EQ(what.find("1..0"), std::string::npos) << what;
    }
    auto st = migrator().status();
    EXPECT_EQ(st.count(State::applied), 1U);
    EXPECT_TRUE(st.clean());
}

TEST_F(MigratorSuite, AHistoryTableOfAnOlderStrataGainsTheDownProgressColumns) {
    write("20240101000000_notx.sql", kHalfDown);
    ASSERT_EQ(migrator().up().steps.size(), 1U);
    // The history table as strata made it before down progress was recorded.
    conn_->execute_script("ALTER TABLE strata_migrations DROP COLUMN down_done");
    conn_->execute_script("ALTER TABLE strata_migrations DROP COLUMN down_total");
    auto columns = [this] {
        return pg() ? conn_
                          ->query(
                              "SELECT count(*) FROM information_schema.columns WHERE "
                              "table_name = 'strata_migrations' AND column_name LIKE 'down%'")
                          .scalar<std::int64_t>()
                    : conn_
                          ->query(
                              "SELECT count(*) FROM pragma_table_info('strata_migrations') "
                              "WHERE name LIKE 'down%'")
                          .scalar<std::int64_t>();
    };
    // Read-only commands read it as it is and change nothing.
    EXPECT_TRUE(migrator().status().clean());
    EXPECT_EQ(migrator().history().size(), 1U);
    EXPECT_EQ(columns(), 0);
    // A down records its progress in the columns it adds.
    EXPECT_THROW(migrator().down(), MigrationFailed);
    EXPECT_EQ(columns(), 2);
    auto st = migrator().status();
    ASSERT_EQ(st.count(State::partial), 1U);
    EXPECT_EQ(st.entries[0].applied->down_done, 1);
    conn_->execute_script("CREATE TABLE gate (id integer)");
    EXPECT_EQ(migrator().down().steps.size(), 1U);
    EXPECT_TRUE(migrator().history().empty());
}

}  // namespace strata::migrate::test
