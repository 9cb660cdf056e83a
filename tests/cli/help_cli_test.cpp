// Each command's --help: its own options apart from the global ones, flags without a value
// placeholder, and what bootstrap does in production.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// The help text's sections: heading ("Options", "Global options (...)") -> its lines.
std::map<std::string, std::vector<std::string>> help_sections(const std::string& help) {
    std::map<std::string, std::vector<std::string>> sections;
    std::istringstream in(help);
    std::string heading;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) {
            heading.clear();
        } else if (line[0] != ' ' && line.back() == ':') {
            heading = line.substr(
                0, line.find(' ') == std::string::npos ? line.size() - 1 : line.find(' '));
            if (line.starts_with("Global options")) heading = "Global";
            if (line.starts_with("Options")) heading = "Options";
        } else if (!heading.empty()) {
            sections[heading].push_back(line);
        }
    }
    return sections;
}

bool lists(const std::vector<std::string>& lines, const std::string& option) {
    for (const auto& line : lines) {
        if (line.find(option + " ") != std::string::npos || line.ends_with(option)) return true;
    }
    return false;
}

CliResult help_of(const std::vector<std::string>& command) {
    TempProject project;
    auto args = command;
    args.emplace_back("--help");
    return run_cli(args, project.dir());
}

TEST(CliHelp, EachCommandListsItsOwnOptionsApartFromTheGlobalOnes) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> own{
        {{"new"}, "--message"},          {{"up"}, "--lock-timeout"},
        {{"down"}, "--force"},           {{"status"}, "--exit-code"},
        {{"dump"}, "--stdout"},          {{"lint"}, "--preset"},
        {{"gen"}, "--offline"},          {{"seed"}, "--force-production-seed"},
        {{"testdb", "gc"}, "--max-age"}, {{"import"}, "--history"}};
    for (const auto& [command, option] : own) {
        const auto r = help_of(command);
        ASSERT_EQ(r.exit_code, 0) << command[0] << "\n" << r.all();
        const auto sections = help_sections(r.out);
        ASSERT_TRUE(sections.contains("Options")) << r.out;
        EXPECT_TRUE(lists(sections.at("Options"), option)) << option << " in\n" << r.out;
        EXPECT_FALSE(lists(sections.at("Options"), "--url")) << r.out;
        EXPECT_FALSE(lists(sections.at("Options"), "--env-file")) << r.out;
        EXPECT_THAT(r.out, HasSubstr("Global options (accepted by every command"));
        ASSERT_TRUE(sections.contains("Global")) << r.out;
        EXPECT_FALSE(lists(sections.at("Global"), option)) << r.out;
        EXPECT_THAT(sections.at("Global").front(), HasSubstr("--url TEXT, --config TEXT"));
    }
    // The top-level help keeps them in their own group too.
    const auto top = help_of({});
    ASSERT_EQ(top.exit_code, 0);
    const auto sections = help_sections(top.out);
    EXPECT_TRUE(lists(sections.at("Global"), "--url")) << top.out;
    EXPECT_FALSE(lists(sections.at("Options"), "--url")) << top.out;
}

TEST(CliHelp, BootstrapSaysWhatHappensInProduction) {
    const auto r = help_of({"bootstrap"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("In production it applies the migrations, then refuses to seed "
                                 "and exits 1 (unless --force-production-seed)"));
    EXPECT_THAT(r.out, Not(HasSubstr("skipped")));
    const auto top = help_of({});
    EXPECT_THAT(top.out, Not(HasSubstr("skipped")));
}

TEST(CliHelp, FlagsWithoutAValueShowNoPlaceholder) {
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> flags{
        {{"dump"}, {"--stdout", "--grants", "--no-history", "--no-data"}},
        {{"up"}, {"--allow-edited", "--strict", "--sql", "--no-lint"}},
        {{"new"}, {"--no-transaction", "--autogenerate", "--no-safe", "--grants"}},
        {{"status"}, {"--exit-code"}},
        {{"docs"}, {"--check", "--no-svg"}},
        {{"gen"}, {"--check", "--offline"}},
        {{"lint"}, {"--schema", "--migrations"}},
        {{"testdb", "create"}, {"--seed"}},
        {{"bootstrap"}, {"--force-production-seed"}}};
    for (const auto& [command, names] : flags) {
        const auto r = help_of(command);
        ASSERT_EQ(r.exit_code, 0) << r.all();
        auto sections = help_sections(r.out);
        for (const auto& line : sections["Options"]) {
            for (const auto& name : names) {
                if (line.find(name + " ") != std::string::npos &&
                    line.find(name + " ") == line.find_first_not_of(' ')) {
                    EXPECT_THAT(line, Not(HasSubstr(name + " TEXT"))) << command[0];
                    EXPECT_THAT(line, Not(HasSubstr(name + " INT"))) << command[0];
                }
            }
        }
    }
    // An option whose value may be left out shows it in brackets, not as a required TEXT.
    EXPECT_THAT(help_of({"dump"}).out, HasSubstr("--check [FILE]"));
    EXPECT_THAT(help_of({"up"}).out, HasSubstr("--dump [FILE]"));
    EXPECT_THAT(help_of({"dump"}).out, Not(HasSubstr("--check TEXT")));
}

TEST(CliHelp, NewListsTheTenantTableTemplate) {
    const auto r = help_of({"new"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("--template TEXT:{tenant-table}"));
    EXPECT_THAT(r.out, HasSubstr("--tenant-column TEXT=org_id"));
}

}  // namespace
}  // namespace strata::cli_test
