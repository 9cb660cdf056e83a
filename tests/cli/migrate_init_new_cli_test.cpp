// strata init and strata new/revision: scaffolding, slugs, markers, versions and their refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

std::vector<std::string> sql_files(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto day = std::chrono::floor<std::chrono::days>(secs);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(secs - day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u%02ld%02ld%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()));
    return buf;
}

TEST(CliInit, CreatesTheConfigAndTheThreeDirectories) {
    TempProject project;
    const auto r = run_cli({"init"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_TRUE(fs::is_regular_file(project.dir() / "strata.toml"));
    for (const char* d : {"db/migrations", "db/seeds", "db/queries"}) {
        EXPECT_TRUE(fs::is_directory(project.dir() / d)) << d;
        EXPECT_THAT(r.out, HasSubstr(std::string("created ") + d));
    }
    EXPECT_THAT(read_file(project.dir() / "strata.toml"), HasSubstr("[migrations]"));
}

TEST(CliInit, IsIdempotentAndNeverOverwritesAnEditedConfig) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    project.write("strata.toml", "# mine\nenvironment = \"staging\"\n");
    project.write("db/migrations/keep.txt", "x");
    const auto again = run_cli({"init"}, project.dir());
    ASSERT_EQ(again.exit_code, 0) << again.all();
    EXPECT_EQ(read_file(project.dir() / "strata.toml"), "# mine\nenvironment = \"staging\"\n");
    EXPECT_TRUE(fs::exists(project.dir() / "db/migrations/keep.txt"));
    EXPECT_THAT(again.out, HasSubstr("kept    strata.toml (exists)"));
    EXPECT_THAT(again.out, Not(HasSubstr("created")));
}

TEST(CliNew, CreatesASluggedFileWithUpAndDownMarkers) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli({"new", "-m", "Add user preferences!"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto path = created_path(r);
    EXPECT_THAT(path.filename().string(), MatchesRegex("[0-9]{14}_add_user_preferences\\.sql"));
    ASSERT_TRUE(fs::is_regular_file(path)) << path;
    const auto text = read_file(path);
    EXPECT_THAT(text, HasSubstr("-- Add user preferences!\n"));
    EXPECT_THAT(text, HasSubstr("-- migrate:up\n"));
    EXPECT_THAT(text, HasSubstr("-- migrate:down\n"));
    EXPECT_THAT(text, Not(HasSubstr("no-transaction")));
}

TEST(CliNew, RevisionIsAnAliasAndNoTransactionAddsTheDirective) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r =
        run_cli({"revision", "-m", "index users concurrently", "--no-transaction"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto path = created_path(r);
    EXPECT_THAT(path.filename().string(), MatchesRegex("[0-9]{14}_index_users_concurrently\\.sql"));
    const auto text = read_file(path);
    EXPECT_LT(text.find("-- migrate:no-transaction"), text.find("-- migrate:up"));
}

TEST(CliNew, RefusesAVersionAlreadyUsedInTheSameSecond) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    // Occupy every second the command can possibly run in, so the collision is certain.
    const auto now = std::chrono::system_clock::now();
    for (int s = -2; s <= 30; ++s) {
        project.write(
            "db/migrations/" + utc_timestamp(now + std::chrono::seconds(s)) + "_taken.sql",
            "-- migrate:up\nSELECT 1;\n");
    }
    const auto before = sql_files(project.dir() / "db/migrations");
    const auto r = run_cli({"new", "-m", "second one"}, project.dir());
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("is already used by"));
    EXPECT_THAT(r.err, HasSubstr("_taken.sql"));
    EXPECT_EQ(sql_files(project.dir() / "db/migrations"), before);
}

TEST(CliNew, TwoFilesInARowNeverShareAVersion) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto first = run_cli({"new", "-m", "one"}, project.dir());
    const auto second = run_cli({"new", "-m", "two"}, project.dir());
    ASSERT_EQ(first.exit_code, 0) << first.all();
    // Within the same second the second is refused; across a second boundary it succeeds with
    // a later version. Either way no two files share a version.
    if (second.exit_code == 0) {
        EXPECT_LT(created_path(first).filename().string().substr(0, 14),
                  created_path(second).filename().string().substr(0, 14));
    } else {
        EXPECT_EQ(second.exit_code, 2);
        EXPECT_THAT(second.err, HasSubstr("is already used by"));
        EXPECT_EQ(sql_files(project.dir() / "db/migrations").size(), 1U);
    }
}

