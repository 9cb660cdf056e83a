// Docs at scale: a generated 1,380-table catalogue renders every Mermaid block under Mermaid's
// limit, with pages for every object; small limits exercise the grouping rules. The manifest of
// the large render (every file, its size and its biggest diagram) is a golden file; regenerate
// with STRATA_UPDATE_GOLDEN=1.
#include <gmock/gmock.h>

#include <cstdlib>
#include <map>
#include <set>

#include "large_catalog.hpp"
#include "strata/schema/docs.hpp"
#include "strata/schema/dump.hpp"
#include "test_support.hpp"

namespace strata::schema::test {
namespace {

using ::testing::HasSubstr;

/// The sizes of the ```mermaid blocks of a Markdown text.
std::vector<std::size_t> mermaid_blocks(const std::string& text) {
    std::vector<std::size_t> out;
    const std::string open = "```mermaid\n";
    for (auto pos = text.find(open); pos != std::string::npos; pos = text.find(open, pos)) {
        pos += open.size();
        auto end = text.find("```", pos);
        out.push_back(end - pos);
        pos = end + 3;
    }
    return out;
}

DocsOptions no_svg() {
    DocsOptions o;
    o.svg = false;
    return o;
}

class DocsScale : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        cat_ = new Catalog(large_catalog());
        files_ = new std::vector<DocsFile>(render_docs(*cat_, {}, no_svg()));
    }
    static void TearDownTestSuite() {
        delete files_;
        delete cat_;
    }
    static const DocsFile& file(const std::string& path) {
        for (const auto& f : *files_) {
            if (f.path == path) return f;
        }
        throw std::runtime_error("no file " + path);
    }
    static Catalog* cat_;
    static std::vector<DocsFile>* files_;
};
Catalog* DocsScale::cat_ = nullptr;
std::vector<DocsFile>* DocsScale::files_ = nullptr;

TEST_F(DocsScale, EveryMermaidBlockIsUnderTheDefaultLimit) {
    std::size_t blocks = 0;
    for (const auto& f : *files_) {
        for (auto size : mermaid_blocks(f.content)) {
            ++blocks;
            EXPECT_LE(size, 50000u) << f.path;
        }
    }
    EXPECT_GT(blocks, cat_->tables.size());
}

TEST_F(DocsScale, HasAPageForEveryTableViewAndKind) {
    std::set<std::string> paths;
    for (const auto& f : *files_) paths.insert(f.path);
    for (const auto& t : cat_->tables) EXPECT_TRUE(paths.contains(t.qualified() + ".md"));
    for (const auto& v : cat_->views) EXPECT_TRUE(paths.contains(v.qualified() + ".md"));
    for (const char* p : {"types/app.md", "types/billing.md", "functions/app.md", "triggers/app.md",
                          "triggers/billing.md", "policies/app.md"})
        EXPECT_TRUE(paths.contains(p)) << p;
    EXPECT_EQ(paths.size(), files_->size());  // no path twice
}

TEST_F(DocsScale, SplitsABigSchemaIntoGroupsAndDrawsEveryRelatedTableOnce) {
    auto app = schema_overview(*cat_, "app");
    ASSERT_GT(app.diagrams.size(), 1u);
    std::map<std::string, int> drawn;
    for (const auto& d : app.diagrams) {
        EXPECT_LE(d.tables.size(), 150u);
        EXPECT_LE(d.mermaid.size(), 50000u);
        for (const auto& t : d.tables) ++drawn[t];
    }
    EXPECT_EQ(drawn.size() + app.not_drawn.size(), 966u);  // 70% of 1,380
    for (const auto& [t, n] : drawn) EXPECT_EQ(n, 1) << t;
    auto billing = schema_overview(*cat_, "billing");
    EXPECT_FALSE(billing.not_drawn.empty());
    // Chains of related tables are packed together, not one diagram each.
    EXPECT_LT(billing.diagrams.size(), 10u);
    // The index says why and names each group.
    const auto& index = file("index.md").content;
    EXPECT_THAT(index, HasSubstr("Too large for one diagram: "));
    EXPECT_THAT(index, HasSubstr("### Diagram 1: 150 tables around `app.accounts` (names only)"));
}

