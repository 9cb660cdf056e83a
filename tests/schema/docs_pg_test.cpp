// Docs written to a directory: Markdown with links and Mermaid, SVG via Graphviz, JSON, errors.
#include <gmock/gmock.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

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

/// A stand-in for Graphviz's `dot` (writes a fixed SVG to the -o argument): the rendering path
/// is tested whether or not Graphviz is installed (it is optional: `make deps` leaves it out).
std::string fake_dot(const TempDir& dir) {
    const auto path = dir.path() / "fake-dot";
    {
        std::ofstream f(path);
        f << "#!/bin/sh\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = -o ]; then printf '<svg/>' > "
             "\"$2\"; "
             "fi\n  shift\ndone\n";
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path.string();
}

bool graphviz_on_path() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / "dot"))
            return true;
    }
    return false;
}

TEST_F(Docs, WritesAnIndexAPagePerTableAndAnSvgPerSchema) {
    TempDir dir;
    TempDir tools;
    DocsOptions options;
    options.dot = fake_dot(tools);
    auto written = write_docs(read(), {}, dir.path() / "schema", options);
    EXPECT_EQ(written.size(), 5u);
    auto index = read_text(dir.path() / "schema/index.md");
    EXPECT_THAT(index, HasSubstr("| [orgs](public.orgs.md) | Customers |"));
    EXPECT_THAT(index, HasSubstr("```mermaid\nerDiagram\n"));
    EXPECT_THAT(index, HasSubstr("public__orgs |o--o{ public__users"));
    EXPECT_THAT(index, HasSubstr("public__users ||--o{ public__notes"));
    EXPECT_THAT(index, HasSubstr("![ER diagram of public](public.svg)"));
    EXPECT_THAT(read_text(dir.path() / "schema/public.svg"), HasSubstr("<svg"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "schema/public.dot"));
    auto users = read_text(dir.path() / "schema/public.users.md");
    EXPECT_THAT(users, HasSubstr("## References\n\n- [public.orgs](public.orgs.md) (org_id → id)"));
    EXPECT_THAT(users,
                HasSubstr("## Referenced by\n\n- [public.notes](public.notes.md) (user_id → id)"));
    EXPECT_THAT(users, HasSubstr("| `email` | `text` | yes |  |  |"));
}

TEST_F(Docs, WithoutGraphvizTheIndexLinksNoSvg) {
    TempDir dir;
    DocsOptions options;
    options.dot = (dir.path() / "no-such-dot").string();
    auto written = write_docs(read(), {}, dir.path() / "schema", options);
    EXPECT_EQ(written.size(), 4u);
    EXPECT_THAT(read_text(dir.path() / "schema/index.md"), Not(HasSubstr(".svg")));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "schema/public.svg"));
}

// Graphviz is optional (`make deps-optional`): with it on PATH the real `dot` renders the SVG,
// without it the docs are written without one. Either way the outcome is checked.
TEST_F(Docs, TheDefaultDotIsUsedWhenGraphvizIsInstalled) {
    TempDir dir;
    auto written = write_docs(read(), {}, dir.path() / "schema");
    const bool installed = graphviz_on_path();
    EXPECT_EQ(written.size(), installed ? 5u : 4u);
    EXPECT_EQ(std::filesystem::exists(dir.path() / "schema/public.svg"), installed);
    if (installed) {
        EXPECT_THAT(read_text(dir.path() / "schema/public.svg"), HasSubstr("<svg"));
    }
}

TEST_F(Docs, ForeignTablesGetAPageAndARowInTheIndexWithTheirServer) {
    run("CREATE FOREIGN DATA WRAPPER docs_wrapper;"
        "CREATE SERVER archive FOREIGN DATA WRAPPER docs_wrapper;"
        "CREATE FOREIGN TABLE old_orders (id int NOT NULL, total numeric) SERVER archive "
        "OPTIONS (table_name 'orders_2019');"
        "COMMENT ON FOREIGN TABLE old_orders IS 'Orders before 2020, in the archive'");
    auto files = render_docs(read(), {}, {});
    const DocsFile* page = nullptr;
    const DocsFile* index = nullptr;
    for (const auto& f : files) {
        if (f.path == "public.old_orders.md") page = &f;
        if (f.path == "index.md") index = &f;
    }
    ASSERT_NE(page, nullptr);
    ASSERT_NE(index, nullptr);
    EXPECT_THAT(page->content, HasSubstr("Orders before 2020, in the archive"));
    EXPECT_THAT(page->content,
                HasSubstr("foreign table on server `archive`, options `table_name=orders_2019`"));
    EXPECT_THAT(page->content, HasSubstr("| `total` | `numeric` | yes |"));
    EXPECT_THAT(index->content,
                HasSubstr("| [old_orders](public.old_orders.md) | `archive` | Orders before 2020, "
                          "in the archive |"));
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
