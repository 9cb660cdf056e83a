// Bulk insert of N rows: binary COPY vs pipeline vs row by row, with raw libpq references.
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using strata::driver::Connection;
using strata::driver::Statement;
using strata::driver::Value;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void reset(Connection& c) {
    c.execute_script(
        "DROP TABLE IF EXISTS event; CREATE TABLE event (id int8 PRIMARY KEY, kind text NOT NULL, "
        "amount int8 NOT NULL, at timestamptz NOT NULL)");
}

void report(const char* what, std::int64_t rows, double secs, std::int64_t n, double reference) {
    const double rate = static_cast<double>(rows) / secs;
    std::printf("  %-34s %9lld rows %8.2f s %10.0f rows/s  est. %8.2f s for N", what,
                static_cast<long long>(rows), secs, rate, static_cast<double>(n) / rate);
    if (reference > 0) std::printf("  x%.2f vs raw libpq", rate / reference);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t n =
        strata::bench::scaled<std::int64_t>(argc > 1 ? std::atoll(argv[1]) : 1'000'000, 2'000);
    const std::int64_t n_slow = std::min<std::int64_t>(n, 20'000);  // row by row: extrapolated
    const std::string url = strata::testing::Server::instance().create_database("bench");
    auto c = Connection::open(url);
    PGconn* raw = PQconnectdb(url.c_str());
    if (PQstatus(raw) != CONNECTION_OK) return 1;
    const strata::Timestamptz at(1'700'000'000'000'000);
    std::printf("insert N = %lld rows (id int8, kind text, amount int8, at timestamptz)\n",
                static_cast<long long>(n));

    // Reference: raw libpq text COPY.
    reset(c);
    auto t = Clock::now();
    PQclear(PQexec(raw, "COPY event FROM STDIN"));
    std::string buf;
    for (std::int64_t i = 0; i < n; ++i) {
        buf +=
            std::to_string(i) + "\tclick\t" + std::to_string(i * 3) + "\t2023-11-14 22:13:20+00\n";
        if (buf.size() > 65536) {
            PQputCopyData(raw, buf.data(), static_cast<int>(buf.size()));
            buf.clear();
        }
    }
    PQputCopyData(raw, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(raw, nullptr);
    PQclear(PQgetResult(raw));
    const double raw_copy = static_cast<double>(n) / seconds_since(t);
    report("raw libpq text COPY", n, seconds_since(t), n, 0);

    reset(c);
    t = Clock::now();
    {
        const std::vector<std::string> cols;
        auto w = c.copy_in("event", cols);
        const std::string kind = "click";
        for (std::int64_t i = 0; i < n; ++i) w.row(i, kind, i * 3, at);
        w.finish();
    }
    report("strata binary COPY", n, seconds_since(t), n, raw_copy);

    reset(c);
    t = Clock::now();
    {
        constexpr std::int64_t kBatch = 10'000;
        std::vector<Statement> batch;
        for (std::int64_t i = 0; i < n; i += kBatch) {
            batch.clear();
            for (std::int64_t k = i; k < std::min(n, i + kBatch); ++k) {
                batch.push_back({"INSERT INTO event VALUES ($1, $2, $3, $4)",
                                 {k, std::string("click"), k * 3, at}});
            }
            (void)c.pipeline(batch);
        }
    }
    report("strata pipeline (10k per call)", n, seconds_since(t), n, 0);

    reset(c);
    PQclear(PQprepare(raw, "ins",
                      "INSERT INTO event VALUES ($1::int8, $2, $3::int8, $4::timestamptz)", 0,
                      nullptr));
    t = Clock::now();
    for (std::int64_t i = 0; i < n_slow; ++i) {
        const std::string id = std::to_string(i), amount = std::to_string(i * 3);
        const char* values[] = {id.c_str(), "click", amount.c_str(), "2023-11-14 22:13:20+00"};
        PQclear(PQexecPrepared(raw, "ins", 4, values, nullptr, nullptr, 0));
    }
    const double raw_rows = static_cast<double>(n_slow) / seconds_since(t);
    report("raw libpq row by row (prepared)", n_slow, seconds_since(t), n, 0);

    reset(c);
    t = Clock::now();
    for (std::int64_t i = 0; i < n_slow; ++i) {
        (void)c.query("INSERT INTO event VALUES ($1, $2, $3, $4)", i, "click", i * 3, at);
    }
    report("strata row by row (autocommit)", n_slow, seconds_since(t), n, raw_rows);
    std::printf("row-by-row runs use %lld rows; their N figures are extrapolated\n",
                static_cast<long long>(n_slow));
    PQfinish(raw);
    return 0;
}