TEST_F(DocsScale, TheHubsNeighbourhoodKeepsItsColumnsAndCountsWhatIsLeftOut) {
    const auto& hub = file("app.accounts.md").content;
    auto blocks = mermaid_blocks(hub);
    ASSERT_EQ(blocks.size(), 1u);
    EXPECT_LE(blocks[0], 50000u);
    EXPECT_THAT(hub, HasSubstr("    app__accounts[\"app.accounts\"] {\n        bigint id PK\n"));
    EXPECT_THAT(hub, HasSubstr("related tables are not drawn (the diagram would exceed 50000 "
                               "characters); all are listed above."));
    EXPECT_THAT(hub, HasSubstr("- [app.entity_0964_records](app.entity_0964_records.md)"));
}

TEST_F(DocsScale, KindPagesLinkTablesFunctionsAndTriggers) {
    EXPECT_THAT(file("functions/app.md").content,
                HasSubstr("Called by the triggers of [app.accounts](../app.accounts.md) "
                          "(`accounts_touch`)"));
    EXPECT_THAT(file("triggers/billing.md").content, HasSubstr("](../functions/app.md)"));
    EXPECT_THAT(file("policies/app.md").content,
                HasSubstr("| [accounts](../app.accounts.md) | on |"));
    EXPECT_THAT(file("types/billing.md").content,
                HasSubstr("| `money_amount` | `numeric(12,2)` |"));
    EXPECT_THAT(file("app.entity_0020_records_view.md").content,
                HasSubstr("## Depends on\n\n- [app.entity_0020_records]"
                          "(app.entity_0020_records.md)"));
    EXPECT_THAT(file("index.md").content,
                HasSubstr("Also: [types](types/app.md) (20) · [functions](functions/app.md) (30)"));
}

TEST_F(DocsScale, ManifestMatchesTheGoldenFile) {
    std::string manifest = "# path bytes mermaid-blocks largest-block\n";
    for (const auto& f : *files_) {
        auto blocks = mermaid_blocks(f.content);
        std::size_t largest = 0;
        for (auto b : blocks) largest = std::max(largest, b);
        manifest += fmt::format("{} {} {} {}\n", f.path, f.content.size(), blocks.size(), largest);
    }
    auto path = std::filesystem::path(STRATA_SOURCE_DIR) / "tests/schema/golden/docs_large.txt";
    if (const char* v = std::getenv("STRATA_UPDATE_GOLDEN"); v && std::string(v) == "1") {
        std::ofstream(path, std::ios::binary) << manifest;
        return;
    }
    auto expected = read_text(path);
    EXPECT_EQ(expected, manifest) << unified_diff(expected, manifest, path.string(), "actual");
}

/// A schema of n tables in chains of `chain` (each references its predecessor).
Catalog chains(int n, int chain) {
    Catalog cat;
    cat.schemas.push_back({"s", {}, {}, {}});
    for (int i = 0; i < n; ++i) {
        Table t;
        t.schema = "s";
        t.name = fmt::format("t{:03}", i);
        t.columns.push_back(large_column("id", "bigint", true));
        if (i % chain != 0) large_fk(t, "prev_id", fmt::format("s.t{:03}", i - 1), true);
        cat.tables.push_back(std::move(t));
    }
    cat.normalize();
    return cat;
}

TEST(DocsOverview, ShowsColumnsWhenSmallAndNamesOnlyBeyondDetailTables) {
    auto cat = chains(6, 3);
    auto small = schema_overview(cat, "s");
    ASSERT_EQ(small.diagrams.size(), 1u);
    EXPECT_TRUE(small.diagrams[0].detailed);
    EXPECT_THAT(small.diagrams[0].mermaid, HasSubstr("s__t000[\"s.t000\"] {"));
    DocsOptions options;
    options.detail_tables = 5;
    auto compact = schema_overview(cat, "s", options);
    ASSERT_EQ(compact.diagrams.size(), 1u);
    EXPECT_FALSE(compact.diagrams[0].detailed);
    EXPECT_EQ(compact.diagrams[0].mermaid,
              "erDiagram\n    s__t000\n    s__t001\n    s__t002\n    s__t003\n    s__t004\n"
              "    s__t005\n    s__t000 ||--o{ s__t001 : \"prev_id\"\n"
              "    s__t001 ||--o{ s__t002 : \"prev_id\"\n"
              "    s__t003 ||--o{ s__t004 : \"prev_id\"\n"
              "    s__t004 ||--o{ s__t005 : \"prev_id\"\n");
}

