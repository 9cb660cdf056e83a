// The strata command's --version, --help and usage errors (exit code 2).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cli_runner.hpp"
#include "strata/version.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CliVersion, PrintsTheLibraryVersionAndExitsZero) {
    TempProject project;
    const auto r = run_cli({"--version"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(std::string("strata ") + kVersion));
}

TEST(CliVersion, VersionCommandPrintsJsonWithJsonFlag) {
    TempProject project;
    const auto r = run_cli({"version", "--json"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(std::string("\"version\": \"") + kVersion + "\""));
}

TEST(CliHelp, ListsEveryImplementedCommandWithOneLine) {
    TempProject project;
    const auto r = run_cli({"--help"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const char* cmd : {"config", "dev", "doctor", "version"}) {
        EXPECT_THAT(r.out, HasSubstr(std::string("\n  ") + cmd + " ")) << cmd << " missing from:\n"
                                                                       << r.out;
    }
    for (const char* flag :
         {"--url", "--config", "--env-file", "--json", "--quiet", "--verbose", "--no-color"}) {
        EXPECT_THAT(r.out, HasSubstr(flag));
    }
    EXPECT_THAT(
        r.out,
        HasSubstr("Exit codes: 0 ok, 1 failure or findings, 2 usage or configuration error"));
}

TEST(CliUsage, UnknownFlagExitsTwoAndNamesTheFlag) {
    TempProject project;
    const auto r = run_cli({"doctor", "--no-such-flag"}, project.dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("--no-such-flag"));
    EXPECT_THAT(r.err, HasSubstr("strata --help"));
}

TEST(CliUsage, UnknownCommandExitsTwo) {
    TempProject project;
    const auto r = run_cli({"frobnicate"}, project.dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("frobnicate"));
}

TEST(CliUsage, MissingCommandExitsTwoAndShowsHelp) {
    TempProject project;
    const auto r = run_cli({}, project.dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("doctor"));
}

TEST(CliUsage, DevWithoutSubcommandExitsTwo) {
    TempProject project;
    const auto r = run_cli({"dev"}, project.dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.out, Not(HasSubstr("running")));
}

}  // namespace
}  // namespace strata::cli_test
