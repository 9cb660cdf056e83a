// Docs written to a directory: Markdown with links and Mermaid, SVG via Graphviz, JSON, errors.
#include <gmock/gmock.h>

#include "pg_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"
#include "strata/schema/docs.hpp"
#include "test_support.hpp"

namespace strata::schema::test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class Docs : public PgSchemaTest {
protected:
    void SetUp() override {
        PgSchemaTest::SetUp();
        run("CREATE TABLE orgs (id int PRIMARY KEY, name text NOT NULL);"
            "COMMENT ON TABLE orgs IS 'Customers';"
            "CREATE TABLE users (id int PRIMARY KEY, org_id int REFERENCES orgs, email text);"
            "CREATE TABLE notes (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users)");
    }
};

TEST_F(Docs, WritesAnIndexAPagePerTableAndAnSvgPerSchema) {
    TempDir dir;
    auto written = write_docs(read(), {}, dir.path() / "schema");
    EXPECT_EQ(written.size(), 5u);
    auto index = read_text(dir.path() / "schema/index.md");
    EXPECT_THAT(index, HasSubstr("| [orgs](public.orgs.md) | Customers |"));
    EXPECT_THAT(index, HasSubstr("```mermaid\nerDiagram\n"));
    EXPECT_THAT(index, HasSubstr("public__orgs |o--o{ public__users"));
    EXPECT_THAT(index, HasSubstr("public__users ||--o{ public__notes"));
    auto users = read_text(dir.path() / "schema/public.users.md");
    EXPECT_THAT(users, HasSubstr("## References\n\n- [public.orgs](public.orgs.md) (org_id → id)"));
    EXPECT_THAT(users,
                HasSubstr("## Referenced by\n\n- [public.notes](public.notes.md) (user_id → id)"));
    EXPECT_THAT(users, HasSubstr("| `email` | `text` | yes |  |  |"));
    if (std::filesystem::exists("/usr/bin/dot")) {
        auto svg = read_text(dir.path() / "schema/public.svg");
        EXPECT_THAT(svg, HasSubstr("<svg"));
        EXPECT_THAT(index, HasSubstr("![ER diagram of public](public.svg)"));
    }
}

TEST_F(Docs, NeighbourhoodDiagramsShowOnlyNeighbours) {
    auto cat = read();
    auto notes = mermaid_neighbourhood(cat, *cat.find_table("public", "notes"));
    EXPECT_THAT(notes, HasSubstr("public__users"));
    EXPECT_THAT(notes, Not(HasSubstr("public__orgs[")));
}

TEST_F(Docs, WritesTheCatalogAsJsonInTheDocumentedShape) {
    TempDir dir;
    DocsOptions options;
    options.format = DocsFormat::json;
    write_docs(read(), {}, dir.path(), options);
    auto j = nlohmann::json::parse(read_text(dir.path() / "catalog.json"));
    auto schema = nlohmann::json::parse(source_file("docs/catalog.schema.json"));
    for (const auto& key : schema["required"])
        EXPECT_TRUE(j.contains(key.get<std::string>())) << key;
    for (const auto& key : schema["$defs"]["table"]["required"]) {
        EXPECT_TRUE(j["tables"][0].contains(key.get<std::string>())) << key;
    }
    for (const auto& [key, _] : j["tables"][0].items()) {
        EXPECT_TRUE(schema["$defs"]["table"]["properties"].contains(key))
            << key << " is not documented";
    }
    EXPECT_TRUE(catalog_from_json(j) == read());
}

TEST_F(Docs, StaleDocsAreListed) {
    TempDir dir;
    auto cat = read();
    write_docs(cat, {}, dir.path());
    EXPECT_TRUE(stale_docs(cat, {}, dir.path()).empty());
    run("ALTER TABLE notes ADD COLUMN body text");
    EXPECT_THAT(stale_docs(read(), {}, dir.path()), Contains("public.notes.md"));
}

TEST_F(Docs, RefusesAnUnwritableOutputDirectory) {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "x";
    try {
        (void)write_docs(read(), {}, dir.path() / "file" / "docs");
        FAIL() << "no error";
    } catch (const UsageError& e) {
        EXPECT_THAT(e.what(), HasSubstr((dir.path() / "file" / "docs").string()));
    }
}

}  // namespace
}  // namespace strata::schema::test
