// The corpus: one (current, desired) pair per kind and property; each plan, plain and safe, is
// verified up and down on scratch databases and its SQL held by a golden file.
// Regenerate the golden files with STRATA_UPDATE_GOLDEN=1 after checking the change is intended.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "autogen/autogen_support.hpp"
#include "strata/autogen/renames.hpp"

namespace strata::autogen::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(STRATA_SOURCE_DIR) / "tests/autogen/corpus";
const fs::path kGolden = fs::path(STRATA_SOURCE_DIR) / "tests/autogen/golden";

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(kCorpus)) {
        if (e.path().extension() == ".sql") out.push_back(e.path().stem().string());
    }
    std::ranges::sort(out);
    return out;
}

void check_golden(const fs::path& path, const std::string& text) {
    const char* update = std::getenv("STRATA_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return;
    }
    if (!fs::exists(path)) {
        ADD_FAILURE() << path << " is missing; run with STRATA_UPDATE_GOLDEN=1 to create it";
        return;
    }
    EXPECT_EQ(read_text(path.string()), text) << path;
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, PlainAndSafePlansConvergeBothWays) {
    auto text = read_text((kCorpus / (GetParam() + ".sql")).string());
    auto c = split_case(text);
    auto current = load(c.current);
    auto desired = load(c.desired);
    ASSERT_FALSE(converge_differences(current, desired).empty()) << "the case changes nothing";
    for (bool safe : {false, true}) {
        SCOPED_TRACE(safe ? "safe" : "plain");
        PlanOptions options;
        options.safe = safe;
        options.renames = read_renames(c.desired, GetParam() + ".sql");
        auto p = plan(current, desired, options);
        ASSERT_FALSE(p.empty());
        try {
            verify(p, current, desired, test_scratch());
        } catch (const VerificationError& e) {
            ADD_FAILURE() << e.what() << "\n" << render_plan(p);
        }
        check_golden(kGolden / (GetParam() + (safe ? ".safe.sql" : ".sql")), render_plan(p));
        // The reverse direction is a plan too.
        options.renames = {};
        if (!text.contains("strata:renamed-from")) {
            auto back = plan(desired, current, options);
            try {
                verify(back, desired, current, test_scratch());
            } catch (const VerificationError& e) {
                ADD_FAILURE() << "reverse: " << e.what() << "\n" << render_plan(back);
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Autogen, Corpus, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                             std::string n = param_info.param;
                             for (auto& ch : n) {
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             }
                             return n;
                         });

TEST(AutogenPlan, EqualCatalogsGiveAnEmptyPlan) {
    auto cat = load("CREATE TABLE public.t (id bigint PRIMARY KEY, name text);");
    EXPECT_TRUE(plan(cat, cat).empty());
}

}  // namespace
}  // namespace strata::autogen::test
