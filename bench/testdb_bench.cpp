// Per-test database cost: strata clone vs raw libpq, vs migrating from scratch (same cluster, one
// run).
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "strata/migrate/migrator.hpp"
#include "strata/testing/server.hpp"
#include "strata/testing/test_database.hpp"
#include "testing/pg_admin.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTables = 50;
constexpr int kMigrations = 100;

/// 50 tables in migrations 1..50, then 50 more migrations adding a column and an index each.
fs::path generate_schema() {
    fs::path dir = fs::temp_directory_path() / fmt::format("strata-testdb-bench-{}", ::getpid());
    fs::create_directories(dir);
    for (int i = 1; i <= kMigrations; ++i) {
        std::string sql = "-- migrate:up\n";
        if (i <= kTables) {
            sql += fmt::format(
                "CREATE TABLE t{0} (id bigserial PRIMARY KEY, name text NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now(), parent bigint{1});\n",
                i, i > 1 ? fmt::format(" REFERENCES t{}(id)", i - 1) : "");
        } else {
            int t = i - kTables;
            sql += fmt::format(
                "ALTER TABLE t{0} ADD COLUMN note text;\n"
                "CREATE INDEX t{0}_name_idx ON t{0} (name);\n",
                t);
        }
        std::ofstream(dir / fmt::format("2024010100{:04d}_step_{}.sql", i, i)) << sql;
    }
    return dir;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void exec(PGconn* conn, const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "%s: %s", sql.c_str(), PQerrorMessage(conn));
        std::abort();
    }
    PQclear(r);
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 15;
    auto& server = strata::testing::Server::instance();
    const auto admin_url = server.admin_url();
    const auto migrations = generate_schema();
    strata::testing::TestDatabaseOptions options{.migrations_dir = migrations};

    auto first = Clock::now();
    auto info = strata::testing::ensure_template(options);
    const double build_ms = ms_since(first);

    PGconn* admin = PQconnectdb(admin_url.c_str());
    if (PQstatus(admin) != CONNECTION_OK) std::abort();
    const std::string strategy = server.clone_strategy();

    // wait: poll until the closed connection's backend is gone before DROP, as strata does
    // (DROP DATABASE otherwise re-checks exiting backends only every 100 ms).
    auto raw_clone = [&](const std::string& strat, bool wait) {
        auto start = Clock::now();
        exec(admin, fmt::format("CREATE DATABASE bench_raw TEMPLATE {}{}", info.name,
                                strat.empty() ? "" : " STRATEGY " + strat));
        PGconn* c =
            PQconnectdb(strata::testing::detail::rewrite_url(admin_url, "bench_raw").c_str());
        if (PQstatus(c) != CONNECTION_OK) std::abort();
        PQfinish(c);
        for (int i = 0; wait && i < 200; ++i) {
            PGresult* r =
                PQexec(admin, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench_raw'");
            const bool gone = std::string(PQgetvalue(r, 0, 0)) == "0";
            PQclear(r);
            if (gone) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        exec(admin, "DROP DATABASE bench_raw WITH (FORCE)");
        return ms_since(start);
    };
    auto strata_clone = [&] {
        auto start = Clock::now();
        { auto tdb = strata::testing::migrated_database(options); }
        return ms_since(start);
    };
    auto from_scratch = [&] {
        auto start = Clock::now();
        exec(admin, "CREATE DATABASE bench_scratch");
        auto url = strata::testing::detail::rewrite_url(admin_url, "bench_scratch");
        strata::migrate::MigratorOptions mo;
        mo.url = url;
        mo.migrations_dir = migrations;
        mo.report = [](const std::string&) {};
        strata::migrate::Migrator(mo).up();
        PGconn* c = PQconnectdb(url.c_str());
        PQfinish(c);
        exec(admin, "DROP DATABASE bench_scratch WITH (FORCE)");
        return ms_since(start);
    };

    (void)strata_clone();  // warm the admin pool and caches
    (void)raw_clone(strategy, true);
    std::vector<double> s, r, naive, wal, file, scratch;
    for (int i = 0; i < rounds; ++i) {  // interleaved so load changes hit every variant alike
        s.push_back(strata_clone());
        r.push_back(raw_clone(strategy, true));
        naive.push_back(raw_clone(strategy, false));
        wal.push_back(raw_clone("WAL_LOG", true));
        file.push_back(raw_clone("FILE_COPY", true));
        if (i % 3 == 0) scratch.push_back(from_scratch());
    }
    PQfinish(admin);
    fs::remove_all(migrations);

    const double ms = median(s), raw = median(r), sc = median(scratch);
    std::printf("testdb_bench: %d tables, %d migrations, %d rounds (medians), cluster %s\n",
                kTables, kMigrations, rounds, server.cluster_dir().c_str());
    std::printf("  template build (once)                 %8.1f ms\n", build_ms);
    std::printf("  strata clone+connect+drop (%s)  %8.1f ms\n", strategy.c_str(), ms);
    std::printf("  raw libpq, same statements (+wait)    %8.1f ms  (strata overhead %+.1f%%)\n",
                raw, 100.0 * (ms - raw) / raw);
    std::printf("  raw, DROP right after close (naive)   %8.1f ms\n", median(naive));
    std::printf("  raw+wait, STRATEGY WAL_LOG            %8.1f ms\n", median(wal));
    std::printf("  raw+wait, STRATEGY FILE_COPY          %8.1f ms\n", median(file));
    std::printf("  migrate from scratch + connect + drop %8.1f ms  (clone %.1fx faster)\n", sc,
                sc / ms);
    return 0;
}
