// A test fixture that loads Settings from a strata.toml written into a fresh temporary project.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {

class TomlSettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ =
            std::filesystem::temp_directory_path() /
            ("strata_toml_settings_" + std::string(info->test_suite_name()) + "_" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    /// Settings of a project whose strata.toml is toml, with no environment, plus flags.
    Settings load(const std::string& toml, std::map<std::string, std::string> flags = {}) {
        std::ofstream(dir_ / "strata.toml") << toml;
        LoadOptions options;
        options.project_dir = dir_;
        options.environment = EnvMap{};
        options.flags = std::move(flags);
        return Settings::load(options);
    }
    /// The ConfigError loading toml gives, or "(no error)".
    std::string error(const std::string& toml) {
        try {
            (void)load(toml);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "(no error)";
    }

    std::filesystem::path dir_;
};

}  // namespace strata
