// The examples/ projects' schemas pass the lint preset their strata.toml claims, on PostgreSQL.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "strata/lint/catalog_lint.hpp"
#include "strata/lint/report.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::lint::test {
namespace {

namespace fs = std::filesystem;

TEST(LintPresets, ExampleProjectsPassThePresetTheyClaim) {
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(STRATA_SOURCE_DIR) / "examples")) {
        const auto toml = entry.path() / "strata.toml";
        if (!fs::exists(toml)) continue;
        const auto config = Config::load(toml);
        auto db = strata::testing::migrated_database(
            {.migrations_dir = entry.path() / "db" / "migrations"});
        const auto findings = lint_catalog(schema::introspect(db.url()), config);
        std::string text;
        for (const auto& f : findings) text += format_human(f);
        EXPECT_TRUE(findings.empty())
            << entry.path().filename().string() << " claims preset " << config.preset() << ":\n"
            << text;
        ++checked;
    }
    EXPECT_GE(checked, 1);
}

TEST(LintPresets, TheTodoSchemaBreaksAStricterPreset) {
    // The check above can fail: the same schema does not follow database-package (text ids,
    // *_enum tables, updated_at triggers...).
    auto config = Config::from_toml("[lint]\npreset = \"database-package\"\n", "strata.toml");
    auto db = strata::testing::migrated_database(
        {.migrations_dir = fs::path(STRATA_SOURCE_DIR) / "examples/todo/db/migrations"});
    const auto findings = lint_catalog(schema::introspect(db.url()), config);
    EXPECT_TRUE(has_errors(findings));
}

}  // namespace
}  // namespace strata::lint::test
