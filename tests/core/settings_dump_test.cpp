// Settings: the [dump] section of strata.toml (reference data tables for `strata dump`).
#include "core/toml_settings_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

using DumpSettingsTest = TomlSettingsTest;

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
