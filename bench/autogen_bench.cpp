// Autogenerate against a 1,000-table schema with one change, side by side with
// `pg_dump --schema-only` of that database in the same run.
// Usage: autogen_bench [tables (default 1000)] [runs (default 3)].
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/autogen/plan.hpp"
#include "strata/autogen/verify.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace {

using strata::bench::median;
using strata::bench::time_ms;

std::string schema_sql(int tables) {
    std::string sql = strata::bench::kTouchFunction;
    for (int i = 0; i < tables; ++i) sql += strata::bench::table_sql(i);
    return sql;
}

}  // namespace

int main(int argc, char** argv) {
    const int tables = strata::bench::scaled(argc > 1 ? std::max(2, std::atoi(argv[1])) : 1000, 20);
    const int runs = strata::bench::scaled(argc > 2 ? std::max(1, std::atoi(argv[2])) : 3, 1);
    auto& server = strata::testing::Server::instance();
    auto current_url = server.create_database("bench_autogen_cur");
    auto desired_url = server.create_database("bench_autogen_des");
    {
        {
            auto current_conn = strata::driver::Connection::open(current_url);
            auto desired_conn = strata::driver::Connection::open(desired_url);
            auto sql = schema_sql(tables);
            current_conn.execute_script(sql);
            // The one change: a column and an index on it in the middle of the schema.
            desired_conn.execute_script(sql +
                                        fmt::format("ALTER TABLE t{0} ADD COLUMN note text;\n"
                                                    "CREATE INDEX t{0}_note ON t{0} (note);\n",
                                                    tables / 2));
        }  // closed: the current database is copied as a template below
        // As `strata diff --verify` between two URLs: the current schema replayed from its dump.
        strata::autogen::Scratch replay{
            [&] { return server.create_database("bench_autogen_verify"); },
            [&](const std::string& url) { server.drop_database(url); }};
        // As `strata new --autogenerate` and `strata drift`: verification takes the database the
        // migrations were applied to; here a copy of the current one made before the timing.
        std::string given;
        auto take = replay;
        take.current_database = [&] { return given; };
        std::vector<double> plan_ms, verify_ms, replay_ms, pg_dump_ms;
        std::size_t statements = 0;
        std::size_t dump_bytes = 0;
        for (int run = 0; run < runs; ++run) {
            strata::schema::Catalog current;
            strata::schema::Catalog desired;
            strata::autogen::Plan plan;
            plan_ms.push_back(time_ms([&] {
                // Both at once, as strata new --autogenerate and strata drift read them.
                auto desired_read = std::async(
                    std::launch::async, [&] { return strata::schema::introspect(desired_url); });
                current = strata::schema::introspect(current_url);
                desired = desired_read.get();
                strata::autogen::PlanOptions options;
                options.safe = true;
                plan = strata::autogen::plan(current, desired, options);
            }));
            statements = plan.up_statements().size();
            given = server.copy_database(current_url, "bench_autogen_given");
            verify_ms.push_back(
                time_ms([&] { strata::autogen::verify(plan, current, desired, take); }));
            replay_ms.push_back(
                time_ms([&] { strata::autogen::verify(plan, current, desired, replay); }));
            pg_dump_ms.push_back(
                time_ms([&] { dump_bytes = strata::bench::pg_dump_schema_bytes(current_url); }));
        }
        auto p = median(plan_ms);
        auto v = median(verify_ms);
        auto r = median(replay_ms);
        auto d = median(pg_dump_ms);
        fmt::print(
            "schema: {} tables x (10 columns, 3 indexes, 2 foreign keys, 1 trigger, 1 policy); "
            "change: one column + one index ({} up statements)\n",
            tables, statements);
        fmt::print("{:<52} {:>10}\n", fmt::format("median of {} runs", runs), "ms");
        fmt::print("{:<52} {:>10.1f}\n", "autogenerate: introspect both (in parallel) + plan", p);
        fmt::print("{:<52} {:>10.1f}\n", "verify: up, introspect, down, introspect", v);
        fmt::print("{:<52} {:>10.1f}\n", "(verify replaying current's dump, as diff --verify)", r);
        fmt::print("{:<52} {:>10.1f}  ({} bytes)\n", "pg_dump --schema-only (process)", d,
                   dump_bytes);
        fmt::print(
            "ratio autogenerate (plan + verification) / pg_dump: {:.2f} ({}); plan alone: {:.2f}; "
            "verification replaying the dump: {:.2f}\n",
            (p + v) / d, p + v <= 3 * d ? "within 3x" : "OVER 3x", p / d, (p + r) / d);
    }
    server.drop_database(current_url);
    server.drop_database(desired_url);
    return 0;
}
