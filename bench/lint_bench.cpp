// strata lint of a 1,000-table schema and its 1,000 migrations, side by side with
// `pg_dump --schema-only` of the same database (issue 15's goal: lint <= 1.5x pg_dump).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/driver/connection.hpp"
#include "strata/lint/catalog_lint.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace {

namespace fs = std::filesystem;
using strata::bench::median;
using strata::bench::time_ms;

const int kTables = strata::bench::scaled(1000, 20);
const int kRuns = strata::bench::scaled(5, 1);

/// Migration i: one table of 10 columns, 3 indexes, 2 foreign keys, a trigger and a policy.
std::string migration_sql(int i) {
    return fmt::format(
        "-- Table t{0} with its indexes, trigger and policy.\n-- migrate:up\n{1}"
        "-- migrate:down\nDROP TABLE t{0};\n",
        i, strata::bench::table_sql(i, "ix_"));
}

}  // namespace

int main() {
    const auto url = strata::testing::fresh_database_url("bench_lint");
    auto conn = strata::driver::Connection::open(url);
    const auto dir = fs::temp_directory_path() / fmt::format("strata-lint-bench-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    conn.execute_script(strata::bench::kTouchFunction);
    const auto setup = time_ms([&] {
        for (int i = 0; i < kTables; ++i) {
            const auto sql = migration_sql(i);
            std::ofstream(dir / fmt::format("20260101{:06}_t{}.sql", i, i)) << sql;
            conn.execute_script(
                sql.substr(sql.find("-- migrate:up"),
                           sql.find("-- migrate:down") - sql.find("-- migrate:up")));
        }
    });
    fmt::print(
        "schema: {} tables x (10 columns, 3 indexes, 2 foreign keys, 1 trigger, 1 policy), "
        "one migration each, created in {:.0f} ms\n",
        kTables, setup);
    const strata::lint::Config config;
    // What `strata lint` does without a database flag: the files (parse trees, CPU) on a
    // second thread while the catalog is introspected (mostly the server's work) and linted.
    const auto lint_files = [&] {
        std::vector<strata::migrate::Migration> migrations;
        std::vector<fs::path> paths;
        for (const auto& e : fs::directory_iterator(dir)) paths.push_back(e.path());
        std::ranges::sort(paths);
        for (const auto& p : paths) {
            auto file = strata::lint::read_migration_for_lint(p, config);
            if (file.migration) migrations.push_back(std::move(*file.migration));
        }
        strata::lint::MigrationLintOptions options;
        options.each_migration_is_a_run = true;
        return strata::lint::lint_migrations({}, migrations, config, options);
    };
    std::vector<double> lint_ms;
    std::vector<double> dump_ms;
    std::vector<double> introspect_ms;
    std::vector<double> rules_ms;
    std::vector<double> files_ms;
    std::size_t findings = 0;
    std::size_t bytes = 0;
    for (int run = 0; run < kRuns; ++run) {
        dump_ms.push_back(time_ms([&] { bytes = strata::bench::pg_dump_schema_bytes(url); }));
        lint_ms.push_back(time_ms([&] {
            auto from_files = std::async(std::launch::async, lint_files);
            const auto catalog = strata::schema::introspect(conn);
            const auto out = strata::lint::lint_catalog(catalog, config);
            findings = out.size() + from_files.get().size();
        }));
        // The same three parts one after the other, to show where the time goes.
        strata::schema::Catalog catalog;
        introspect_ms.push_back(time_ms([&] { catalog = strata::schema::introspect(conn); }));
        rules_ms.push_back(time_ms([&] { (void)strata::lint::lint_catalog(catalog, config); }));
        files_ms.push_back(time_ms([&] { (void)lint_files(); }));
    }
    fmt::print(
        "parts, one after the other (medians): introspect {:.1f} ms, catalog rules {:.1f} "
        "ms, 1,000 files {:.1f} ms\n",
        median(introspect_ms), median(rules_ms), median(files_ms));
    const double l = median(lint_ms);
    const double p = median(dump_ms);
    fmt::print("{:<52} {:>10} {:>12}\n", "", "median ms", "output");
    fmt::print("{:<52} {:>10.1f} {:>12}\n", "pg_dump --schema-only (process)", p,
               fmt::format("{} bytes", bytes));
    fmt::print("{:<52} {:>10.1f} {:>12}\n", "strata lint: catalog || 1,000 files (2 threads)", l,
               fmt::format("{} findings", findings));
    fmt::print("ratio lint / pg_dump: {:.2f} (goal <= 1.5)\n", l / p);
    fs::remove_all(dir);
    return 0;
}
