// strata up/upgrade, down/downgrade and redo through the binary, on SQLite and PostgreSQL.
#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using MigrateUpDownCli = MigrateCli;

const std::string kA = "20240101000000";
const std::string kB = "20240102000000";
const std::string kC = "20240103000000";

TEST_P(MigrateUpDownCli, UpAppliesEverythingPendingAndSaysSo) {
    write_three();
    const auto r = strata({"up"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA, kB, kC));
    EXPECT_TRUE(table_exists("c"));
    EXPECT_THAT(r.err, HasSubstr("[1/3] applying 20240101000000_create_a"));
    EXPECT_THAT(r.err, HasSubstr("applied 3 migrations in"));

    const auto again = strata({"up"});
    ASSERT_EQ(again.exit_code, 0) << again.all();
    EXPECT_THAT(again.err, HasSubstr("nothing to apply"));
    EXPECT_EQ(applied().size(), 3U);
}

TEST_P(MigrateUpDownCli, UpgradeIsAnAliasAndPlusOneAppliesOneAtATime) {
    write_three();
    auto r = strata({"upgrade", "+1"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA));
    r = strata({"up", "+1"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA, kB));
    EXPECT_FALSE(table_exists("c"));
}

TEST_P(MigrateUpDownCli, UpToAVersionStopsThere) {
    write_three();
    const auto r = strata({"up", kB});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA, kB));
    EXPECT_FALSE(table_exists("c"));
}

TEST_P(MigrateUpDownCli, UnknownTargetIsAUsageErrorAndAppliesNothing) {
    write_three();
    const auto r = strata({"up", "20991231000000"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("unknown target \"20991231000000\""));
    EXPECT_FALSE(table_exists("a"));
    EXPECT_FALSE(table_exists("strata_migrations"));  // a refused run creates nothing at all

    const auto down = strata({"down", "sideways"});
    EXPECT_EQ(down.exit_code, 2) << down.all();
    EXPECT_THAT(down.err, HasSubstr("unknown target \"sideways\""));
}

TEST_P(MigrateUpDownCli, UpSqlPrintsStatementsAndBookkeepingAndChangesNothing) {
    write_three();
    const auto r = strata({"up", "--sql"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("-- strata up --sql: 3 migrations"));
    EXPECT_THAT(r.out, HasSubstr("CREATE TABLE a (id integer PRIMARY KEY);"));
    EXPECT_THAT(r.out, HasSubstr("CREATE TABLE IF NOT EXISTS"));
    EXPECT_THAT(r.out, HasSubstr("strata_migrations"));
    EXPECT_THAT(r.out, HasSubstr("COMMIT;"));
    EXPECT_THAT(r.out, HasSubstr("'20240103000000'"));
    EXPECT_FALSE(table_exists("a"));
    EXPECT_FALSE(table_exists("strata_migrations"));

    const auto status = strata({"status", "--exit-code"});
    EXPECT_EQ(status.exit_code, 1) << status.all();
    EXPECT_THAT(status.out, HasSubstr("0 applied, 3 pending"));

    // The printed script is runnable: replayed by hand it records the same history.
    connect().execute_script(r.out);
    const auto after = strata({"status", "--exit-code"});
    EXPECT_EQ(after.exit_code, 0) << after.all();
    EXPECT_THAT(after.out, HasSubstr("3 applied, 0 pending"));
}

TEST_P(MigrateUpDownCli, DownRevertsTheLastAppliedAndDowngradeIsAnAlias) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    auto r = strata({"down"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("reverted 20240103000000_create_c"));
    EXPECT_THAT(applied(), ElementsAre(kA, kB));
    EXPECT_FALSE(table_exists("c"));
    r = strata({"downgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA));
}

TEST_P(MigrateUpDownCli, DownMinusNRevertsByApplyOrderNotByVersion) {
    write_three();
    ASSERT_EQ(strata({"up", kA}).exit_code, 0);
    ASSERT_EQ(strata({"up", kC}).exit_code, 0);  // applies b and c
    // An out-of-order file arrives (a branch merge) and is applied last.
    migration(
        "20240101120000_create_late.sql",
        "-- migrate:up\nCREATE TABLE late (id integer);\n-- migrate:down\nDROP TABLE late;\n");
    const auto up = strata({"up"});
    ASSERT_EQ(up.exit_code, 0) << up.all();
    EXPECT_THAT(up.err, HasSubstr("out of order"));
    const auto r = strata({"down", "-2"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA, kB));
    EXPECT_FALSE(table_exists("late"));
    EXPECT_FALSE(table_exists("c"));
}

TEST_P(MigrateUpDownCli, DownToAVersionAndToBase) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    auto r = strata({"down", kA});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA));
    EXPECT_TRUE(table_exists("a"));
    r = strata({"down", "base"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), IsEmpty());
    EXPECT_FALSE(table_exists("a"));
    r = strata({"down"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("nothing to revert"));
}

TEST_P(MigrateUpDownCli, DownSqlPrintsTheRevertAndChangesNothing) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"down", "--sql"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("DROP TABLE c;"));
    EXPECT_THAT(r.out, HasSubstr("DELETE FROM"));
    EXPECT_THAT(r.out, Not(HasSubstr("DROP TABLE b;")));
    EXPECT_TRUE(table_exists("c"));
    EXPECT_EQ(applied().size(), 3U);
}

