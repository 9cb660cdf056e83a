// DB_ECHO through Database: statements and durations logged, parameters only when asked.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "strata/core/settings.hpp"
#include "strata/strata.hpp"
#include "strata/testing/server.hpp"

namespace {

using strata::Database;
using strata::Session;

/// Captures every log line while alive.
class CapturedLog {
public:
    CapturedLog() {
        strata::log::set_sink([this](strata::log::Level, std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        });
    }
    ~CapturedLog() { strata::log::set_sink(nullptr); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;

    std::vector<std::string> lines_with(const std::string& part) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& l : lines_) {
            if (l.find(part) != std::string::npos) out.push_back(l);
        }
        return out;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

const std::regex kDuration(R"(\d+(\.\d+)? ?(ms|us|µs|s)\b)");
constexpr const char* kSql = "SELECT length($1::text) AS n";

// A Database from settings resolved out of env alone (no strata.toml, no .env: an empty project).
Database open_echo_from_env(strata::EnvMap env) {
    /// An empty project directory of this process, removed at exit.
    struct EchoProjectDir {
        std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("strata_echo_project_" + std::to_string(::getpid()));
        EchoProjectDir() { std::filesystem::create_directories(path); }
        ~EchoProjectDir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static const EchoProjectDir project_dir;
    const auto& project = project_dir.path;
    strata::LoadOptions options;
    options.project_dir = project;
    options.environment = std::move(env);
    return Database::open(strata::Settings::load(options));
}

TEST(Echo, LogsEachStatementWithItsDurationButNotItsParameters) {
    const auto url = strata::testing::fresh_database_url("echo");
    CapturedLog log;
    auto db = Database::open({.url = url, .echo = true});
    db.transact([](Session& s) { (void)s.query(kSql, "param-value-xyz"); });
    const auto lines = log.lines_with(kSql);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_TRUE(std::regex_search(lines[0], kDuration)) << lines[0];
    EXPECT_EQ(lines[0].find("param-value-xyz"), std::string::npos) << lines[0];
    EXPECT_EQ(log.lines_with("COMMIT").size(), 1U);
}

TEST(Echo, LogsParametersOnlyWhenAsked) {
    const auto url = strata::testing::fresh_database_url("echo");
    CapturedLog log;
    auto db = Database::open({.url = url, .echo = true, .echo_params = true});
    db.transact([](Session& s) { (void)s.query(kSql, "param-value-xyz"); });
    const auto lines = log.lines_with(kSql);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_NE(lines[0].find("param-value-xyz"), std::string::npos) << lines[0];
}

TEST(Echo, SettingsDbEchoParamsLogsTheBoundParameterValues) {
    const auto url = strata::testing::fresh_database_url("echo");
    CapturedLog log;
    auto db =
        open_echo_from_env({{"DATABASE_URL", url}, {"DB_ECHO", "1"}, {"DB_ECHO_PARAMS", "1"}});
    db.transact([](Session& s) { (void)s.query(kSql, "param-from-settings-42"); });
    const auto lines = log.lines_with(kSql);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_NE(lines[0].find("$1='param-from-settings-42'"), std::string::npos) << lines[0];
}

TEST(Echo, SettingsDbEchoAloneLogsTheStatementButNotItsParameters) {
    const auto url = strata::testing::fresh_database_url("echo");
    CapturedLog log;
    auto db = open_echo_from_env({{"DATABASE_URL", url}, {"DB_ECHO", "1"}});
    db.transact([](Session& s) { (void)s.query(kSql, "param-from-settings-42"); });
    const auto lines = log.lines_with(kSql);
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].find("param-from-settings-42"), std::string::npos) << lines[0];
}

TEST(Echo, SettingsEchoParamsStillRedactsARegisteredPassword) {
    const auto url = strata::testing::fresh_database_url("echo");
    strata::log::register_secret("pw-Settings-5521");
    CapturedLog log;
    auto db =
        open_echo_from_env({{"DATABASE_URL", url}, {"DB_ECHO", "1"}, {"DB_ECHO_PARAMS", "1"}});
    db.transact([](Session& s) { (void)s.query(kSql, "pw-Settings-5521"); });
    const auto lines = log.lines_with(kSql);
    strata::log::clear_secrets();
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_EQ(lines[0].find("pw-Settings-5521"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("$1='****'"), std::string::npos) << lines[0];
}

TEST(Echo, IsOffByDefault) {
    const auto url = strata::testing::fresh_database_url("echo");
    CapturedLog log;
    auto db = Database::open({.url = url});
    db.transact([](Session& s) { (void)s.query(kSql, "param-value-xyz"); });
    EXPECT_TRUE(log.lines_with(kSql).empty());
}

TEST(Echo, NeverLogsARegisteredPasswordEvenAsAParameter) {
    const auto url = strata::testing::fresh_database_url("echo");
    strata::log::register_secret("pw-Zebra-9137");
    CapturedLog log;
    auto db = Database::open({.url = url, .echo = true, .echo_params = true});
    db.transact([](Session& s) { (void)s.query(kSql, "pw-Zebra-9137"); });
    EXPECT_EQ(log.lines_with(kSql).size(), 1U);
    EXPECT_TRUE(log.lines_with("pw-Zebra-9137").empty());
    strata::log::clear_secrets();
}

}  // namespace
