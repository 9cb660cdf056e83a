// --format sarif: strata lint's SARIF validated against the official SARIF 2.1.0 JSON schema
// (tests/lint/sarif-2.1.0-rtm.5.json, as published by OASIS; copied from the npm package
// @microsoft/jest-sarif 1.0.0-beta.0, lib/schemas/).
#include <gtest/gtest.h>

#include <fstream>

#include "lint/json_schema_check.hpp"
#include "strata/lint/report.hpp"

namespace strata::lint {
namespace {

nlohmann::json sarif_schema() {
    std::ifstream in(std::string(STRATA_SOURCE_DIR) + "/tests/lint/sarif-2.1.0-rtm.5.json");
    return nlohmann::json::parse(in);
}

std::vector<Finding> every_shape() {
    std::vector<Finding> out;
    Finding migration;
    migration.rule = "index-not-concurrent";
    migration.severity = Severity::error;
    migration.file = "db/migrations/20240102000000_index email.sql";
    migration.line = 3;
    migration.column = 1;
    migration.object = "public.accounts";
    migration.message = "CREATE INDEX on existing table public.accounts blocks writes";
    migration.fix = "use CREATE INDEX CONCURRENTLY";
    migration.excerpt = "CREATE INDEX ix ON accounts (email);";
    out.push_back(migration);
    Finding catalog;
    catalog.rule = "json-not-jsonb";
    catalog.severity = Severity::warning;
    catalog.object = "public.accounts.payload";
    catalog.message = "public.accounts.payload is json, not jsonb";
    out.push_back(catalog);
    Finding file_only;  // a file finding without a column or object (line 0: the whole file)
    file_only.rule = "migration-missing-down";
    file_only.severity = Severity::warning;
    file_only.file = "db/migrations/20240103000000_x.sql";
    file_only.message = "no -- migrate:down section";
    out.push_back(file_only);
    Finding unknown_rule = catalog;  // a rule id strata does not know (an ignore's finding)
    unknown_rule.rule = "no-such-rule";
    out.push_back(unknown_rule);
    out.push_back(migration);  // the same rule twice: one rules entry, two results
    return out;
}

TEST(SarifSchema, EveryShapeOfFindingIsValidSarif210) {
    const auto schema = sarif_schema();
    schema_check::Checker checker(schema);
    const auto sarif = to_sarif(every_shape());
    const auto errors = checker.check(sarif);
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors) << "\n" << sarif.dump(2);
    EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 4U);
    EXPECT_EQ(sarif["runs"][0]["results"].size(), 5U);
}

TEST(SarifSchema, NoFindingsIsValidSarifToo) {
    const auto schema = sarif_schema();
    schema_check::Checker checker(schema);
    EXPECT_TRUE(checker.check(to_sarif({})).empty());
}

TEST(SarifSchema, TheCheckRejectsWhatTheSchemaForbids) {
    const auto schema = sarif_schema();
    schema_check::Checker checker(schema);
    auto sarif = to_sarif(every_shape());
    sarif.erase("version");
    EXPECT_FALSE(checker.check(sarif).empty());
    sarif = to_sarif(every_shape());
    sarif["runs"][0]["results"][0]["level"] = "fatal";
    EXPECT_FALSE(checker.check(sarif).empty());
    sarif = to_sarif(every_shape());
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
    EXPECT_FALSE(checker.check(sarif).empty());
    sarif = to_sarif(every_shape());
    sarif["runs"][0]["tool"]["driver"]["unexpected"] = true;
    EXPECT_FALSE(checker.check(sarif).empty());
}

}  // namespace
}  // namespace strata::lint
