// strata config show: precedence of flags, environment and .env, with passwords redacted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kEnvFileUrl = "postgresql://fromfile:FilePass123@filehost/app";
constexpr const char* kEnvUrl = "postgresql://fromenv:EnvSecret456@envhost/app";

TEST(CliConfigShow, EnvironmentBeatsDotenvAndPasswordIsNeverPrinted) {
    TempProject project;
    project.write(".env", std::string("DATABASE_URL=") + kEnvFileUrl + "\nDB_POOL_SIZE=7\n");
    const auto r = run_cli({"config", "show"}, project.dir(), {{"DATABASE_URL", kEnvUrl}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("fromenv:****@envhost"));
    EXPECT_THAT(r.out, HasSubstr("(env DATABASE_URL)"));
    EXPECT_THAT(r.out, Not(HasSubstr("fromfile")));
    EXPECT_THAT(r.all(), Not(HasSubstr("EnvSecret456")));
    EXPECT_THAT(r.all(), Not(HasSubstr("FilePass123")));
}

TEST(CliConfigShow, DotenvValueNamesItsFileAndLine) {
    TempProject project;
    project.write(".env",
                  std::string("# settings\nDB_POOL_SIZE=7\nDATABASE_URL=") + kEnvFileUrl + "\n");
    const auto r = run_cli({"config", "show"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("fromfile:****@filehost"));
    EXPECT_THAT(r.out, HasSubstr(".env:3"));
    EXPECT_THAT(r.out, HasSubstr("(.env:2 DB_POOL_SIZE)"));
    EXPECT_THAT(r.all(), Not(HasSubstr("FilePass123")));
}

TEST(CliConfigShow, UrlFlagBeatsEnvironment) {
    TempProject project;
    const auto r =
        run_cli({"config", "show", "--url", "postgresql://flaguser:FlagPw789@flaghost/db"},
                project.dir(), {{"DATABASE_URL", kEnvUrl}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("flaguser:****@flaghost"));
    EXPECT_THAT(r.out, HasSubstr("(flag --url)"));
    EXPECT_THAT(r.all(), Not(HasSubstr("FlagPw789")));
    EXPECT_THAT(r.all(), Not(HasSubstr("EnvSecret456")));
}

TEST(CliConfigShow, WithoutAnyUrlNamesTheManagedClusterAndDefaults) {
    TempProject project;
    const auto r = run_cli({"config", "show"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("managed local PostgreSQL"));
    EXPECT_THAT(r.out, HasSubstr("database.url"));
    EXPECT_THAT(r.out, HasSubstr("(not set)"));
    EXPECT_THAT(r.out, HasSubstr("database.pool_size"));
    EXPECT_THAT(r.out, HasSubstr("(default)"));
}

TEST(CliConfigShow, JsonOutputIsParseableAndRedacted) {
    TempProject project;
    const auto r =
        run_cli({"config", "show", "--json"}, project.dir(), {{"DATABASE_URL", kEnvUrl}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["database"]["origin"], "env DATABASE_URL");
    EXPECT_THAT(doc["database"]["url"].get<std::string>(), HasSubstr("****"));
    EXPECT_THAT(r.all(), Not(HasSubstr("EnvSecret456")));
}

TEST(CliConfigShow, MalformedUrlIsAConfigurationErrorNamingTheVariable) {
    TempProject project;
    const auto r =
        run_cli({"config", "show"}, project.dir(), {{"DATABASE_URL", "mysql://u:NotShown1@h/db"}});
    EXPECT_EQ(r.exit_code, 2);  // bad input, like a bad flag
    EXPECT_THAT(r.err, HasSubstr("configuration error"));
    EXPECT_THAT(r.err, HasSubstr("DATABASE_URL"));
    EXPECT_THAT(r.all(), Not(HasSubstr("NotShown1")));
}

TEST(CliConfigShow, ATeamsOwnVariablesAreReadAndShownWithTheirNames) {
    TempProject project;
    project.write("strata.toml",
                  "[database]\nurl_env = \"MAIN_DB_URL\"\n"
                  "[databases.supabase]\nhost_env = \"SUPABASE_DB_HOST\"\n"
                  "password_env = \"SUPABASE_DB_PASSWORD\"\n");
    project.write(".env", "SUPABASE_DB_HOST=db.abc.supabase.co\nSUPABASE_DB_PASSWORD=SupaPw77\n");
    const auto r = run_cli({"config", "show"}, project.dir(),
                           {{"MAIN_DB_URL", kEnvUrl}, {"DB_POOL_SIZE", "9"}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("fromenv:****@envhost"));
    EXPECT_THAT(r.out, HasSubstr("(from env MAIN_DB_URL)"));
    EXPECT_THAT(r.out, HasSubstr("(env MAIN_DB_URL)"));
    EXPECT_THAT(r.out, HasSubstr("(strata.toml:2)"));  // database.url_env
    EXPECT_THAT(r.out, HasSubstr("postgresql://:****@db.abc.supabase.co"));
    EXPECT_THAT(r.out, HasSubstr("(.env:1 SUPABASE_DB_HOST + .env:2 SUPABASE_DB_PASSWORD)"));
    EXPECT_THAT(r.out, HasSubstr("(env DB_POOL_SIZE (inherited from main))"));
    EXPECT_THAT(r.all(), Not(HasSubstr("EnvSecret456")));
    EXPECT_THAT(r.all(), Not(HasSubstr("SupaPw77")));

    const auto json =
        run_cli({"config", "show", "--json"}, project.dir(), {{"MAIN_DB_URL", kEnvUrl}});
    ASSERT_EQ(json.exit_code, 0) << json.all();
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["database"]["origin"], "env MAIN_DB_URL");
    EXPECT_THAT(json.all(), Not(HasSubstr("SupaPw77")));
}

TEST(CliConfigShow, ADotenvWithAByteOrderMarkIsRead) {
    TempProject project;
    project.write(".env", std::string("\xEF\xBB\xBF") + "DATABASE_URL=" + kEnvFileUrl + "\n");
    const auto r = run_cli({"config", "show"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("fromfile:****@filehost"));
    EXPECT_THAT(r.out, HasSubstr("(.env:1 DATABASE_URL)"));
}

}  // namespace
}  // namespace strata::cli_test
