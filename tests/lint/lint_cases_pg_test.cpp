// The data-driven lint cases: tests/lint/cases/<rule-id>/*.sql, each run against a real
// PostgreSQL database (setup applied, catalog introspected, migrations linted and then applied),
// the findings of that rule compared with the `-- expect:` lines of the case.
#include <gmock/gmock.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "strata/driver/connection.hpp"
#include "strata/lint/catalog_lint.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/lint/rules.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace strata::lint::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(STRATA_SOURCE_DIR) / "tests/lint/cases";

struct LintCase {
    fs::path path;
    std::string rule;
    std::set<std::string> expected;
    std::string toml;
    bool apply = true;
    std::string setup;
    std::vector<std::pair<std::string, std::string>> files;  ///< name -> content
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

LintCase parse_case(const fs::path& path) {
    LintCase c;
    c.path = path;
    c.rule = path.parent_path().filename().string();
    std::istringstream in(slurp(path));
    std::string line;
    enum { header, setup, file } where = header;
    while (std::getline(in, line)) {
        if (line.starts_with("-- file: ")) {
            c.files.emplace_back(line.substr(9), "");
            where = file;
            continue;
        }
        if (where == header) {
            if (line.starts_with("-- expect: ")) {
                auto e = line.substr(11);
                if (e != "nothing") c.expected.insert(e);
            } else if (line.starts_with("-- toml: ")) {
                c.toml += line.substr(9) + "\n";
            } else if (line == "-- apply: fails") {
                c.apply = false;
            } else if (line == "-- setup") {
                where = setup;
            }
            continue;
        }
        auto& target = where == setup ? c.setup : c.files.back().second;
        target += line + "\n";
    }
    return c;
}

std::vector<fs::path> case_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(kCases)) {
        if (e.is_regular_file() && e.path().extension() == ".sql") out.push_back(e.path());
    }
    std::ranges::sort(out);
    return out;
}

std::string case_name(const ::testing::TestParamInfo<fs::path>& info) {
    std::string name =
        info.param.parent_path().filename().string() + "_" + info.param.stem().string();
    for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    return name;
}

class LintCaseTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(LintCaseTest, FindsExactlyWhatTheCaseExpects) {
    const auto c = parse_case(GetParam());
    const Rule* rule = find_rule(c.rule);
    ASSERT_NE(rule, nullptr) << "directory " << c.rule << " names no rule";
    Config config = c.toml.empty() ? Config{} : Config::from_toml(c.toml, "case.toml");
    if (config.severity(c.rule) == Severity::off) {
        config.set_severity(c.rule, Severity::warning);
    }
    const auto url = strata::testing::fresh_database_url("lint");
    auto conn = driver::Connection::open(url);
    if (!c.setup.empty()) conn.execute_script(c.setup);
    const auto before = schema::introspect(conn);

    std::vector<Finding> findings;
    const auto dir = fs::temp_directory_path() /
                     ("strata-lint-case-" + std::to_string(::getpid()) + "-" + c.rule);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<migrate::Migration> run;
    for (const auto& [name, content] : c.files) {
        std::ofstream(dir / name, std::ios::binary) << content;
        auto file = read_migration_for_lint(dir / name, config);
        findings.insert(findings.end(), file.findings.begin(), file.findings.end());
        if (file.migration) run.push_back(std::move(*file.migration));
    }
    if (rule->kind == RuleKind::migration) {
        auto more = lint_migrations(before, run, config);
        findings.insert(findings.end(), more.begin(), more.end());
    } else {
        findings = lint_catalog(before, config);
    }
    std::set<std::string> got;
    for (const auto& f : findings) {
        if (f.rule != c.rule) continue;
        const std::string object = f.object.empty() ? "-" : f.object;
        got.insert(rule->kind == RuleKind::migration
                       ? f.rule + " " + std::to_string(f.line) + " " + object
                       : f.rule + " " + object);
    }
    EXPECT_EQ(got, c.expected) << c.path.string();
    // The SQL of the case is real: the migrations apply on the server as written.
    if (c.apply && !run.empty()) {
        migrate::MigratorOptions options;
        options.url = url;
        options.migrations_dir = dir;
        options.report = [](const std::string&) {};
        EXPECT_NO_THROW(migrate::Migrator(options).up()) << c.path.string();
    }
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, LintCaseTest, ::testing::ValuesIn(case_files()), case_name);

// Every rule has a flagged case and at least two near misses that must stay quiet.
TEST(LintCases, EveryRuleHasAFlaggedCaseAndTwoNearMisses) {
    for (const auto& rule : rules()) {
        int flagged = 0;
        int quiet = 0;
        const auto dir = kCases / std::string(rule.id);
        if (fs::is_directory(dir)) {
            for (const auto& e : fs::directory_iterator(dir)) {
                if (e.path().extension() != ".sql") continue;
                (parse_case(e.path()).expected.empty() ? quiet : flagged) += 1;
            }
        }
        EXPECT_GE(flagged, 1) << rule.id << ": no flagged case in " << dir.string();
        EXPECT_GE(quiet, 2) << rule.id << ": fewer than two near misses in " << dir.string();
    }
}

}  // namespace
}  // namespace strata::lint::test
