// Lint configuration from strata.toml: presets, severities, options, exemptions, bad input.
#include <gmock/gmock.h>

#include <set>

#include "strata/core/error.hpp"
#include "strata/lint/config.hpp"
#include "strata/lint/rules.hpp"

namespace strata::lint::test {
namespace {

using ::testing::HasSubstr;

std::string config_error(std::string_view toml) {
    try {
        (void)Config::from_toml(toml, "strata.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

TEST(LintConfig, DefaultsToRecommendedWithSafetyRulesAtTheirDefaults) {
    Config config;
    EXPECT_EQ(config.preset(), "recommended");
    EXPECT_EQ(config.severity("index-not-concurrent"), Severity::error);
    EXPECT_EQ(config.severity("drop-table"), Severity::warning);
    EXPECT_EQ(config.severity("fk-without-index"), Severity::warning);
    EXPECT_EQ(config.severity("int-not-bigint"), Severity::off);
}

TEST(LintConfig, APresetTurnsOnItsRulesAsErrorsAndOthersOff) {
    auto config = Config::from_toml("[lint]\npreset = \"naming-prefixes\"\n", "strata.toml");
    EXPECT_EQ(config.severity("fk-name-prefix"), Severity::error);
    EXPECT_EQ(config.severity("check-name-prefix"), Severity::error);
    EXPECT_EQ(config.severity("fk-without-index"), Severity::off);
    EXPECT_EQ(config.severity("index-not-concurrent"), Severity::error);
}

TEST(LintConfig, RuleTablesSetSeverityOptionsAndExemptions) {
    auto config = Config::from_toml(R"([lint]
exempt = ["audit.*"]
[lint.rules.int-not-bigint]
types = ["integer"]
exempt = ["public.counters.*"]
[lint.rules.index-not-concurrent]
severity = "off"
)",
                                    "strata.toml");
    EXPECT_EQ(config.severity("int-not-bigint"), Severity::warning);
    EXPECT_EQ(config.option("int-not-bigint", "types"), nlohmann::json::array({"integer"}));
    EXPECT_EQ(config.option("index-name-prefix", "prefix"), "ix_");
    EXPECT_TRUE(config.exempt("int-not-bigint", "public.counters.n"));
    EXPECT_FALSE(config.exempt("int-not-bigint", "public.users.n"));
    EXPECT_TRUE(config.exempt("json-not-jsonb", "audit.log"));
    EXPECT_EQ(config.severity("index-not-concurrent"), Severity::off);
}

TEST(LintConfig, UnknownRuleIdIsAnErrorWithFileAndLine) {
    EXPECT_THAT(config_error("[lint]\n[lint.rules.index-not-concurent]\nseverity = \"off\"\n"),
                HasSubstr("strata.toml:2: unknown lint rule \"index-not-concurent\""));
}

TEST(LintConfig, UnknownSettingIsAnErrorWithFileLineAndTheKnownOnes) {
    auto message = config_error("[lint.rules.int-not-bigint]\n\ntype = [\"integer\"]\n");
    EXPECT_THAT(message,
                HasSubstr("strata.toml:3: unknown setting \"lint.rules.int-not-bigint.type\""));
    EXPECT_THAT(message, HasSubstr("severity, exempt, types"));
    EXPECT_THAT(config_error("[lint]\nstrict = true\n"),
                HasSubstr("strata.toml:2: unknown key \"lint.strict\""));
}

TEST(LintConfig, BadSeverityPresetOrValueTypeIsAnError) {
    EXPECT_THAT(config_error("[lint.rules.drop-table]\nseverity = \"fatal\"\n"),
                HasSubstr("strata.toml:2: lint.rules.drop-table.severity must be \"error\""));
    auto preset = config_error("[lint]\npreset = \"supabase\"\n");
    EXPECT_THAT(preset, HasSubstr("strata.toml:2: unknown lint preset \"supabase\""));
    EXPECT_THAT(preset, HasSubstr("database-package"));
    EXPECT_THAT(config_error("[lint.rules.index-name-prefix]\nprefix = 3\n"),
                HasSubstr("strata.toml:2: lint.rules.index-name-prefix.prefix must be a string"));
}

TEST(LintConfig, EveryPresetNamesKnownRulesAndEveryGuidelineHasOne) {
    EXPECT_EQ(presets().size(), 6u);  // recommended + one per guideline document
    for (const auto& preset : presets()) {
        EXPECT_FALSE(preset.rules.empty()) << preset.name;
        for (const auto& entry : preset.rules) {
            EXPECT_NE(find_rule(entry.rule), nullptr) << preset.name << ": " << entry.rule;
            EXPECT_FALSE(entry.source.empty());
        }
    }
}

TEST(LintRules, IdsAreUniqueAndOptionsParse) {
    std::set<std::string_view> ids;
    for (const auto& rule : rules()) {
        EXPECT_TRUE(ids.insert(rule.id).second) << rule.id;
        for (const auto& option : rule.options) {
            EXPECT_FALSE(nlohmann::json::parse(option.default_json).is_discarded()) << rule.id;
        }
    }
}

}  // namespace
}  // namespace strata::lint::test
