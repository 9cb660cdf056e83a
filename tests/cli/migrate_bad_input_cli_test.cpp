// Bad migration input through the binary: each a clear error naming the file, and nothing applied.
#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using MigrateBadInputCli = MigrateCli;

class BadInput : public MigrateBadInputCli {
protected:
    void SetUp() override {
        MigrateBadInputCli::SetUp();
        // A good migration beside the bad one: it must not be applied either.
        migration(
            "20240101000000_good.sql",
            "-- migrate:up\nCREATE TABLE good (id integer);\n-- migrate:down\nDROP TABLE good;\n");
    }

    /// up fails naming `what`, and the database holds neither the good table nor any history.
    void expect_refused(const std::string& what, const std::string& message) {
        const auto r = strata({"up"});
        EXPECT_NE(r.exit_code, 0) << r.all();
        EXPECT_THAT(r.err, HasSubstr(what));
        EXPECT_THAT(r.err, HasSubstr(message));
        EXPECT_FALSE(table_exists("good"));
        EXPECT_TRUE(applied().empty());
        // status reads the same files and refuses the same way.
        const auto status = strata({"status"});
        EXPECT_NE(status.exit_code, 0) << status.all();
        EXPECT_THAT(status.err, HasSubstr(what));
    }
};

// Checks only PostgreSQL makes before anything runs (its parser reads every file).
class BadInputPg : public BadInput {};
class MigrateSecretsCliPg : public MigrateBadInputCli {};

TEST_P(BadInput, AnEmptyFileIsRefused) {
    migration("20240102000000_empty.sql", "");
    expect_refused("20240102000000_empty.sql", "the file is empty");
}

TEST_P(BadInput, AFileWithoutAnUpMarkerIsRefused) {
    migration("20240102000000_no_marker.sql", "-- just a comment\n");
    expect_refused("20240102000000_no_marker.sql", "no '-- migrate:up' marker");
}

TEST_P(BadInput, SqlBeforeTheUpMarkerIsRefusedWithItsLine) {
    migration("20240102000000_early.sql",
              "-- header\nCREATE TABLE early (id integer);\n-- migrate:up\nSELECT 1;\n");
    expect_refused("20240102000000_early.sql:2", "before '-- migrate:up'");
}

TEST_P(BadInput, TwoFilesWithOneVersionAreRefusedNamingBoth) {
    migration("20240102000000_first.sql", "-- migrate:up\nCREATE TABLE first (id integer);\n");
    migration("20240102000000_second.sql", "-- migrate:up\nCREATE TABLE second (id integer);\n");
    expect_refused("duplicate version 20240102000000", "20240102000000_");
    EXPECT_FALSE(table_exists("first"));
}

TEST_P(BadInput, ADanglingSymlinkNamedLikeAMigrationIsRefused) {
    std::filesystem::create_symlink(dir() / "nowhere.sql",
                                    migrations() / "20240102000000_dangling.sql");
    expect_refused("20240102000000_dangling.sql", "cannot read the file");
}

TEST_P(BadInputPg, AFileThatDoesNotParseIsRefusedWithLineAndColumn) {
    migration("20240102000000_typo.sql",
              "-- migrate:up\nCREATE TABLE ok (id integer);\nCREAT TABLE typo (id integer);\n");
    const auto r = strata({"up"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("20240102000000_typo.sql:3:1"));
    EXPECT_FALSE(table_exists("good"));
    EXPECT_FALSE(table_exists("ok"));
}

TEST_P(BadInputPg, ConcurrentIndexInATransactionalFileNamesTheDirective) {
    migration("20240102000000_index.sql",
              "-- migrate:up\nCREATE INDEX CONCURRENTLY good_id ON good (id);\n");
    const auto r = strata({"up"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("20240102000000_index.sql:2"));
    EXPECT_THAT(r.err, HasSubstr("-- migrate:no-transaction"));
    EXPECT_FALSE(table_exists("good"));
}

TEST_P(MigrateBadInputCli, AMissingMigrationsDirectoryIsRefused) {
    std::filesystem::remove_all(migrations());
    for (const char* cmd : {"up", "status", "down", "history"}) {
        const auto r = strata({cmd});
        EXPECT_NE(r.exit_code, 0) << cmd << ": " << r.all();
        EXPECT_THAT(r.err, HasSubstr("db/migrations"));
        EXPECT_THAT(r.err, HasSubstr("does not exist"));
    }
    EXPECT_FALSE(table_exists("strata_migrations"));
}

TEST_P(MigrateSecretsCliPg, APasswordInTheUrlIsNeverPrinted) {
    const std::string secret = "Xq7-never-print-me";
    // The fresh database's URL with a made-up password (the test server trusts its socket).
    std::string with_password = url();
    const auto at = with_password.find('@');
    ASSERT_NE(at, std::string::npos) << "expected a user in " << url();
    with_password.insert(at, ":" + secret);
    write_three();
    for (const std::vector<std::string>& cmd : {std::vector<std::string>{"up"},
                                                {"status", "--json"},
                                                {"history", "--verbose"},
                                                {"up", "nope"}}) {
        auto args = cmd;
        args.insert(args.begin(), {"--url", with_password});
        const auto r = run_cli(args, dir());
        EXPECT_THAT(r.all(), Not(HasSubstr(secret))) << r.all();
    }
    EXPECT_EQ(applied().size(), 3U);  // the URL worked

    // A failing connection (no such database) with the test role's password.
    std::string bad = strata::testing::Server::instance().app_url("no_such_database_x");
    const auto fail = run_cli({"up", "--url", bad}, dir());
    EXPECT_EQ(fail.exit_code, 1) << fail.all();
    EXPECT_THAT(fail.all(), Not(HasSubstr(strata::testing::Server::kAppPassword)));
    EXPECT_THAT(fail.err, HasSubstr("no_such_database_x"));

    // A failing migration with a password in the URL.
    migration("20240104000000_fail.sql", "-- migrate:up\nSELECT * FROM missing_table;\n");
    const auto failed = run_cli({"up", "--url", with_password}, dir());
    EXPECT_EQ(failed.exit_code, 1) << failed.all();
    EXPECT_THAT(failed.all(), Not(HasSubstr(secret)));
}

INSTANTIATE_TEST_SUITE_P(Backends, BadInput, ::testing::Values(Db::sqlite, Db::pg), db_param_name);
INSTANTIATE_TEST_SUITE_P(Backends, MigrateBadInputCli, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);
INSTANTIATE_TEST_SUITE_P(Backends, BadInputPg, ::testing::Values(Db::pg), db_param_name);
INSTANTIATE_TEST_SUITE_P(Backends, MigrateSecretsCliPg, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
