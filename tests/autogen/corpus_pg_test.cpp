// The corpus: one (current, desired) pair per kind and property; each plan, plain and safe, is
// verified up and down on scratch databases and its SQL held by a golden file.
// The safe plan's migration files must pass strata's safety lint. A `.safe.sql` golden exists only
// where the safe plan differs from the plain one.
// Regenerate the golden files with STRATA_UPDATE_GOLDEN=1 after checking the change is intended.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "autogen/autogen_support.hpp"
#include "strata/autogen/files.hpp"
#include "strata/autogen/renames.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/lint/report.hpp"

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

bool updating_golden() {
    const char* update = std::getenv("STRATA_UPDATE_GOLDEN");
    return update != nullptr && std::string(update) == "1";
}

void check_golden(const fs::path& path, const std::string& text) {
    if (updating_golden()) {
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

/// The safe golden: held only when the safe plan differs from the plain one.
void check_safe_golden(const fs::path& path, const std::string& text, const std::string& plain) {
    if (text != plain) {
        check_golden(path, text);
        return;
    }
    if (updating_golden()) {
        fs::remove(path);
        return;
    }
    EXPECT_FALSE(fs::exists(path)) << path << " duplicates the plain golden: remove it";
}

/// The safe plan's migration files, written as `strata new --autogenerate` writes them, linted
/// as `strata lint` lints them against the current schema: no finding.
void expect_lint_clean(const Plan& p, const schema::Catalog& current, const std::string& name) {
    auto dir = fs::temp_directory_path() / ("strata-autogen-lint-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    lint::Config config;
    std::vector<migrate::Migration> run;
    std::vector<lint::Finding> findings;
    auto files = migration_files(p, "corpus case " + name, name + ".sql");
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto path = dir / fmt::format("2024010100000{}_{}{}.sql", i, name,
                                      files[i].suffix.empty() ? "" : "_" + files[i].suffix);
        std::ofstream(path, std::ios::binary) << files[i].text;
        auto linted = lint::read_migration_for_lint(path, config);
        findings.insert(findings.end(), linted.findings.begin(), linted.findings.end());
        if (linted.migration) run.push_back(std::move(*linted.migration));
    }
    auto more = lint::lint_migrations(current, run, config);
    findings.insert(findings.end(), more.begin(), more.end());
    for (const auto& f : findings) ADD_FAILURE() << "lint: " << lint::format_human(f);
    fs::remove_all(dir);
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, PlainAndSafePlansConvergeBothWays) {
    auto text = read_text((kCorpus / (GetParam() + ".sql")).string());
    auto c = split_case(text);
    auto current = load(c.current, c.options);
    auto desired = load(c.desired, c.options);
    ASSERT_FALSE(converge_differences(current, desired).empty()) << "the case changes nothing";
    std::string plain_text;
    for (bool safe : {false, true}) {
        SCOPED_TRACE(safe ? "safe" : "plain");
        auto options = test_plan_options(safe);
        options.renames = read_renames(c.desired, GetParam() + ".sql");
        auto p = plan(current, desired, options);
        ASSERT_FALSE(p.empty());
        try {
            verify(p, current, desired, test_scratch(), c.options);
        } catch (const VerificationError& e) {
            ADD_FAILURE() << e.what() << "\n" << render_plan(p);
        }
        if (safe) {
            check_safe_golden(kGolden / (GetParam() + ".safe.sql"), render_plan(p), plain_text);
            expect_lint_clean(p, current, GetParam());
        } else {
            plain_text = render_plan(p);
            check_golden(kGolden / (GetParam() + ".sql"), plain_text);
        }
        // The reverse direction is a plan too.
        options.renames = {};
        if (!text.contains("strata:renamed-from")) {
            auto back = plan(desired, current, options);
            try {
                verify(back, desired, current, test_scratch(), c.options);
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
