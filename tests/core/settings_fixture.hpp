// A test fixture that loads Settings from a fresh temporary project with a given environment.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"

namespace strata {

/// Each test gets an empty project directory dir_; load() reads it with the given environment
/// (never the process's) and flags.
class SettingsTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("strata_settings_" + std::string(info->test_suite_name()) + "_" + info->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        std::filesystem::remove_all(dir_);
        log::clear_secrets();
    }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
    }
    Settings load(EnvMap env = {}, std::map<std::string, std::string> flags = {}) {
        LoadOptions options;
        options.project_dir = dir_;
        options.environment = std::move(env);
        options.flags = std::move(flags);
        return Settings::load(options);
    }
    std::string load_error(EnvMap env = {}, std::map<std::string, std::string> flags = {}) {
        try {
            (void)load(std::move(env), std::move(flags));
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "(no error)";
    }
    const ConfigEntry& entry(const Settings& s, std::string_view key) {
        for (const auto& e : s.entries()) {
            if (e.key == key) return e;
        }
        static const ConfigEntry kMissing{"(missing)", "", ""};
        return kMissing;
    }
    std::filesystem::path dir_;
};

}  // namespace strata
