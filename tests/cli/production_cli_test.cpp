// In production, no command starts or uses the managed local PostgreSQL: each refuses, naming
// where it looked for a URL and the look-alike variables it found; nothing is created.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::vector<std::string>>& commands_that_need_a_database() {
    static const std::vector<std::vector<std::string>> commands{
        {"status"},           {"up"},        {"down"},          {"redo"},           {"history"},
        {"current"},          {"verify"},    {"baseline", "1"}, {"dump"},           {"docs"},
        {"testdb", "create"}, {"dev", "up"}, {"dev", "url"},    {"config", "show"}, {"doctor"},
    };
    return commands;
}

void expect_production_refusal(const CliResult& r, const TempProject& project,
                               const std::string& what) {
    EXPECT_NE(r.exit_code, 0) << what << "\n" << r.all();
    EXPECT_THAT(r.all(), HasSubstr("production")) << what;
    EXPECT_THAT(r.all(), HasSubstr("DATABASE_URL (environment and .env)")) << what;
    EXPECT_THAT(r.all(), HasSubstr(".env")) << what;
    EXPECT_THAT(r.all(), HasSubstr("strata.toml")) << what;
    EXPECT_THAT(r.all(), HasSubstr("MAIN_DB_URL (environment)")) << what;
    EXPECT_THAT(r.all(), HasSubstr("SUPABASE_DB_HOST (.env:1)")) << what;
    EXPECT_THAT(r.all(), Not(HasSubstr("Hunter2"))) << what;
    EXPECT_FALSE(std::filesystem::exists(project.dir() / ".strata")) << what;
}

TEST(CliProduction, EveryCommandRefusesTheManagedClusterWithoutAUrl) {
    TempProject project;
    project.write(".env", "SUPABASE_DB_HOST=db.abc.supabase.co\n");
    std::filesystem::create_directories(project.dir() / "db/migrations");
    const EnvList env{{"STRATA_ENV", "production"},
                      {"MAIN_DB_URL", "postgresql://app:Hunter2@db.internal/app"}};
    for (const auto& args : commands_that_need_a_database()) {
        std::string what;
        for (const auto& a : args) what += a + " ";
        expect_production_refusal(run_cli(args, project.dir(), env), project, what);
    }
}

TEST(CliProduction, TheEnvironmentInStrataTomlRefusesTooAndJsonSaysWhy) {
    TempProject project;
    project.write("strata.toml", "environment = \"production\"\n");
    project.write(".env", "SUPABASE_DB_HOST=db.abc.supabase.co\n");
    const EnvList env{{"MAIN_DB_URL", "postgresql://app:Hunter2@db.internal/app"}};
    const auto r = run_cli({"status", "--json"}, project.dir(), env);
    expect_production_refusal(r, project, "status --json");
    EXPECT_THAT(r.out + r.err, HasSubstr("\"error\"")) << r.all();
}

}  // namespace
}  // namespace strata::cli_test
