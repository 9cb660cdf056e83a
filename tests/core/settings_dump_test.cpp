// Settings: the [dump] section of strata.toml (reference data tables for `strata dump`).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

class DumpSettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata_dump_settings_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    Settings load(const std::string& toml) {
        std::ofstream(dir_ / "strata.toml") << toml;
        LoadOptions options;
        options.project_dir = dir_;
        options.environment = EnvMap{};
        return Settings::load(options);
    }
    std::string error(const std::string& toml) {
        try {
            (void)load(toml);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "(no error)";
    }
    fs::path dir_;
};

TEST_F(DumpSettingsTest, ReadsTheDataTablesWithTheirLine) {
    auto s = load(
        "[migrations]\ndir = \"db/migrations\"\n\n[dump]\ndata = [\"user_role_enum\", "
        "\"app.country\"]\n");
    EXPECT_EQ(s.dump().data, (std::vector<std::string>{"user_role_enum", "app.country"}));
    EXPECT_EQ(s.dump().data_source, "strata.toml:5");
    bool listed = false;
    for (const auto& e : s.entries()) {
        if (e.key == "dump.data") {
            listed = true;
            EXPECT_EQ(e.value, "user_role_enum, app.country");
            EXPECT_EQ(e.source, "strata.toml:5");
        }
    }
    EXPECT_TRUE(listed);
}

TEST_F(DumpSettingsTest, IsEmptyWhenNotConfigured) {
    auto s = load("[migrations]\ndir = \"db/migrations\"\n");
    EXPECT_TRUE(s.dump().data.empty());
    EXPECT_TRUE(s.dump().data_source.empty());
}

TEST_F(DumpSettingsTest, RejectsAStringAnArrayOfNumbersAndAnUnknownKey) {
    EXPECT_EQ(error("[dump]\ndata = \"roles\"\n"),
              "strata.toml:2: dump.data must be an array of strings, got a string");
    EXPECT_EQ(error("[dump]\ndata = [\"roles\", 3]\n"),
              "strata.toml:2: dump.data must be an array of strings, got an integer");
    EXPECT_EQ(error("[dump]\ntables = [\"roles\"]\n"),
              "strata.toml:2: unknown key \"dump.tables\" (expected one of: data)");
}

}  // namespace
}  // namespace strata