TEST(CliNew, DateCounterFormatNumbersFilesOfTheDay) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    auto toml = read_file(project.dir() / "strata.toml");
    const auto pos = toml.find("version_format = \"timestamp\"");
    ASSERT_NE(pos, std::string::npos);
    toml.replace(pos, std::string("version_format = \"timestamp\"").size(),
                 "version_format = \"date_counter\"");
    project.write("strata.toml", toml);
    const auto one = run_cli({"new", "-m", "first"}, project.dir());
    const auto two = run_cli({"new", "-m", "second"}, project.dir());
    ASSERT_EQ(one.exit_code, 0) << one.all();
    ASSERT_EQ(two.exit_code, 0) << two.all();
    const auto a = created_path(one).filename().string();
    const auto b = created_path(two).filename().string();
    EXPECT_THAT(a, MatchesRegex("[0-9]{8}_0001_first\\.sql"));
    EXPECT_THAT(b, MatchesRegex("[0-9]{8}_0002_second\\.sql"));
}

TEST(CliNew, WithoutInitSaysToRunInit) {
    TempProject project;
    const auto r = run_cli({"new", "-m", "orphan"}, project.dir());
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("strata init"));
    EXPECT_THAT(r.err, HasSubstr("db/migrations"));
    EXPECT_FALSE(fs::exists(project.dir() / "db"));
}

TEST(CliNew, ADescriptionWithoutLettersIsAUsageError) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli({"new", "-m", "!!!"}, project.dir());
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("at least one letter or digit"));
    EXPECT_TRUE(sql_files(project.dir() / "db/migrations").empty());
}

TEST(CliNew, ANewlineInTheDescriptionIsSluggedAndEachLineStaysAComment) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli({"new", "-m", "Add users\nand their roles"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto path = created_path(r);
    EXPECT_THAT(path.filename().string(),
                MatchesRegex("[0-9]{14}_add_users_and_their_roles\\.sql"));
    const auto text = read_file(path);
    EXPECT_THAT(text, HasSubstr("-- Add users\n-- and their roles\n-- migrate:up\n"));
    // A line that would read as a directive is refused; nothing is written.
    const auto bad = run_cli({"new", "-m", "fix\nmigrate:down"}, project.dir());
    EXPECT_EQ(bad.exit_code, 2) << bad.all();
    EXPECT_THAT(bad.err, HasSubstr("directive"));
    EXPECT_EQ(sql_files(project.dir() / "db/migrations").size(), 1U);
}

TEST(CliNew, ANonAsciiDescriptionKeepsItsLettersAsUtf8) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto fr = run_cli({"new", "-m", "Ajouter les préférences — v2"}, project.dir());
    ASSERT_EQ(fr.exit_code, 0) << fr.all();
    EXPECT_THAT(created_path(fr).filename().string(), HasSubstr("_ajouter_les_préférences_v2.sql"));
    EXPECT_THAT(read_file(created_path(fr)), HasSubstr("-- Ajouter les préférences — v2\n"));
    TempProject other;
    ASSERT_EQ(run_cli({"init"}, other.dir()).exit_code, 0);
    const auto ru = run_cli({"new", "-m", "Добавить пользователей"}, other.dir());
    ASSERT_EQ(ru.exit_code, 0) << ru.all();
    EXPECT_THAT(created_path(ru).filename().string(), HasSubstr("_Добавить_пользователей.sql"));
    const auto emoji = run_cli({"new", "-m", "🎉 ✓"}, project.dir());
    EXPECT_EQ(emoji.exit_code, 2) << emoji.all();
    EXPECT_THAT(emoji.err, HasSubstr("at least one letter or digit"));
}

TEST(CliNew, MissingMessageIsAUsageError) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli({"new"}, project.dir());
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("--message"));
}

}  // namespace
}  // namespace strata::cli_test
