// What the benches share: medians, timing, pg_dump as the reference, the 1,000-table shape.
#pragma once

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata::bench {

/// STRATA_BENCH_SMOKE=1: the reproduce check (bench/reproduce_check.sh, run by the suite) runs
/// every command of docs/benchmarks.md with each count capped by scaled(), so that each runs in
/// seconds and shows that it works and prints finite ratios. Figures come from full runs.
[[nodiscard]] inline bool smoke() {
    const char* v = std::getenv("STRATA_BENCH_SMOKE");
    return v != nullptr && std::string_view(v) == "1";
}

/// full, or at most smoke_value under STRATA_BENCH_SMOKE=1.
template <class N>
[[nodiscard]] N scaled(N full, N smoke_value) {
    return smoke() ? std::min(full, smoke_value) : full;
}

[[nodiscard]] inline double median(std::vector<double> v) {
    std::ranges::sort(v);
    return v[v.size() / 2];
}

/// CPU seconds (user + system) of the calling thread: a client's cost apart from waiting.
/// clock_gettime, not getrusage: getrusage(RUSAGE_THREAD) counts scheduler ticks (4 ms here).
[[nodiscard]] inline double thread_cpu_seconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Milliseconds fn takes.
template <class Fn>
double time_ms(Fn&& fn) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

/// Runs `pg_dump --schema-only` of url as a process; returns the bytes it wrote.
[[nodiscard]] inline std::size_t pg_dump_schema_bytes(const std::string& url) {
    const std::string cmd = "/usr/lib/postgresql/15/bin/pg_dump --schema-only '" + url + "'";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run pg_dump");
    std::size_t bytes = 0;
    char buf[65536];
    while (auto n = fread(buf, 1, sizeof buf, pipe)) bytes += n;
    if (pclose(pipe) != 0) throw std::runtime_error("pg_dump failed");
    return bytes;
}

/// The `touch()` trigger function the tables of table_sql use.
inline constexpr const char* kTouchFunction =
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
    "$$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;\n";

/// Table i of the benchmark schemas: 10 columns, 3 indexes (named with index_prefix), 2
/// foreign keys to the two tables before it, a trigger and a policy.
[[nodiscard]] inline std::string table_sql(int i, std::string_view index_prefix = "") {
    const int a = i == 0 ? 0 : i - 1;
    const int b = i < 2 ? 0 : i - 2;
    return fmt::format(
        "CREATE TABLE t{0} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a_id bigint{1}, "
        "b_id bigint{2}, org_id bigint NOT NULL, name text NOT NULL, code varchar(20), "
        "amount numeric(12,2) DEFAULT 0, flags integer[], body jsonb, updated_at timestamptz);\n"
        "CREATE INDEX {3}t{0}_a ON t{0} (a_id);\nCREATE INDEX {3}t{0}_b ON t{0} (b_id);\n"
        "CREATE UNIQUE INDEX {4}t{0}_code ON t{0} (org_id, lower(code)) WHERE code IS NOT NULL;\n"
        "CREATE TRIGGER t{0}_touch BEFORE UPDATE ON t{0} FOR EACH ROW EXECUTE FUNCTION touch();\n"
        "ALTER TABLE t{0} ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY t{0}_org ON t{0} USING (org_id = current_setting('app.org')::bigint);\n",
        i, i == 0 ? "" : fmt::format(" REFERENCES t{}", a),
        i < 2 ? "" : fmt::format(" REFERENCES t{}", b), index_prefix,
        index_prefix.empty() ? "" : "uq_");
}

}  // namespace strata::bench
