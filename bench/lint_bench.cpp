// strata lint of a 1,000-table schema and its 1,000 migrations, side by side with
// `pg_dump --schema-only` of the same database (issue 15's goal: lint <= 1.5x pg_dump).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/lint/catalog_lint.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr int kTables = 1000;
constexpr int kRuns = 5;

/// Migration i: one table of 10 columns, 3 indexes, 2 foreign keys, a trigger and a policy.
std::string migration_sql(int i) {
    const int a = i == 0 ? 0 : i - 1;
    const int b = i < 2 ? 0 : i - 2;
    return fmt::format(
        "-- Table t{0} with its indexes, trigger and policy.\n-- migrate:up\n"
        "CREATE TABLE t{0} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id bigint{1}, "
        "b_id bigint{2}, org_id bigint NOT NULL, name text NOT NULL, code varchar(20), "
        "amount numeric(12,2) DEFAULT 0, flags integer[], body jsonb, updated_at timestamptz);\n"
        "CREATE INDEX ix_t{0}_a ON t{0} (a_id);\nCREATE INDEX ix_t{0}_b ON t{0} (b_id);\n"
        "CREATE UNIQUE INDEX uq_t{0}_code ON t{0} (org_id, lower(code)) WHERE code IS NOT NULL;\n"
        "CREATE TRIGGER t{0}_touch BEFORE UPDATE ON t{0} FOR EACH ROW EXECUTE FUNCTION touch();\n"
        "ALTER TABLE t{0} ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY t{0}_org ON t{0} USING (org_id = current_setting('app.org')::bigint);\n"
        "-- migrate:down\nDROP TABLE t{0};\n",
        i, i == 0 ? "" : fmt::format(" REFERENCES t{}", a),
        i < 2 ? "" : fmt::format(" REFERENCES t{}", b));
}

double median(std::vector<double> v) {
    std::ranges::sort(v);
    return v[v.size() / 2];
}

template <class Fn>
double time_ms(Fn&& fn) {
    const auto start = Clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::size_t pg_dump_bytes(const std::string& url) {
    const std::string cmd = "/usr/lib/postgresql/15/bin/pg_dump --schema-only '" + url + "'";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run pg_dump");
    std::size_t bytes = 0;
    char buf[65536];
    while (auto n = fread(buf, 1, sizeof buf, pipe)) bytes += n;
    if (pclose(pipe) != 0) throw std::runtime_error("pg_dump failed");
    return bytes;
}

}  // namespace

int main() {
    const auto url = strata::testing::fresh_database_url("bench_lint");
    auto conn = strata::driver::Connection::open(url);
    const auto dir = fs::temp_directory_path() / fmt::format("strata-lint-bench-{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    conn.execute_script(
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;");
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
    std::vector<double> lint_ms;
    std::vector<double> dump_ms;
    std::size_t findings = 0;
    std::size_t bytes = 0;
    for (int run = 0; run < kRuns; ++run) {
        dump_ms.push_back(time_ms([&] { bytes = pg_dump_bytes(url); }));
        lint_ms.push_back(time_ms([&] {
            auto catalog = strata::schema::introspect(conn);
            auto out = strata::lint::lint_catalog(catalog, config);
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
            auto more = strata::lint::lint_migrations({}, migrations, config, options);
            findings = out.size() + more.size();
        }));
    }
    const double l = median(lint_ms);
    const double p = median(dump_ms);
    fmt::print("{:<52} {:>10} {:>12}\n", "", "median ms", "output");
    fmt::print("{:<52} {:>10.1f} {:>12}\n", "pg_dump --schema-only (process)", p,
               fmt::format("{} bytes", bytes));
    fmt::print("{:<52} {:>10.1f} {:>12}\n", "strata lint: introspect + catalog rules + 1,000 files",
               l, fmt::format("{} findings", findings));
    fmt::print("ratio lint / pg_dump: {:.2f} (goal <= 1.5)\n", l / p);
    fs::remove_all(dir);
    return 0;
}
