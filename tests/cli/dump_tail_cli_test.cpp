// `strata dump --check` against another database migrated later, and `[dump] data` / `--data`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

class DumpTailCli : public MigrateCli {
protected:
    /// A second database beside the project's (dropped, for PostgreSQL, by the test).
    std::string other_url() {
        if (other_.empty()) {
            other_ = pg() ? strata::testing::fresh_database_url("cli_other")
                          : "sqlite:///" + (dir() / "other.db").string();
        }
        return other_;
    }
    CliResult strata_on(const std::string& url, std::vector<std::string> args) const {
        args.insert(args.begin(), {"--url", url});
        return run_cli(args, dir());
    }
    void TearDown() override {
        if (pg() && !other_.empty()) strata::testing::Server::instance().drop_database(other_);
    }
    void append_toml(const std::string& text) const {
        std::ofstream(dir() / "strata.toml", std::ios::app) << text;
    }

private:
    std::string other_;
};

TEST_P(DumpTailCli, CheckPassesOnAFreshDatabaseMigratedLaterWithTheSameFiles) {
    write_three();
    ASSERT_EQ(strata({"up", "--dump"}).exit_code, 0);
    // The CI database: migrated later, by someone else, with other timings.
    const auto up = strata_on(other_url(), {"up"});
    ASSERT_EQ(up.exit_code, 0) << up.all();
    {
        auto conn = driver::Connection::open(other_url());
        conn.execute_script(
            "UPDATE strata_migrations SET applied_at = '2031-01-01 00:00:00+00', applied_by = "
            "'ci-runner', execution_ms = execution_ms + 999, tool_version = '9.9.9'");
    }
    const auto check = strata_on(other_url(), {"dump", "--check"});
    EXPECT_EQ(check.exit_code, 0) << check.all();
    EXPECT_THAT(check.all(), HasSubstr("matches the database"));
    // A database with one migration less is stale, and the diff names the missing version.
    ASSERT_EQ(strata_on(other_url(), {"down"}).exit_code, 0);
    const auto stale = strata_on(other_url(), {"dump", "--check"});
    EXPECT_EQ(stale.exit_code, 1) << stale.all();
    EXPECT_THAT(stale.all(), HasSubstr("-    VALUES ('20240103000000'"));
}

TEST_P(DumpTailCli, DataFromStrataTomlAndFromTheFlagAndClearErrors) {
    migration("20240101000000_roles.sql",
              "-- migrate:up\nCREATE TABLE user_role_enum (id integer PRIMARY KEY, name text);\n"
              "INSERT INTO user_role_enum VALUES (2, 'user'), (1, 'admin');\n"
              "CREATE TABLE other (id integer PRIMARY KEY);\nINSERT INTO other VALUES (7);\n"
              "-- migrate:down\nDROP TABLE other;\nDROP TABLE user_role_enum;\n");
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    append_toml("\n[dump]\ndata = [\"user_role_enum\"]\n");
    const auto with_config = strata({"dump", "--stdout"});
    ASSERT_EQ(with_config.exit_code, 0) << with_config.all();
    EXPECT_THAT(with_config.out, HasSubstr("VALUES\n    ('1', 'admin'),\n    ('2', 'user');"));
    EXPECT_THAT(with_config.out, ::testing::Not(HasSubstr("('7')")));
    const auto with_flag = strata({"dump", "--stdout", "--data", "other"});
    EXPECT_THAT(with_flag.out, HasSubstr("('7')"));
    EXPECT_THAT(with_flag.out, ::testing::Not(HasSubstr("'admin'")));
    EXPECT_THAT(strata({"dump", "--stdout", "--no-data"}).out,
                ::testing::Not(HasSubstr("'admin'")));

    // The written file rebuilds a working database, rows included.
    ASSERT_EQ(strata({"dump"}).exit_code, 0);
    {
        auto conn = driver::Connection::open(other_url());
        std::ifstream in(dir() / "db" / "schema.sql");
        std::stringstream text;
        text << in.rdbuf();
        conn.execute_script(text.str());
        EXPECT_EQ(conn.query("SELECT count(*) FROM user_role_enum").scalar<std::int64_t>(), 2);
    }
    const auto status = strata_on(other_url(), {"status"});
    EXPECT_EQ(status.exit_code, 0) << status.all();
    EXPECT_EQ(strata_on(other_url(), {"dump", "--check"}).exit_code, 0);

    const auto bad_flag = strata({"dump", "--stdout", "--data", "user_roles"});
    EXPECT_EQ(bad_flag.exit_code, 2) << bad_flag.all();
    EXPECT_THAT(bad_flag.err, HasSubstr("--data: no table \"user_roles\""));
    {
        // Replace the [dump] line with a misspelt table.
        std::ifstream in(dir() / "strata.toml");
        std::stringstream text;
        text << in.rdbuf();
        auto toml = text.str();
        toml.replace(toml.find("[\"user_role_enum\"]"), 18, "[\"user_role_enums\"]");
        std::ofstream(dir() / "strata.toml", std::ios::trunc) << toml;
    }
    const auto bad_config = strata({"dump"});
    EXPECT_EQ(bad_config.exit_code, 2) << bad_config.all();
    EXPECT_THAT(bad_config.err, HasSubstr(": [dump] data: no table \"user_role_enums\""));
    EXPECT_THAT(bad_config.err, HasSubstr("strata.toml:"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DumpTailCli, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);

}  // namespace
}  // namespace strata::cli_test
