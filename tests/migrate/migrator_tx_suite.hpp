// Transaction control inside migration files and honest failure messages, on both backends.
#pragma once

#include <fmt/format.h>

#include <algorithm>

#include "migrate/migrator_suite.hpp"

namespace strata::migrate::test {

/// A migration the way golang-migrate users write them: the file wraps itself in
/// BEGIN; ... COMMIT; because that tool runs it without a transaction of its own.
TEST_F(MigratorSuite, ABeginCommitWrapperIsDroppedWithOneInfoLine) {
    write("20240101000000_create_users.sql",
          "-- migrate:up\nBEGIN;\n\nCREATE TABLE users (id integer PRIMARY KEY, email text);\n"
          "CREATE INDEX users_email ON users (email);\n\nCOMMIT;\n"
          "-- migrate:down\nbegin transaction;\nDROP TABLE users;\nend transaction;\n");
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(table_exists("users"));
    EXPECT_EQ(migrator().history().size(), 1U);
    const auto wrapper_lines = std::count_if(reports_.begin(), reports_.end(), [](const auto& r) {
        return r.find(
                   "20240101000000_create_users.sql:2: the BEGIN ... COMMIT around the up "
                   "section is dropped") != std::string::npos;
    });
    EXPECT_EQ(wrapper_lines, 1) << ::testing::PrintToString(reports_);
    EXPECT_EQ(migrator().down().steps.size(), 1U);
    EXPECT_FALSE(table_exists("users"));
    EXPECT_TRUE(migrator().history().empty());
    EXPECT_TRUE(std::any_of(reports_.begin(), reports_.end(), [](const auto& r) {
        return r.find(":9: the BEGIN ... COMMIT around the down section") != std::string::npos;
    })) << ::testing::PrintToString(reports_);
}

TEST_F(MigratorSuite, AWrappedFileThatFailsIsRolledBackAsItSays) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write("20240102000000_wrapped.sql",
          "-- migrate:up\nBEGIN;\nCREATE TABLE w1 (id integer);\nINSERT INTO nope VALUES (1);\n"
          "COMMIT;\n");
    try {
        migrator().up();
        FAIL() << "the broken migration applied";
    } catch (const MigrationFailed& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_wrapped.sql:4: statement 2 of 2"), std::string::npos)
            << what;
        EXPECT_NE(what.find("rolled back; nothing of it remains"), std::string::npos) << what;
    }
    // ... and it is true: the catalog has nothing of it, the history nothing either.
    EXPECT_TRUE(table_exists("a"));
    EXPECT_FALSE(table_exists("w1"));
    EXPECT_EQ(migrator().history().size(), 1U);
}

/// Today's main committed the part before COMMIT, then said "nothing of it remains".
TEST_F(MigratorSuite, ACommitInsideATransactionalFileIsRefusedBeforeAnythingRuns) {
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    write("20240102000000_two_parts.sql",
          "-- migrate:up\nBEGIN;\nCREATE TABLE p1 (id integer);\nCOMMIT;\n"
          "CREATE TABLE p2 (id integer);\nINSERT INTO nope VALUES (1);\n");
    try {
        migrator().up();
        FAIL() << "the file ran";
    } catch (const MigrationFileError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240102000000_two_parts.sql:4: COMMIT in a transactional "
                            "migration"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("Remove it"), std::string::npos) << what;
        EXPECT_NE(what.find("'-- migrate:no-transaction'"), std::string::npos) << what;
        EXPECT_EQ(what.find("rolled back"), std::string::npos) << what;
    }
    EXPECT_FALSE(table_exists("a"));
    EXPECT_FALSE(table_exists("p1"));
    EXPECT_FALSE(table_exists("strata_migrations"));
}

