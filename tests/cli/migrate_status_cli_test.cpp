// strata status, verify, repair, history, current and baseline through the binary.
#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using MigrateStatusCli = MigrateCli;

TEST_P(MigrateStatusCli, StatusListsAppliedAndPendingInTextAndJson) {
    write_three();
    ASSERT_EQ(strata({"up", "+1"}).exit_code, 0);
    const auto text = strata({"status"});
    ASSERT_EQ(text.exit_code, 0) << text.all();
    EXPECT_THAT(text.out, HasSubstr("applied       20240101000000_create_a"));
    EXPECT_THAT(text.out, HasSubstr("pending       20240103000000_create_c"));
    EXPECT_THAT(text.out, HasSubstr("1 applied, 2 pending, 0 out of order, 0 edited, 0 missing"));

    const auto json = strata({"status", "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.all();
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["counts"]["applied"], 1);
    EXPECT_EQ(doc["counts"]["pending"], 2);
    EXPECT_EQ(doc["counts"]["edited"], 0);
    EXPECT_EQ(doc["current"], "20240101000000");
    EXPECT_EQ(doc["clean"], false);
    ASSERT_EQ(doc["migrations"].size(), 3U);
    EXPECT_EQ(doc["migrations"][0]["state"], "applied");
    EXPECT_EQ(doc["migrations"][2]["state"], "pending");
}

TEST_P(MigrateStatusCli, StatusExitCodeIsOneWhilePendingAndZeroWhenClean) {
    write_three();
    const auto pending = strata({"status", "--exit-code"});
    EXPECT_EQ(pending.exit_code, 1) << pending.all();
    EXPECT_EQ(strata({"status"}).exit_code, 0);  // without the flag status only reports
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto clean = strata({"status", "--exit-code"});
    EXPECT_EQ(clean.exit_code, 0) << clean.all();
    EXPECT_THAT(clean.out, HasSubstr("3 applied, 0 pending"));
}

TEST_P(MigrateStatusCli, VerifyFailsAfterAnEditAndPassesAfterRepair) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    EXPECT_EQ(strata({"verify"}).exit_code, 0);
    // Line endings only: not an edit.
    migration("20240102000000_create_b.sql",
              "-- migrate:up\r\nCREATE TABLE b (id integer PRIMARY KEY);\r\n"
              "-- migrate:down\r\nDROP TABLE b;\r\n");
    const auto crlf = strata({"verify"});
    EXPECT_EQ(crlf.exit_code, 0) << crlf.all();

    migration("20240102000000_create_b.sql",
              "-- migrate:up\nCREATE TABLE b (id bigint PRIMARY KEY);\n"
              "-- migrate:down\nDROP TABLE b;\n");
    const auto broken = strata({"verify"});
    EXPECT_EQ(broken.exit_code, 1) << broken.all();
    EXPECT_THAT(broken.out, HasSubstr("edited        20240102000000_create_b"));
    EXPECT_THAT(broken.out, HasSubstr("verify: FAILED"));
    EXPECT_EQ(strata({"status", "--exit-code"}).exit_code, 1);

    // up refuses to run over an edited migration.
    migration("20240104000000_create_d.sql", "-- migrate:up\nCREATE TABLE d (id integer);\n");
    const auto up = strata({"up"});
    EXPECT_EQ(up.exit_code, 1) << up.all();
    EXPECT_THAT(up.err, HasSubstr("20240102000000_create_b.sql"));
    EXPECT_THAT(up.err, HasSubstr("strata repair"));
    EXPECT_FALSE(table_exists("d"));

    const auto repair = strata({"repair"});
    ASSERT_EQ(repair.exit_code, 0) << repair.all();
    EXPECT_THAT(repair.err, HasSubstr("repair: accepted 20240102000000"));
    const auto ok = strata({"verify"});
    EXPECT_EQ(ok.exit_code, 0) << ok.all();
    EXPECT_THAT(ok.out, HasSubstr("verify: ok"));  // d is pending: not an integrity problem

    const auto events = strata({"history", "--events", "--json"});
    ASSERT_EQ(events.exit_code, 0) << events.all();
    const auto doc = nlohmann::json::parse(events.out);
    ASSERT_FALSE(doc.empty());
    EXPECT_EQ(doc.back()["action"], "repair");
    EXPECT_EQ(doc.back()["version"], "20240102000000");
}