TEST(DocsOverview, PacksComponentsAndCutsOneThatIsTooBig) {
    DocsOptions options;
    options.tables_per_diagram = 4;
    auto packed = schema_overview(chains(8, 2), "s", options);
    ASSERT_EQ(packed.diagrams.size(), 2u);  // four pairs, two per diagram
    EXPECT_EQ(packed.diagrams[0].tables,
              (std::vector<std::string>{"s.t000", "s.t001", "s.t002", "s.t003"}));
    auto cut = schema_overview(chains(10, 10), "s", options);
    ASSERT_EQ(cut.diagrams.size(), 3u);  // one chain of ten, in breadth-first pieces
    EXPECT_EQ(cut.diagrams[1].tables.front(), "s.t004");
    // An edge to a table in another piece is still drawn, to the table's name.
    EXPECT_THAT(cut.diagrams[1].mermaid, HasSubstr("s__t003 ||--o{ s__t004"));
    auto alone = schema_overview(chains(5, 1), "s", options);
    EXPECT_TRUE(alone.diagrams.empty());
    EXPECT_EQ(alone.not_drawn.size(), 5u);
}

TEST(DocsOverview, KeepsEveryDiagramUnderASmallCharacterLimit) {
    DocsOptions options;
    options.diagram_limit = 300;
    auto o = schema_overview(chains(40, 40), "s", options);
    ASSERT_GT(o.diagrams.size(), 3u);
    for (const auto& d : o.diagrams) EXPECT_LE(d.mermaid.size(), 300u) << d.mermaid;
    auto cat = chains(40, 40);
    auto page = mermaid_neighbourhood(cat, cat.tables[5], options);
    EXPECT_LE(page.size(), 300u);
    // A table too wide to draw with its columns is drawn by name.
    for (int c = 0; c < 50; ++c)
        cat.tables[5].columns.push_back(large_column(fmt::format("column_{}", c), "text"));
    auto wide = mermaid_neighbourhood(cat, cat.tables[5], options);
    EXPECT_LE(wide.size(), 300u);
    EXPECT_THAT(wide, HasSubstr("    s__t005\n"));
    EXPECT_THAT(wide, HasSubstr("s__t004 ||--o{ s__t005"));
}

TEST(DocsSvg, IsLeftOutWhenGraphvizIsNotInstalled) {
    auto cat = chains(3, 3);
    DocsOptions options;
    options.dot = "/nonexistent/dot";
    TempDir dir;
    auto written = write_docs(cat, {}, dir.path(), options);
    for (const auto& p : written) EXPECT_NE(p.extension(), ".svg") << p;
    EXPECT_THAT(read_text(dir.path() / "index.md"), ::testing::Not(HasSubstr(".svg")));
}

TEST(DocsSvg, RendersOnePerDiagramWhenGraphvizIsInstalled) {
    // Runs dot when it is on PATH; without it the docs are the same minus the SVGs, which the
    // test above proves, so this one checks what it can either way.
    DocsOptions options;
    options.tables_per_diagram = 4;
    auto cat = chains(8, 2);
    TempDir dir;
    auto written = write_docs(cat, {}, dir.path(), options);
    const bool dot = std::any_of(written.begin(), written.end(),
                                 [](const auto& p) { return p.extension() == ".svg"; });
    auto index = read_text(dir.path() / "index.md");
    if (dot) {
        EXPECT_THAT(read_text(dir.path() / "s.2.svg"), HasSubstr("<svg"));
        EXPECT_THAT(index, HasSubstr("![ER diagram of s (2)](s.2.svg)"));
    } else {
        EXPECT_THAT(index, ::testing::Not(HasSubstr(".svg")));
    }
}

}  // namespace
}  // namespace strata::schema::test
