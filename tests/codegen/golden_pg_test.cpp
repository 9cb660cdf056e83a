// Golden tests: three fixture schemas, their queries analysed on a scratch PostgreSQL, the
// snapshot and generated code compared byte for byte with tests/codegen/golden/<schema>/.
// Regenerate with STRATA_UPDATE_GOLDEN=1 (and review the diff).
#include <gtest/gtest.h>

#include "codegen/golden_support.hpp"

namespace strata::codegen::golden {
namespace {

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, SnapshotAndGeneratedCodeMatchTheCommittedFiles) {
    const auto files = generate(GetParam());
    const auto dir = kGolden / GetParam();
    for (const auto& f : files) {
        if (updating()) {
            std::filesystem::create_directories(dir);
            std::ofstream(dir / f.path, std::ios::binary) << f.content;
            continue;
        }
        ASSERT_TRUE(std::filesystem::exists(dir / f.path))
            << (dir / f.path) << " missing: run with STRATA_UPDATE_GOLDEN=1";
        EXPECT_EQ(read_file(dir / f.path), f.content)
            << (dir / f.path) << " differs: rerun with STRATA_UPDATE_GOLDEN=1 and review";
    }
}

TEST_P(Golden, GenerationIsDeterministic) {
    EXPECT_EQ(generate(GetParam()), generate(GetParam()));
}

TEST_P(Golden, SnapshotRoundTripsAndEmitsTheSameCodeWithoutADatabase) {
    Snapshot analysed;
    const auto files = generate(GetParam(), &analysed);
    const auto reread = parse_snapshot(files[0].content, "strata_gen.json");
    EXPECT_EQ(render_snapshot(reread), files[0].content);
    const auto offline = emit(reread, golden_emit_options(GetParam()));
    ASSERT_EQ(offline.size() + 2, files.size());  // + the snapshot and models.hpp
    for (std::size_t i = 0; i < offline.size(); ++i) EXPECT_EQ(offline[i], files[i + 1]);
}

INSTANTIATE_TEST_SUITE_P(Schemas, Golden, ::testing::Values("library", "shop", "blog"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace strata::codegen::golden
