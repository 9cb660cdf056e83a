// docs/config.md: prefix parts, the main pool settings a named database inherits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"

namespace {

TEST(DocsConfig, PrefixPartsAndInheritedPoolSettings) {
    const auto project = std::filesystem::temp_directory_path() / "strata_docs_config_prefix";
    std::filesystem::create_directories(project);
    std::ofstream(project / "strata.toml") << "env_prefix = \"APP\"\n";
    // snippet:begin prefix-parts
    strata::LoadOptions options;
    options.project_dir = project;  // holds strata.toml: env_prefix = "APP"
    options.environment =
        strata::EnvMap{{"APP_DATABASE__HOST", "db.internal"},
                       {"APP_DATABASE__PORT", "6432"},
                       {"APP_DATABASE__NAME", "app"},
                       {"APP_DATABASE__USER", "svc"},
                       {"APP_DATABASE__PASSWORD", "s3cret-from-vault"},
                       {"APP_DATABASE__SSLMODE", "require"},
                       {"DB_POOL_SIZE", "12"},
                       {"ANALYTICS_DATABASE_URL", "postgresql://reader@warehouse/dw"}};
    const auto settings = strata::Settings::load(options);
    const auto main_db = settings.database();
    EXPECT_EQ(main_db.url->to_string(),
              "postgresql://svc:****@db.internal:6432/app?sslmode=require");
    EXPECT_EQ(main_db.pool.size, 12);
    // A named database inherits the main pool settings it does not set itself.
    EXPECT_EQ(settings.database("analytics").pool.size, 12);
    // snippet:end prefix-parts
    std::filesystem::remove_all(project);
    strata::log::clear_secrets();
}

}  // namespace
