// Catalog diff, catalog JSON round trip and the unified text diff, on hand-built catalogs.
#include <gmock/gmock.h>

#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"
#include "strata/schema/diff.hpp"
#include "strata/schema/dump.hpp"

namespace strata::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Catalog sample() {
    Catalog cat;
    Table t;
    t.schema = "app";
    t.name = "users";
    Column id;
    id.name = "id";
    id.type = "integer";
    id.not_null = true;
    Column email;
    email.name = "email";
    email.type = "text";
    t.columns = {id, email};
    Index ix;
    ix.name = "users_email";
    ix.method = "btree";
    ix.keys = {"email"};
    t.indexes = {ix};
    cat.tables = {t};
    Function f;
    f.schema = "app";
    f.name = "f";
    f.identity_arguments = "a integer";
    f.language = "sql";
    cat.functions = {f};
    return cat;
}

TEST(CatalogDiff, IsEmptyForEqualCatalogs) {
    EXPECT_TRUE(diff(sample(), sample()).empty());
}

TEST(CatalogDiff, ListsAddedRemovedAndChangedObjectsWithAttributes) {
    auto from = sample();
    auto to = sample();
    to.tables[0].columns[1].type = "citext";
    to.tables[0].columns[1].not_null = true;
    to.tables[0].indexes.clear();
    Table extra;
    extra.schema = "app";
    extra.name = "orgs";
    to.tables.insert(to.tables.begin(), extra);
    to.functions[0].identity_arguments = "a bigint";
    auto d = diff(from, to);
    ASSERT_EQ(d.size(), 5u) << format_differences(d);
    EXPECT_EQ(d[0], (Difference{"function", "app.f(a bigint)", Change::added, {}}));
    EXPECT_EQ(d[1], (Difference{"function", "app.f(a integer)", Change::removed, {}}));
    EXPECT_EQ(d[2], (Difference{"table", "app.orgs", Change::added, {}}));
    EXPECT_EQ(d[3].object, "app.users.email");
    EXPECT_EQ(d[3].kind, "column");
    ASSERT_EQ(d[3].attributes.size(), 2u);
    EXPECT_EQ(d[3].attributes[0], (AttributeChange{"not_null", "false", "true"}));
    EXPECT_EQ(d[3].attributes[1], (AttributeChange{"type", "\"text\"", "\"citext\""}));
    EXPECT_EQ(d[4], (Difference{"index", "app.users.users_email", Change::removed, {}}));
    auto text = format_differences(d);
    EXPECT_THAT(
        text,
        HasSubstr(
            "~ column app.users.email: not_null false -> true; type \"text\" -> \"citext\"\n"));
    EXPECT_THAT(text, HasSubstr("- index app.users.users_email\n"));
    auto j = differences_to_json(d);
    EXPECT_EQ(j[3]["change"], "changed");
    EXPECT_EQ(j[3]["attributes"][1]["to"], "citext");
}

TEST(CatalogJson, RoundTripsEveryField) {
    auto cat = sample();
    cat.tables[0].columns[1].comment = "login";
    cat.tables[0].kind = TableKind::partitioned;
    Constraint c;
    c.name = "users_pkey";
    c.kind = ConstraintKind::primary_key;
    cat.tables[0].constraints = {c};
    cat.history = {HistoryRow{{{"version", "1"}, {"name", std::nullopt}}}};
    auto j = catalog_to_json(cat);
    EXPECT_EQ(j["format_version"], 1);
    EXPECT_EQ(j["tables"][0]["kind"], "partitioned");
    EXPECT_EQ(j["tables"][0]["constraints"][0]["kind"], "primary_key");
    EXPECT_TRUE(j["tables"][0]["columns"][0]["comment"].is_null());
    auto back = catalog_from_json(j);
    EXPECT_TRUE(back == cat);
    EXPECT_EQ(back.history, cat.history);
}

TEST(CatalogJson, RejectsAnotherFormatVersion) {
    EXPECT_THROW((void)catalog_from_json(nlohmann::json{{"format_version", 99}}), UsageError);
    EXPECT_THROW((void)catalog_from_json(nlohmann::json{{"format_version", 1}, {"tables", 3}}),
                 UsageError);
}

TEST(UnifiedDiff, IsEmptyForEqualTexts) {
    EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), "");
}

TEST(UnifiedDiff, ShowsChangedLinesWithContextAndHunkHeaders) {
    std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\neleven\n";
    EXPECT_EQ(unified_diff(a, b, "old", "new"),
              "--- old\n+++ new\n@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n "
              "10\n+eleven\n");
}

TEST(UnifiedDiff, SplitsDistantChangesIntoHunks) {
    std::string a, b;
    for (int i = 0; i < 30; ++i) {
        a += std::to_string(i) + "\n";
        b += (i == 2 || i == 25 ? "x" : std::to_string(i)) + "\n";
    }
    auto d = unified_diff(a, b, "a", "b");
    EXPECT_THAT(d, HasSubstr("@@ -1,6 +1,6 @@"));
    EXPECT_THAT(d, HasSubstr("@@ -23,7 +23,7 @@"));
}

}  // namespace
}  // namespace strata::schema
