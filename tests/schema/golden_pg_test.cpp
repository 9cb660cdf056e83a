// Golden tests: the dump and the docs of the fixed rich schema, byte for byte.
// Regenerate with STRATA_UPDATE_GOLDEN=1 after checking the change is intended.
#include <gmock/gmock.h>

#include <cstdlib>

#include "pg_fixture.hpp"
#include "strata/schema/docs.hpp"
#include "strata/schema/dump.hpp"
#include "test_support.hpp"

namespace strata::schema::test {
namespace {

const std::filesystem::path kGolden =
    std::filesystem::path(STRATA_SOURCE_DIR) / "tests/schema/golden";

bool updating() {
    const char* v = std::getenv("STRATA_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

void expect_golden(const std::string& relative, const std::string& actual) {
    auto path = kGolden / relative;
    if (updating()) {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::string expected;
    try {
        expected = read_text(path);
    } catch (const std::exception&) {
        ADD_FAILURE() << path << " is missing; run with STRATA_UPDATE_GOLDEN=1 to create it";
        return;
    }
    EXPECT_EQ(expected, actual) << unified_diff(expected, actual, path.string(), "actual");
}

using Golden = PgSchemaTest;

TEST_F(Golden, DumpOfTheRichSchemaMatches) {
    run(source_file("tests/schema/data/rich_schema.sql"));
    expect_golden("rich_schema.sql", dump(*conn_));
}

TEST_F(Golden, DocsOfTheRichSchemaMatch) {
    run(source_file("tests/schema/data/rich_schema.sql"));
    auto ann = load_annotations(std::filesystem::path(STRATA_SOURCE_DIR) /
                                "tests/schema/data/annotations.yaml");
    DocsOptions options;
    options.svg = false;
    auto files = render_docs(read(), ann, options);
    ASSERT_GE(files.size(), 8u);
    for (const auto& f : files) expect_golden("docs/" + f.path, f.content);
}
}  // namespace
}  // namespace strata::schema::test
