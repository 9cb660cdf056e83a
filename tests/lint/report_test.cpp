// Finding renderings: the human line with excerpt and caret, the JSON shape, SARIF 2.1.0.
#include <gmock/gmock.h>

#include "strata/lint/report.hpp"

namespace strata::lint::test {
namespace {

using ::testing::HasSubstr;

Finding migration_finding() {
    Finding f;
    f.rule = "index-not-concurrent";
    f.severity = Severity::error;
    f.file = "db/migrations/20260101000001_x.sql";
    f.line = 4;
    f.column = 3;
    f.object = "public.accounts";
    f.message = "CREATE INDEX on existing table public.accounts blocks writes";
    f.fix = "use CREATE INDEX CONCURRENTLY";
    f.excerpt = "  CREATE INDEX ix ON accounts (email);";
    return f;
}

Finding catalog_finding() {
    Finding f;
    f.rule = "json-not-jsonb";
    f.severity = Severity::warning;
    f.object = "public.events.payload";
    f.message = "public.events.payload is json, not jsonb";
    f.fix = "use jsonb";
    return f;
}

TEST(LintReport, HumanLineHasPositionExcerptCaretAndFix) {
    EXPECT_EQ(format_human(migration_finding()),
              "db/migrations/20260101000001_x.sql:4:3: error index-not-concurrent: CREATE INDEX "
              "on existing table public.accounts blocks writes\n"
              "    CREATE INDEX ix ON accounts (email);\n"
              "    ^\n"
              "  fix: use CREATE INDEX CONCURRENTLY\n");
    EXPECT_EQ(format_human(catalog_finding()),
              "public.events.payload: warning json-not-jsonb: public.events.payload is json, not "
              "jsonb\n  fix: use jsonb\n");
}

TEST(LintReport, JsonHasTheDocumentedFields) {
    auto j = to_json({migration_finding(), catalog_finding()});
    EXPECT_EQ(j["errors"], 1);
    EXPECT_EQ(j["warnings"], 1);
    const auto& first = j["findings"][0];
    for (const char* key :
         {"rule", "severity", "file", "line", "column", "object", "message", "fix"}) {
        EXPECT_TRUE(first.contains(key)) << key;
    }
    EXPECT_EQ(first["line"], 4);
    EXPECT_TRUE(j["findings"][1]["file"].is_null());
    EXPECT_EQ(j["findings"][1]["object"], "public.events.payload");
}

TEST(LintReport, SarifIsVersion210WithRulesResultsAndLocations) {
    auto s = to_sarif({migration_finding(), catalog_finding()});
    EXPECT_EQ(s["version"], "2.1.0");
    const auto& run = s["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["name"], "strata lint");
    EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 2u);
    const auto& result = run["results"][0];
    EXPECT_EQ(result["ruleId"], "index-not-concurrent");
    EXPECT_EQ(result["level"], "error");
    EXPECT_EQ(result["ruleIndex"], 0);
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 4);
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "db/migrations/20260101000001_x.sql");
    EXPECT_EQ(run["results"][1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
              "public.events.payload");
    EXPECT_FALSE(run["results"][1]["locations"][0].contains("physicalLocation"));
}

TEST(LintReport, ErrorsAreDetected) {
    EXPECT_TRUE(has_errors({migration_finding()}));
    EXPECT_FALSE(has_errors({catalog_finding()}));
}

}  // namespace
}  // namespace strata::lint::test
