// Introspection + dump of generated 1,000- and 5,000-table schemas, side by side with
// `pg_dump --schema-only` of each in the same run.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/dump.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace {

using strata::bench::median;
using strata::bench::time_ms;

const int kRuns = strata::bench::scaled(5, 1);

/// Creates `table_count` tables of 10 columns, 3 indexes, 2 foreign keys, a trigger and a policy,
/// 100 per transaction: thousands of tables in one script need more locks than
/// max_locks_per_transaction allows ("out of shared memory").
void create_schema(strata::driver::Connection& conn, int table_count) {
    conn.execute_script(strata::bench::kTouchFunction);
    for (int first = 0; first < table_count; first += 100) {
        std::string sql;
        for (int i = first; i < std::min(first + 100, table_count); ++i)
            sql += strata::bench::table_sql(i);
        conn.execute_script(sql);
    }
}

void bench(int table_count) {
    auto url = strata::testing::fresh_database_url("bench_introspect");
    auto conn = strata::driver::Connection::open(url);
    auto setup = time_ms([&] { create_schema(conn, table_count); });
    conn.execute_script("ANALYZE");
    fmt::print(
        "schema: {} tables x (10 columns, 3 indexes, 2 foreign keys, 1 trigger, 1 policy), "
        "created in {:.0f} ms\n",
        table_count, setup);

    std::vector<double> strata_ms, grants_ms, pg_dump_ms;
    std::size_t strata_bytes = 0, grants_bytes = 0, pg_dump_bytes = 0;
    // pg_dump writes owners and privileges too: strata with --grants is the like-for-like run.
    strata::schema::DumpOptions with_grants;
    with_grants.ownership = true;
    for (int run = 0; run < kRuns; ++run) {
        strata_ms.push_back(time_ms([&] { strata_bytes = strata::schema::dump(conn).size(); }));
        grants_ms.push_back(
            time_ms([&] { grants_bytes = strata::schema::dump(conn, {}, with_grants).size(); }));
        pg_dump_ms.push_back(
            time_ms([&] { pg_dump_bytes = strata::bench::pg_dump_schema_bytes(url); }));
    }
    // Where strata's time goes: reading the catalog vs rendering the script.
    std::vector<double> read_ms, render_ms;
    for (int run = 0; run < kRuns; ++run) {
        strata::schema::Catalog cat;
        read_ms.push_back(time_ms([&] { cat = strata::schema::introspect(conn); }));
        render_ms.push_back(time_ms([&] { (void)strata::schema::render_dump(cat); }));
    }
    fmt::print("strata: introspect {:.1f} ms, render {:.1f} ms (medians)\n", median(read_ms),
               median(render_ms));
    auto s = median(strata_ms);
    auto p = median(pg_dump_ms);
    fmt::print("{:<34} {:>10} {:>12}\n", "median of " + std::to_string(kRuns) + " runs", "ms",
               "output bytes");
    fmt::print("{:<34} {:>10.1f} {:>12}\n", "strata introspect + dump", s, strata_bytes);
    auto g = median(grants_ms);
    fmt::print("{:<34} {:>10.1f} {:>12}\n", "strata introspect + dump --grants", g, grants_bytes);
    fmt::print("{:<34} {:>10.1f} {:>12}\n", "pg_dump --schema-only (process)", p, pg_dump_bytes);
    fmt::print("ratio strata / pg_dump: {:.2f} ({}); with --grants: {:.2f} ({})\n", s / p,
               s <= p ? "strata is not slower" : "strata is SLOWER", g / p,
               g <= p ? "not slower" : "SLOWER");
    strata::testing::Server::instance().drop_database(url);
}

}  // namespace

int main() {
    for (int tables : {1000, 5000}) bench(strata::bench::scaled(tables, 20));
    return 0;
}
