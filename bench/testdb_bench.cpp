// Per-test database cost: strata clone vs raw libpq, vs migrating from scratch, and a suite of
// one-query tests with the ready-clone pool vs cloning on demand (same cluster, one run).
#include <libpq-fe.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/testing/server.hpp"
#include "strata/testing/test_database.hpp"
#include "testing/pg_admin.hpp"
#include "testing/ready_pool.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const int kTables = strata::bench::scaled(50, 5);
const int kMigrations = strata::bench::scaled(100, 10);

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

/// This process's CPU time (user + system, every thread: the refill threads count too).
double client_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

/// One suite of `tests` tests, each: ask for a migrated database, run one query, end.
struct SuiteRun {
    double wall_ms = 0;          ///< first ask to the end of the last test
    double drained_ms = 0;       ///< ... until the finished tests' clones are dropped too
    double cpu_ms = 0;           ///< client CPU over drained_ms
    std::vector<double> ask_ms;  ///< per test: ask to a connected, migrated database
};

/// writes: each test inserts a row (its clone cannot be reused) instead of only reading.
SuiteRun run_suite(const strata::testing::TestDatabaseOptions& options, int tests,
                   bool writes = false) {
    strata::testing::detail::shut_down_ready_pools();  // every suite starts with an empty pool
    SuiteRun run;
    const double cpu = client_cpu_ms();
    const auto start = Clock::now();
    for (int i = 0; i < tests; ++i) {
        const auto asked = Clock::now();
        auto tdb = strata::testing::migrated_database(options);
        run.ask_ms.push_back(ms_since(asked));
        if (writes) {
            tdb.database().transact(
                [](strata::Session& s) { s.execute("INSERT INTO t1 (name) VALUES ('x')"); });
        } else {
            (void)tdb.database().transact([](strata::Session& s) {
                return s.query("SELECT count(*) FROM t1").scalar<std::int64_t>();
            });
        }
    }
    run.wall_ms = ms_since(start);
    strata::testing::detail::wait_for_background_drops();
    run.drained_ms = ms_since(start);
    run.cpu_ms = client_cpu_ms() - cpu;
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = strata::bench::scaled(argc > 1 ? std::atoi(argv[1]) : 15, 2);
    const int suite_tests = strata::bench::scaled(argc > 2 ? std::atoi(argv[2]) : 200, 6);
    const int suite_rounds = strata::bench::scaled(argc > 3 ? std::atoi(argv[3]) : 3, 1);
    auto& server = strata::testing::Server::instance();
    const auto admin_url = server.admin_url();
    const auto migrations = generate_schema();
    // Cloning on demand for the per-clone rounds; the suite below sets ready_clones itself.
    strata::testing::TestDatabaseOptions options{.migrations_dir = migrations, .ready_clones = 0};

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

    // The suite: cloning on demand (the reference) and the pool, interleaved round by round.
    auto on_demand = options, pool2 = options, pool4 = options, reuse2 = options;
    on_demand.ready_clones = 0;
    pool2.ready_clones = 2;
    pool2.reuse_unchanged = false;
    pool4.ready_clones = 4;
    pool4.reuse_unchanged = false;
    reuse2.ready_clones = 2;
    reuse2.reuse_unchanged = true;
    std::vector<SuiteRun> od, p2, p4, r2, wod, wr2;
    for (int i = 0; i < suite_rounds; ++i) {
        od.push_back(run_suite(on_demand, suite_tests));
        p2.push_back(run_suite(pool2, suite_tests));
        p4.push_back(run_suite(pool4, suite_tests));
        r2.push_back(run_suite(reuse2, suite_tests));
        wod.push_back(run_suite(on_demand, suite_tests, true));
        wr2.push_back(run_suite(reuse2, suite_tests, true));
    }
    strata::testing::detail::shut_down_ready_pools();
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

    auto pick = [](const std::vector<SuiteRun>& runs, auto field) {
        std::vector<double> v;
        for (const auto& one : runs) v.push_back(field(one));
        return median(v);
    };
    auto ask_median = [](const std::vector<SuiteRun>& runs) {
        std::vector<double> all;
        for (const auto& one : runs) all.insert(all.end(), one.ask_ms.begin(), one.ask_ms.end());
        return median(all);
    };
    std::printf(
        "suite of %d one-query tests (ask, one query, end), %d interleaved rounds, medians:\n",
        suite_tests, suite_rounds);
    std::printf("  %-34s %9s %9s %8s %8s %10s %10s\n", "variant", "wall ms", "+drain", "ask ms",
                "CPU ms", "wall ratio", "CPU ratio");
    double od_wall = 0, od_cpu = 0;
    auto reference = [&](const std::vector<SuiteRun>& runs) {
        od_wall = pick(runs, [](const SuiteRun& one) { return one.wall_ms; });
        od_cpu = pick(runs, [](const SuiteRun& one) { return one.cpu_ms; });
    };
    auto line = [&](const char* name, const std::vector<SuiteRun>& runs) {
        const double wall = pick(runs, [](const SuiteRun& one) { return one.wall_ms; });
        const double drained = pick(runs, [](const SuiteRun& one) { return one.drained_ms; });
        const double cpu = pick(runs, [](const SuiteRun& one) { return one.cpu_ms; });
        std::printf("  %-34s %9.0f %9.0f %8.2f %8.0f %9.2fx %9.2fx\n", name, wall, drained,
                    ask_median(runs), cpu, od_wall / wall, od_cpu / cpu);
    };
    reference(od);
    line("SELECT: on demand (reference)", od);
    line("SELECT: pool of 2, no reuse", p2);
    line("SELECT: pool of 4, no reuse", p4);
    line("SELECT: pool of 2, reuse (default)", r2);
    reference(wod);
    line("INSERT: on demand (reference)", wod);
    line("INSERT: pool of 2, reuse (default)", wr2);
    std::printf(
        "  (ratios: on-demand wall or client CPU / variant's; +drain: until the finished\n"
        "   tests' clones are dropped too; ask: median per test, ask -> connected)\n");
    return 0;
}
