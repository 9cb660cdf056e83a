// Where a database URL was looked for, look-alike variables, and the production refusal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class DatabaseLookup : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata_lookup_" +
                std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
    }
    Settings load(EnvMap env = {}) {
        LoadOptions options;
        options.project_dir = dir_;
        options.environment = std::move(env);
        return Settings::load(options);
    }
    std::string refusal(EnvMap env = {}) {
        try {
            load(std::move(env)).refuse_managed_database_in_production();
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "(no error)";
    }
    fs::path dir_;
};

TEST_F(DatabaseLookup, LookAlikesFromTheEnvironmentAndDotenvAreNamedWithoutTheirValues) {
    write(".env", "# app\nSUPABASE_DB_HOST=db.abc.supabase.co\nDB_POOL_SIZE=3\n");
    const auto s = load({{"MAIN_DB_URL", "postgresql://u:Hunter2@h/db"},
                         {"PGHOST", "/tmp"},
                         {"PGDATA", "/var/lib/pg"},
                         {"HOME", "/root"},
                         {"POSTGRES_URL", "postgres://x"}});
    EXPECT_THAT(s.database_look_alikes(),
                ElementsAre("MAIN_DB_URL (environment)", "PGHOST (environment)",
                            "POSTGRES_URL (environment)", "SUPABASE_DB_HOST (.env:2)"));
    EXPECT_THAT(s.database_look_alike_note(), Not(HasSubstr("Hunter2")));
    EXPECT_THAT(s.database_look_alike_note(),
                HasSubstr("found but not read (strata reads DATABASE_URL): MAIN_DB_URL"));
}

TEST_F(DatabaseLookup, VariablesStrataReadsAreNotLookAlikes) {
    write("strata.toml", "[databases.analytics]\npool_size = 2\n");
    const auto s = load({{"ANALYTICS_DATABASE_URL", "postgresql://h/a"},
                         {"STRATA_DB_URL", "x"},
                         {"DB_POOL_SIZE", "3"},
                         {"APP_DATABASES__REPORTS__HOST", "h"}});
    EXPECT_TRUE(s.database_look_alikes().empty());
}

TEST_F(DatabaseLookup, ProductionRefusesNamingEveryPlaceAndLookAlike) {
    write(".env", "MAIN_DB_URL=postgresql://u:Hunter2@h/db\n");
    const auto message = refusal({{"STRATA_ENV", "production"}, {"SUPABASE_DB_HOST", "h"}});
    EXPECT_THAT(message, HasSubstr("production"));
    EXPECT_THAT(message, HasSubstr("the --url flag"));
    EXPECT_THAT(message, HasSubstr("DATABASE_URL (environment and .env)"));
    EXPECT_THAT(message, HasSubstr("DATABASE__URL, DATABASE__HOST, DATABASE__PORT"));
    EXPECT_THAT(message, HasSubstr(".env file " + (dir_ / ".env").string()));
    EXPECT_THAT(message, HasSubstr("database.url in strata.toml (none at " +
                                   (dir_ / "strata.toml").string() + ")"));
    EXPECT_THAT(message, HasSubstr("MAIN_DB_URL (.env:1)"));
    EXPECT_THAT(message, HasSubstr("SUPABASE_DB_HOST (environment)"));
    EXPECT_THAT(message, Not(HasSubstr("Hunter2")));
}

TEST_F(DatabaseLookup, ProductionFromStrataTomlAndAPrefixNameThePartVariables) {
    write("strata.toml", "environment = \"production\"\nenv_prefix = \"APP\"\n");
    const auto message = refusal();
    EXPECT_THAT(message, HasSubstr("APP_DATABASE__HOST"));
    EXPECT_THAT(message, HasSubstr("database.url in " + (dir_ / "strata.toml").string()));
    EXPECT_THAT(message, HasSubstr(".env file (none at"));
}

TEST_F(DatabaseLookup, OutsideProductionOrWithAUrlNothingIsRefused) {
    EXPECT_EQ(refusal({{"STRATA_ENV", "staging"}}), "(no error)");
    EXPECT_EQ(refusal(), "(no error)");
    // The check is about the managed fallback; callers only ask when no URL is configured.
    EXPECT_TRUE(load({{"STRATA_ENV", "production"}, {"DATABASE_URL", "postgresql://h/d"}})
                    .database()
                    .url.has_value());
}

}  // namespace
}  // namespace strata