TEST_P(MigrateUpDownCli, DownWithoutADownSectionRevertsNothing) {
    write_three();
    migration("20240104000000_one_way.sql", "-- migrate:up\nCREATE TABLE d (id integer);\n");
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"down", "-2"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("20240104000000_one_way.sql"));
    EXPECT_THAT(r.err, HasSubstr("no '-- migrate:down' section"));
    EXPECT_EQ(applied().size(), 4U);
    EXPECT_TRUE(table_exists("c"));
}

TEST_P(MigrateUpDownCli, RedoRevertsAndReappliesOnlyTheLastApplied) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"redo"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("reverted 20240103000000_create_c"));
    EXPECT_THAT(r.err, HasSubstr("applied 20240103000000_create_c"));
    EXPECT_THAT(applied(), ElementsAre(kA, kB, kC));
    EXPECT_EQ(count("strata_migrations_events"), 5);  // 3 up, 1 down, 1 up
}

TEST_P(MigrateUpDownCli, RedoSqlPrintsTheDownThenTheUpOfTheLastAppliedAndChangesNothing) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"redo", "--sql"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("-- strata redo --sql: 2 migrations"));
    const auto down = r.out.find("-- down 20240103000000");
    const auto up = r.out.find("-- up 20240103000000");
    ASSERT_NE(down, std::string::npos) << r.out;
    ASSERT_NE(up, std::string::npos) << r.out;
    EXPECT_LT(down, up) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("20240102000000"))) << r.out;
    EXPECT_EQ(count("strata_migrations_events"), 3);  // nothing ran
    EXPECT_THAT(applied(), ElementsAre(kA, kB, kC));
    // --strict is accepted like on up and down.
    const auto strict = strata({"redo", "--strict"});
    EXPECT_EQ(strict.exit_code, 0) << strict.all();
    EXPECT_EQ(count("strata_migrations_events"), 5);
}

TEST_P(MigrateUpDownCli, RedoLeavesAnOlderPendingMigrationAlone) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    migration(
        "20240101120000_create_late.sql",
        "-- migrate:up\nCREATE TABLE late (id integer);\n-- migrate:down\nDROP TABLE late;\n");
    const auto r = strata({"redo"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(applied(), ElementsAre(kA, kB, kC));
    EXPECT_FALSE(table_exists("late"));
}

TEST_P(MigrateUpDownCli, AFailingStatementNamesTheLineAndLeavesEarlierMigrationsApplied) {
    write_three();
    migration("20240104000000_broken.sql",
              "-- migrate:up\nCREATE TABLE d (id integer);\n\nINSERT INTO nowhere VALUES (1);\n");
    const auto r = strata({"up"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("20240104000000_broken.sql:4"));
    EXPECT_THAT(r.err, HasSubstr("nowhere"));
    EXPECT_THAT(applied(), ElementsAre(kA, kB, kC));
    EXPECT_FALSE(table_exists("d"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateUpDownCli, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);

}  // namespace
}  // namespace strata::cli_test
