// Settings: the [gen] section of strata.toml (strata gen's paths, namespace, overrides).
#include "core/toml_settings_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

using GenSettingsTest = TomlSettingsTest;

TEST_F(GenSettingsTest, DefaultsWhenNotConfigured) {
    const auto s = load("");
    EXPECT_EQ(s.gen().out, dir_ / "db/gen");
    EXPECT_EQ(s.gen().snapshot, dir_ / "db/queries/strata_gen.json");
    EXPECT_EQ(s.gen().cpp_namespace, "queries");
    EXPECT_EQ(s.gen().soft_delete_column, "deleted_at");
    EXPECT_TRUE(s.gen().overrides.empty());
}

TEST_F(GenSettingsTest, ReadsEveryKeyAndTheOverridesWithTheirLines) {
    const auto s = load(
        "[queries]\ndir = \"sql\"\n[gen]\nout = \"gen\"\nnamespace = \"app::db\"\n"
        "include_prefix = \"db/\"\nsoft_delete_column = \"archived_at\"\nmodels_header = "
        "\"models.hpp\"\nmodels_namespace = \"app::models\"\n[gen.overrides]\n"
        "uuid = \"boost::uuids::uuid\"\n\"authors.bio\" = \"Markdown\"\n_text = "
        "\"std::vector<std::string>\"\n");
    EXPECT_EQ(s.gen().out, dir_ / "gen");
    EXPECT_EQ(s.gen().snapshot, dir_ / "sql/strata_gen.json");  // follows [queries] dir
    EXPECT_EQ(s.gen().cpp_namespace, "app::db");
    EXPECT_EQ(s.gen().include_prefix, "db/");
    EXPECT_EQ(s.gen().soft_delete_column, "archived_at");
    EXPECT_EQ(s.gen().models_header, "models.hpp");
    EXPECT_EQ(s.gen().models_namespace, "app::models");
    EXPECT_EQ(s.gen().overrides,
              (std::map<std::string, std::string>{{"uuid", "boost::uuids::uuid"},
                                                  {"authors.bio", "Markdown"},
                                                  {"_text", "std::vector<std::string>"}}));
    EXPECT_EQ(s.gen().override_sources.at("authors.bio"), "strata.toml:12");
    bool listed = false;
    for (const auto& e : s.entries()) {
        if (e.key == "gen.overrides.uuid") {
            listed = true;
            EXPECT_EQ(e.source, "strata.toml:11");
        }
    }
    EXPECT_TRUE(listed);
}

TEST_F(GenSettingsTest, AFlagWinsOverStrataToml) {
    const auto s = load("[gen]\nnamespace = \"a\"\n", {{"gen.namespace", "b"}});
    EXPECT_EQ(s.gen().cpp_namespace, "b");
}

TEST_F(GenSettingsTest, BadValuesAreErrorsWithFileAndLine) {
    EXPECT_EQ(error("[gen]\nout = 3\n"), "strata.toml:2: gen.out must be a string, got an integer");
    EXPECT_EQ(error("[gen]\nformat = \"x\"\n"),
              "strata.toml:2: unknown key \"gen.format\" (expected one of: out, snapshot, "
              "namespace, include_prefix, soft_delete_column, models_header, models_namespace, "
              "overrides)");
    EXPECT_EQ(error("[gen.overrides]\nint8 = true\n"),
              "strata.toml:2: gen.overrides.\"int8\" must be a string (a C++ type), got a boolean");
    EXPECT_EQ(error("[gen.overrides]\n\"a.b.c\" = \"T\"\n"),
              "strata.toml:2: gen.overrides: \"a.b.c\" is neither a type name (int8, _text, an "
              "enum) nor table.column");
    EXPECT_EQ(error("[gen.overrides]\nint8 = \"\"\n"),
              "strata.toml:2: gen.overrides.\"int8\": \"\" is not a C++ type name");
    EXPECT_EQ(error("[gen]\nnamespace = \"a::\"\n"),
              "strata.toml:2: gen.namespace: expected a C++ namespace (identifiers joined by ::), "
              "got \"a::\"");
    EXPECT_EQ(error("[gen]\nsoft_delete_column = \"deleted at\"\n"),
              "strata.toml:2: gen.soft_delete_column: expected a column name, got \"deleted at\"");
}

}  // namespace
}  // namespace strata
