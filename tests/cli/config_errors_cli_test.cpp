// Configuration errors are bad input: every command that reads the configuration exits 2 and
// names the file, line or variable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// Every command that loads the configuration, with the arguments it needs to get that far.
const std::vector<std::vector<std::string>>& commands_that_read_the_configuration() {
    static const std::vector<std::vector<std::string>> commands{
        {"new", "-m", "x"},
        {"new", "--template", "tenant-table", "todos"},
        {"up"},
        {"down"},
        {"redo"},
        {"status"},
        {"verify"},
        {"history"},
        {"current"},
        {"baseline", "1"},
        {"repair"},
        {"import", "dbmate", "db/migrations"},
        {"seed"},
        {"bootstrap"},
        {"testdb", "create"},
        {"testdb", "gc"},
        {"dump"},
        {"drift"},
        {"docs"},
        {"gen"},
        {"lint"},
        {"config", "show"},
        {"dev", "up"},
        {"dev", "url"},
        {"doctor"},
    };
    return commands;
}

std::string joined(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
    return out;
}

TEST(CliConfigErrors, AMalformedDotenvValueExitsTwoNamingFileLineAndVariable) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    project.write(".env", "DATABASE_URL=sqlite:///app.db\nDB_POOL_SIZE=ten\n");
    for (const auto& args : commands_that_read_the_configuration()) {
        const auto r = run_cli(args, project.dir());
        EXPECT_EQ(r.exit_code, 2) << joined(args) << "\n" << r.all();
        EXPECT_THAT(r.all(), HasSubstr(".env:2: DB_POOL_SIZE: expected a positive integer"))
            << joined(args);
        EXPECT_FALSE(std::filesystem::exists(project.dir() / "app.db")) << joined(args);
    }
}

TEST(CliConfigErrors, AMalformedStrataTomlExitsTwoNamingTheLine) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    project.write("strata.toml", "[database]\nurl = \"sqlite:///app.db\"\npool_size = \"five\"\n");
    for (const auto& args : commands_that_read_the_configuration()) {
        const auto r = run_cli(args, project.dir());
        EXPECT_EQ(r.exit_code, 2) << joined(args) << "\n" << r.all();
        EXPECT_THAT(r.all(), HasSubstr("strata.toml:3: database.pool_size must be an integer"))
            << joined(args);
    }
}

TEST(CliConfigErrors, AMalformedVariableExitsTwoWithoutItsPassword) {
    TempProject project;
    const auto r = run_cli({"status"}, project.dir(),
                           {{"DATABASE_URL", "postgresql://u:Hunter2Pw@h:port/db"}});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("DATABASE_URL"));
    EXPECT_THAT(r.all(), Not(HasSubstr("Hunter2Pw")));
    const auto json = run_cli({"status", "--json"}, project.dir(), {{"DB_POOL_TIMEOUT", "0"}});
    EXPECT_EQ(json.exit_code, 2) << json.all();
    EXPECT_THAT(json.out, HasSubstr("\"exit_code\": 2"));
    EXPECT_THAT(json.out, HasSubstr("DB_POOL_TIMEOUT: expected a positive number of seconds"));
}

TEST(CliConfigErrors, DoctorReportsTheCheckAndExitsTwo) {
    TempProject project;
    project.write(".env", "DB_MAX_OVERFLOW=lots\n");
    const auto r = run_cli({"doctor"}, project.dir());
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.out, HasSubstr("configuration"));
    EXPECT_THAT(r.out, HasSubstr(".env:1: DB_MAX_OVERFLOW: expected a non-negative integer"));
}

}  // namespace
}  // namespace strata::cli_test