TEST_P(MigrateStatusCli, UpWithAllowEditedRunsOverAnEdit) {
    write_three();
    ASSERT_EQ(strata({"up", "+1"}).exit_code, 0);
    migration("20240101000000_create_a.sql",
              "-- migrate:up\nCREATE TABLE a (id integer PRIMARY KEY, x integer);\n");
    const auto r = strata({"up", "--allow-edited"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(applied().size(), 3U);
}

TEST_P(MigrateStatusCli, VerifyReportsAMissingFile) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    std::filesystem::remove(migrations() / "20240103000000_create_c.sql");
    const auto r = strata({"verify", "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["counts"]["missing"], 1);
}

TEST_P(MigrateStatusCli, AHalfRevertedNoTransactionMigrationIsPartialInStatusAndVerify) {
    migration("20240101000000_notx.sql",
              "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE d1 (id integer);\n"
              "CREATE TABLE d2 (id integer);\n-- migrate:down\nDROP TABLE d2;\n"
              "INSERT INTO gate VALUES (1);\nDROP TABLE d1;\n");
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto down = strata({"down"});
    EXPECT_EQ(down.exit_code, 1) << down.all();
    EXPECT_THAT(down.err, HasSubstr("resume at statement 2"));
    const auto status = strata({"status"});
    EXPECT_EQ(status.exit_code, 0) << status.all();
    EXPECT_THAT(status.out, HasSubstr("partial       20240101000000_notx  (down stopped after "
                                      "statement 1 of 3: `strata down` resumes)"));
    const auto verify = strata({"verify", "--json"});
    EXPECT_EQ(verify.exit_code, 1) << verify.all();
    const auto doc = nlohmann::json::parse(verify.out);
    EXPECT_EQ(doc["counts"]["partial"], 1);
    EXPECT_EQ(doc["migrations"][0]["applied"]["down_done"], 1);
    EXPECT_EQ(doc["migrations"][0]["applied"]["down_total"], 3);

    connect().execute_script("CREATE TABLE gate (id integer)");
    const auto resumed = strata({"down"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.all();
    EXPECT_THAT(resumed.err, HasSubstr("resuming the down of 20240101000000_notx at statement 2"));
    EXPECT_FALSE(table_exists("d1"));
    EXPECT_TRUE(applied().empty());
    EXPECT_EQ(strata({"verify"}).exit_code, 0);
}

TEST_P(MigrateStatusCli, HistoryShowsTheHeaderCommentAndJsonHasEveryColumn) {
    write_three();
    const auto empty = strata({"history"});
    ASSERT_EQ(empty.exit_code, 0) << empty.all();
    EXPECT_THAT(empty.out, HasSubstr("no migrations applied"));

    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto text = strata({"history"});
    ASSERT_EQ(text.exit_code, 0) << text.all();
    EXPECT_THAT(text.out, HasSubstr("   1  20240101000000_create_a"));
    EXPECT_THAT(text.out, HasSubstr("Creates table a."));
    EXPECT_THAT(text.out, HasSubstr("Second header line."));
    EXPECT_THAT(text.out, HasSubstr("   3  20240103000000_create_c"));

    const auto json = strata({"history", "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.all();
    const auto doc = nlohmann::json::parse(json.out);
    ASSERT_EQ(doc.size(), 3U);
    EXPECT_EQ(doc[0]["version"], "20240101000000");
    EXPECT_EQ(doc[0]["name"], "create_a");
    EXPECT_EQ(doc[0]["description"], "Creates table a.\nSecond header line.");
    EXPECT_EQ(doc[0]["apply_order"], 1);
    EXPECT_EQ(doc[2]["apply_order"], 3);
    EXPECT_EQ(doc[0]["checksum"].get<std::string>().size(), 64U);
    EXPECT_EQ(doc[0]["complete"], true);
    EXPECT_EQ(doc[0]["transactional"], true);
    EXPECT_FALSE(doc[0]["applied_by"].get<std::string>().empty());
    EXPECT_FALSE(doc[0]["tool_version"].get<std::string>().empty());
}

TEST_P(MigrateStatusCli, HistoryEventsListsEveryUpAndDown) {
    write_three();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    ASSERT_EQ(strata({"down"}).exit_code, 0);
    const auto text = strata({"history", "--events"});
    ASSERT_EQ(text.exit_code, 0) << text.all();
    EXPECT_THAT(text.out, HasSubstr("up       20240101000000_create_a  by "));
    EXPECT_THAT(text.out, HasSubstr("down     20240103000000_create_c  by "));
    const auto json = strata({"history", "--events", "--json"});
    const auto doc = nlohmann::json::parse(json.out);
    ASSERT_EQ(doc.size(), 4U);
    EXPECT_EQ(doc[3]["action"], "down");
    EXPECT_EQ(doc[3]["version"], "20240103000000");
}

TEST_P(MigrateStatusCli, CurrentPrintsTheLastAppliedVersion) {
    write_three();
    auto r = strata({"current"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(r.out, "none\n");
    auto j = strata({"current", "--json"});
    EXPECT_TRUE(nlohmann::json::parse(j.out)["current"].is_null());

    ASSERT_EQ(strata({"up", "20240102000000"}).exit_code, 0);
    r = strata({"current"});
    EXPECT_EQ(r.out, "20240102000000\n");
    j = strata({"current", "--json"});
    EXPECT_EQ(nlohmann::json::parse(j.out)["current"], "20240102000000");
}

TEST_P(MigrateStatusCli, BaselineRecordsWithoutRunningThenUpAppliesTheRest) {
    write_three();
    // The existing database already has a and b, built by other means.
    connect().execute_script(
        "CREATE TABLE a (id integer PRIMARY KEY); CREATE TABLE b (id integer PRIMARY KEY)");
    const auto r = strata({"baseline", "20240102000000"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("recorded 2 migrations up to 20240102000000"));
    EXPECT_THAT(applied(), ElementsAre("20240101000000", "20240102000000"));
    EXPECT_FALSE(table_exists("c"));

    const auto up = strata({"up"});
    ASSERT_EQ(up.exit_code, 0) << up.all();  // would fail with "a already exists" if a re-ran
    EXPECT_THAT(applied(), ElementsAre("20240101000000", "20240102000000", "20240103000000"));
    const auto events = nlohmann::json::parse(strata({"history", "--events", "--json"}).out);
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0]["action"], "baseline");
    EXPECT_EQ(events[2]["action"], "up");
}

TEST_P(MigrateStatusCli, BaselineOfAnUnknownVersionFailsAndRecordsNothing) {
    write_three();
    const auto r = strata({"baseline", "20230101000000"});
    EXPECT_NE(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("no migration file with version \"20230101000000\""));
    EXPECT_TRUE(applied().empty());
}

TEST_P(MigrateStatusCli, JsonErrorsAreParseableToo) {
    const auto r = strata({"up", "nope", "--json"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["ok"], false);
    EXPECT_THAT(doc["error"].get<std::string>(), HasSubstr("unknown target"));
    EXPECT_THAT(r.out, Not(HasSubstr("[1/")));
}

TEST_P(MigrateStatusCli, StatusAndVerifySayFirstThatTheyAreReadingTensOfMegabytesOfMigrations) {
    write_nine_megabyte_migration();
    const auto pending = strata({"status"});
    ASSERT_EQ(pending.exit_code, 0) << pending.all();
    EXPECT_TRUE(pending.err.starts_with("strata: reading 9 MB of migrations in ")) << pending.err;
    EXPECT_THAT(pending.out, HasSubstr("pending       20240101000000_long"));
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto verify = strata({"verify"});
    ASSERT_EQ(verify.exit_code, 0) << verify.all();
    EXPECT_TRUE(verify.err.starts_with("strata: reading 9 MB of migrations in ")) << verify.err;
    EXPECT_THAT(verify.out, HasSubstr("verify: ok"));
    // --quiet keeps it quiet; --json keeps stdout a document.
    const auto json = strata({"status", "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.all();
    EXPECT_EQ(nlohmann::json::parse(json.out)["counts"]["applied"], 1);
    EXPECT_EQ(strata({"--quiet", "status"}).err, "");
    // Small migrations: not a word about reading.
    std::filesystem::remove(migrations() / "20240101000000_long.sql");
    write_three();
    EXPECT_THAT(strata({"status"}).err, Not(HasSubstr("reading")));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateStatusCli, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);

}  // namespace
}  // namespace strata::cli_test
