// The embedded-default hook: nothing starts without one, production never calls it, one line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/session/database.hpp"
#include "strata/session/embedded_default.hpp"

namespace strata::session {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class EmbeddedDefaultHook : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata_hook_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        previous_ = set_embedded_default({});
    }
    void TearDown() override {
        (void)set_embedded_default(std::move(previous_));
        log::set_sink(nullptr);
        fs::remove_all(dir_);
    }
    [[nodiscard]] Database open_without_url() const {
        DatabaseOptions options;
        options.name = "main";
        options.project_dir = dir_;  // url stays empty
        return Database::open(options);
    }
    fs::path dir_;
    EmbeddedDefault previous_;
};

TEST_F(EmbeddedDefaultHook, WithoutOneADatabaseWithNoUrlFailsNamingWhereItLookedAndStartsNothing) {
    ASSERT_FALSE(has_embedded_default());
    auto db = open_without_url();
    try {
        db.transact([](Session&) {});
        FAIL() << "a database without a URL was used";
    } catch (const ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("no database URL configured for database 'main'"));
        EXPECT_THAT(e.what(), HasSubstr("DATABASE_URL"));
        EXPECT_THAT(e.what(), HasSubstr("no embedded default"));
        EXPECT_THAT(e.what(), HasSubstr("install_embedded_default"));
    }
    EXPECT_THROW((void)db.acquire(), ConfigError);
    EXPECT_FALSE(fs::exists(dir_ / ".strata"));
}

TEST_F(EmbeddedDefaultHook, ProductionNeverCallsTheInstalledHook) {
    int calls = 0;
    (void)set_embedded_default([&](std::string_view, const fs::path&) {
        ++calls;
        return EmbeddedDatabase{"sqlite::memory:", "should not be used"};
    });
    std::ofstream(dir_ / "strata.toml") << "environment = \"production\"\n";
    auto db = open_without_url();
    try {
        db.transact([](Session&) {});
        FAIL() << "production used the embedded default";
    } catch (const ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("production"));
        EXPECT_THAT(e.what(), HasSubstr("DATABASE_URL"));
    }
    EXPECT_EQ(calls, 0);
}

TEST_F(EmbeddedDefaultHook, AnInstalledHookProvidesTheDatabaseOnceAndIsSaidInOneLine) {
    std::vector<std::string> asked;
    const std::string file = (dir_ / "embedded.db").string();
    (void)set_embedded_default([&](std::string_view name, const fs::path& project_dir) {
        asked.push_back(std::string(name) + "@" + project_dir.string());
        return EmbeddedDatabase{"sqlite:///" + file, "a test database in " + file};
    });
    EXPECT_TRUE(has_embedded_default());
    // A look-alike variable in .env: named on the line, never read.
    std::ofstream(dir_ / ".env") << "MAIN_DB_URL=postgresql://app:Hunter2@db.internal/app\n";
    std::mutex mutex;
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) {
        std::lock_guard lock(mutex);
        lines.emplace_back(line);
    });
    auto db = open_without_url();
    EXPECT_TRUE(asked.empty()) << "opening is lazy";
    EXPECT_EQ(
        db.transact([](Session& s) { return s.query("SELECT 40 + 2").scalar<std::int64_t>(); }),
        42);
    db.transact([](Session& s) { (void)s.query("SELECT 1"); });
    log::set_sink(nullptr);
    ASSERT_EQ(asked.size(), 1U);
    EXPECT_EQ(asked[0], "main@" + dir_.string());
    EXPECT_TRUE(fs::exists(file));
    int said = 0;
    for (const auto& l : lines) {
        if (l.find("no URL configured") == std::string::npos) continue;
        ++said;
        EXPECT_THAT(l, HasSubstr("a test database in " + file));
        EXPECT_THAT(l, HasSubstr("MAIN_DB_URL (.env:1)"));
        EXPECT_THAT(l, ::testing::Not(HasSubstr("Hunter2")));
    }
    EXPECT_EQ(said, 1);
}

}  // namespace
}  // namespace strata::session
