// Database::open() in production never falls back to the managed local PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "strata/core/error.hpp"
#include "strata/session/database.hpp"

namespace strata::session {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class ProductionFallback : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata_prod_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
};

TEST_F(ProductionFallback, OpenRefusesAtOnceNamingWhereItLooked) {
    LoadOptions load;
    load.project_dir = dir_;
    load.environment = EnvMap{{"STRATA_ENV", "production"},
                              {"MAIN_DB_URL", "postgresql://app:Hunter2@db.internal/app"}};
    const auto settings = Settings::load(load);
    try {
        (void)Database::open(settings);
        FAIL() << "opened";
    } catch (const ConfigError& e) {
        EXPECT_THAT(e.what(), HasSubstr("production"));
        EXPECT_THAT(e.what(), HasSubstr("DATABASE_URL (environment and .env)"));
        EXPECT_THAT(e.what(), HasSubstr("MAIN_DB_URL (environment)"));
        EXPECT_THAT(e.what(), Not(HasSubstr("Hunter2")));
    }
    EXPECT_FALSE(fs::exists(dir_ / ".strata"));
}

TEST_F(ProductionFallback, TheEmbeddedDefaultHookChecksTheEnvironmentFirst) {
    // Explicit options with no URL reach the hook, which reads the project's configuration.
    std::ofstream(dir_ / "strata.toml") << "environment = \"production\"\n";
    DatabaseOptions options;
    options.project_dir = dir_;  // url stays empty
    auto db = Database::open(options);
    EXPECT_THROW(db.transact([](Session&) {}), ConfigError);
    EXPECT_THROW((void)db.acquire(), ConfigError);
    EXPECT_FALSE(fs::exists(dir_ / ".strata"));
}

}  // namespace
}  // namespace strata::session