TEST_F(MigratorSuite, EveryOtherTransactionControlStatementIsRefusedNamingItsLine) {
    struct Case {
        std::string body;  // after "-- migrate:up\n" (line 2 on)
        int line;
        std::string what;
    };
    std::vector<Case> cases = {
        {"CREATE TABLE r (id integer);\nROLLBACK;\n", 3, "ROLLBACK"},
        {"BEGIN;\nCREATE TABLE r (id integer);\n", 2, "BEGIN"},
        {"CREATE TABLE r (id integer);\nCOMMIT;\n", 3, "COMMIT"},
        {"BEGIN;\nCREATE TABLE r (id integer);\nROLLBACK;\n", 4, "ROLLBACK"},
        {"BEGIN;\nCREATE TABLE r (id integer);\nEND;\nBEGIN;\nCREATE TABLE s (id "
         "integer);\nCOMMIT;\n",
         4, "COMMIT"},
    };
    if (pg()) {
        cases.push_back(
            {"START TRANSACTION;\nCREATE TABLE r (id integer);\n", 2, "START TRANSACTION"});
        cases.push_back(
            {"CREATE TABLE r (id integer);\nPREPARE TRANSACTION 'x';\n", 3, "PREPARE TRANSACTION"});
        cases.push_back({"COMMIT PREPARED 'x';\n", 2, "COMMIT PREPARED"});
        cases.push_back({"ROLLBACK PREPARED 'x';\n", 2, "ROLLBACK PREPARED"});
        // Not the same thing as strata's transaction: refused, not dropped.
        cases.push_back(
            {"BEGIN ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE r (id "
             "integer);\nCOMMIT;\n",
             2, "BEGIN"});
        cases.push_back({"BEGIN;\nCREATE TABLE r (id integer);\nCOMMIT AND CHAIN;\n", 4, "COMMIT"});
    }
    for (const auto& c : cases) {
        write("20240101000000_tx.sql", "-- migrate:up\n" + c.body);
        try {
            migrator().up();
            ADD_FAILURE() << "ran: " << c.body;
        } catch (const MigrationFileError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(fmt::format("20240101000000_tx.sql:{}: {} in a transactional "
                                            "migration",
                                            c.line, c.what)),
                      std::string::npos)
                << what;
        }
        EXPECT_FALSE(table_exists("r")) << c.body;
        EXPECT_FALSE(table_exists("strata_migrations")) << c.body;
    }
    // A down section is checked the same way before it runs.
    write("20240101000000_tx.sql",
          "-- migrate:up\nCREATE TABLE r (id integer);\n-- migrate:down\nDROP TABLE r;\nCOMMIT;\n"
          "SELECT * FROM nope;\n");
    migrator().up();
    try {
        migrator().down();
        ADD_FAILURE() << "the down ran";
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find("20240101000000_tx.sql:5: COMMIT"), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(table_exists("r"));
    EXPECT_EQ(migrator().history().size(), 1U);
}

TEST_F(MigratorSuite, ANoTransactionFileKeepsItsOwnTransactionControl) {
    write("20240101000000_own.sql",
          "-- migrate:no-transaction\n-- migrate:up\nBEGIN;\nCREATE TABLE o1 (id integer);\n"
          "COMMIT;\nCREATE TABLE o2 (id integer);\n");
    EXPECT_EQ(migrator().up().steps.size(), 1U);
    EXPECT_TRUE(table_exists("o1"));
    EXPECT_TRUE(table_exists("o2"));
    EXPECT_TRUE(migrator().status().clean());
}

TEST_F(MigratorSuite, AFailureNamesTheFailingStatementNotTheFirstWithTheSameText) {
    write("20240101000000_dup.sql",
          "-- migrate:up\nCREATE TABLE t (id integer PRIMARY KEY);\nINSERT INTO t VALUES (1);\n"
          "INSERT INTO t VALUES (1);\n");
    try {
        migrator().up();
        FAIL() << "applied";
    } catch (const MigrationFailed& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("20240101000000_dup.sql:4: statement 3 of 3"), std::string::npos)
            << what;
        EXPECT_EQ(e.line(), 4);
    }
    EXPECT_FALSE(table_exists("t"));
}

}  // namespace strata::migrate::test
