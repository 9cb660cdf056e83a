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

}  // namespace strata::migrate::test
