// Point select by primary key: raw libpq with a prepared statement vs strata, same run.
#include <libpq-fe.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/driver/connection.hpp"
#include "strata/session/database.hpp"
#include "strata/testing/server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kRows = 10'000;

/// Runs fn n times; returns selects per second.
double rate(int n, const std::function<void(std::int64_t)>& fn) {
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) fn((i * 7919) % kRows + 1);
    const double secs = std::chrono::duration<double>(Clock::now() - start).count();
    return n / secs;
}

/// id as a binary int8 parameter (big-endian) into buf[0..8).
void put_be64(char* buf, std::int64_t id) {
    auto u = static_cast<std::uint64_t>(id);
    for (int k = 7; k >= 0; --k, u >>= 8) buf[k] = static_cast<char>(u & 0xFF);
}

double lowest(const std::vector<double>& v) {
    return *std::min_element(v.begin(), v.end());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

// ---- session layer section (owned by the session engineer) ----
namespace {

/// Client CPU seconds (user + system) of this process (who = RUSAGE_SELF) or of its waited-for
/// children (RUSAGE_CHILDREN).
double cpu_seconds(int who) {
    rusage u{};
    getrusage(who, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// CPU seconds the server process pid has run (/proc/<pid>/schedstat, nanoseconds: the bench's
/// cluster runs on this machine). 0 when it cannot be read.
double server_cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
    unsigned long long ns = 0;
    in >> ns;
    return static_cast<double>(ns) / 1e9;
}

/// A rate and the CPU each operation cost, in this process and in its server backend.
struct Measured {
    double rate = 0;           ///< operations per second (wall time)
    double cpu_us = 0;         ///< client CPU microseconds per operation
    double server_cpu_us = 0;  ///< the backend's CPU microseconds per operation
};

/// fn n times; backend_pid: the server process fn's connection talks to (0: not measured).
Measured measured(int n, const std::function<void(std::int64_t)>& fn, int backend_pid = 0) {
    const double cpu = cpu_seconds(RUSAGE_SELF);
    const double server = backend_pid ? server_cpu_seconds(backend_pid) : 0;
    const double r = rate(n, fn);
    const double server_after = backend_pid ? server_cpu_seconds(backend_pid) : 0;
    return {r, (cpu_seconds(RUSAGE_SELF) - cpu) * 1e6 / n, (server_after - server) * 1e6 / n};
}

/// pgbench, one client, the same point select in autocommit (one round trip per transaction)
/// for secs seconds, prepared protocol: its tps and its CPU per transaction. {0, 0} when pgbench
/// is not installed or fails.
Measured pgbench_autocommit(const std::string& url, const std::string& script, int secs) {
    const std::string cmd = "pgbench -n -M prepared -c 1 -j 1 -T " + std::to_string(secs) + " -f " +
                            script + " '" + url + "' 2>/dev/null";
    const double cpu = cpu_seconds(RUSAGE_CHILDREN);
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return {};
    std::string out;
    char buf[4096];
    while (auto n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    if (pclose(pipe) != 0) return {};
    const auto at = out.find("tps = ");
    const auto tx_at = out.find("number of transactions actually processed: ");
    if (at == std::string::npos || tx_at == std::string::npos) return {};
    const double tps = std::strtod(out.c_str() + at + 6, nullptr);
    const double txs = std::strtod(out.c_str() + tx_at + 43, nullptr);
    return {tps, txs > 0 ? (cpu_seconds(RUSAGE_CHILDREN) - cpu) * 1e6 / txs : 0};
}

/// A prepared point select (statement `name`) over raw libpq, one round trip; returns the
/// email's length.
std::int64_t select_one(PGconn* conn, std::int64_t id, const char* name = "point_tx") {
    char buf[8];
    put_be64(buf, id);
    const char* values[] = {buf};
    const int lengths[] = {8};
    const int formats[] = {1};
    PGresult* r = PQexecPrepared(conn, name, 1, values, lengths, formats, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) std::abort();
    const std::int64_t length = PQgetlength(r, 0, 1);
    PQclear(r);
    return length;
}

/// The first round trip of a two-trip transaction over raw libpq: BEGIN and the prepared
/// "point_tx" select in one pipeline with one Sync. Returns the email's length; the connection
/// is left in pipeline mode (the caller sends the second trip).
std::int64_t begin_and_select(PGconn* conn, std::int64_t id) {
    char buf[8];
    put_be64(buf, id);
    const char* values[] = {buf};
    const int lengths[] = {8};
    const int formats[] = {1};
    if (PQenterPipelineMode(conn) != 1) std::abort();
    PQsendQueryParams(conn, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0);
    PQsendQueryPrepared(conn, "point_tx", 1, values, lengths, formats, 1);
    PQpipelineSync(conn);
    std::int64_t length = 0;
    for (int results = 0; results < 3;) {  // BEGIN, SELECT, then the sync
        PGresult* r = PQgetResult(conn);
        if (r == nullptr) continue;  // end of one query's results
        const auto st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK) length = PQgetlength(r, 0, 1);
        if (st == PGRES_FATAL_ERROR) std::abort();
        PQclear(r);
        ++results;
    }
    return length;
}

/// One select per transaction through Database::transact (pool lease + deferred BEGIN sent with
/// the SELECT + COMMIT + the session reset on return), next to the same three round trips done
/// by hand over raw libpq and to pgbench running the select in autocommit (one round trip).
void bench_session(const std::string& url, const char* sql, int per_round, int rounds,
                   std::int64_t& checksum) {
    auto db = strata::Database::open({.url = url, .pool = {.size = 1, .max_overflow = 0}});
    PGconn* raw = PQconnectdb(url.c_str());
    if (PQstatus(raw) != CONNECTION_OK) std::abort();
    const Oid types[] = {20};
    PQclear(PQprepare(raw, "point_tx", sql, 1, types));
    auto exec = [&](const char* command) {
        PGresult* r = PQexec(raw, command);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) std::abort();
        PQclear(r);
    };
    auto raw_tx = [&](std::int64_t id) {
        exec("BEGIN");
        checksum += select_one(raw, id);
        exec("COMMIT");
    };
    // The floor for any client: BEGIN and the SELECT in one pipeline (one round trip), then
    // COMMIT (the second); no reset, no commit-outcome query.
    PGconn* piped = PQconnectdb(url.c_str());
    if (PQstatus(piped) != CONNECTION_OK) std::abort();
    PQclear(PQprepare(piped, "point_tx", sql, 1, types));
    auto two_trips = [&](std::int64_t id) {
        checksum += begin_and_select(piped, id);
        if (PQexitPipelineMode(piped) != 1) std::abort();
        PGresult* c = PQexec(piped, "COMMIT");
        if (PQresultStatus(c) != PGRES_COMMAND_OK) std::abort();
        PQclear(c);
    };
    // strata's wire shape by hand: the same first trip, then the id query, COMMIT and the
    // session reset as one Query message (what Transaction::commit sends).
    PGconn* shaped = PQconnectdb(url.c_str());
    if (PQstatus(shaped) != CONNECTION_OK) std::abort();
    PQclear(PQprepare(shaped, "point_tx", sql, 1, types));
    const char* commit_script =
        "SELECT pg_current_xact_id_if_assigned()::text; COMMIT; SET SESSION AUTHORIZATION "
        "DEFAULT; RESET ALL; RESET ROLE; CLOSE ALL; UNLISTEN *; DISCARD TEMP; DISCARD SEQUENCES";
    // second_trip(true): the script as one Query message; false: the same statements as nine
    // extended-protocol statements in one pipeline (what Transaction::commit sent before).
    auto shaped_tx_with = [&](std::int64_t id, bool one_message) {
        checksum += begin_and_select(shaped, id);
        if (!one_message) {
            std::string_view rest = commit_script;
            int statements = 0;
            while (!rest.empty()) {
                const auto end = rest.find("; ");
                const std::string one(rest.substr(0, end));
                PQsendQueryParams(shaped, one.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
                ++statements;
                rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
            }
            PQpipelineSync(shaped);
            for (int results = 0; results < statements + 1;) {
                PGresult* r = PQgetResult(shaped);
                if (r == nullptr) continue;
                if (PQresultStatus(r) == PGRES_FATAL_ERROR) std::abort();
                PQclear(r);
                ++results;
            }
        }
        if (PQexitPipelineMode(shaped) != 1) std::abort();
        if (!one_message) return;
        if (PQsendQuery(shaped, commit_script) != 1) std::abort();
        while (PGresult* r = PQgetResult(shaped)) {
            if (PQresultStatus(r) == PGRES_FATAL_ERROR) std::abort();
            PQclear(r);
        }
    };
    auto shaped_tx = [&](std::int64_t id) { shaped_tx_with(id, true); };
    auto shaped_old_tx = [&](std::int64_t id) { shaped_tx_with(id, false); };
    auto strata_tx = [&](std::int64_t id) {
        checksum += db.transact([&](strata::Session& s) {
            auto r = s.query(sql, id);
            return static_cast<std::int64_t>(r.at(0).get<std::string>(1).size());
        });
    };
    const std::string script =
        "/tmp/strata_point_select_bench_" + std::to_string(getpid()) + ".sql";
    {
        std::string text = sql;
        text.replace(text.find("$1"), 2, ":id");
        std::ofstream(script) << "\\set id random(1, " << kRows << ")\n" << text << ";\n";
    }
    // The same select in autocommit on the raw connection: one round trip, the CPU reference
    // for a transaction (pgbench's server process cannot be watched from here).
    auto autocommit = [&](std::int64_t id) { checksum += select_one(raw, id); };
    const int strata_pid = db.transact([](strata::Session& s) {
        return s.query("SELECT pg_backend_pid()").scalar<std::int32_t>();
    });
    (void)rate(strata::bench::scaled(1'000, 10), raw_tx);
    (void)rate(strata::bench::scaled(1'000, 10), strata_tx);
    (void)rate(strata::bench::scaled(1'000, 10), two_trips);
    (void)rate(strata::bench::scaled(1'000, 10), autocommit);
    (void)rate(strata::bench::scaled(1'000, 10), shaped_tx);
    (void)rate(strata::bench::scaled(1'000, 10), shaped_old_tx);
    std::vector<double> raw_rates, strata_rates, bench_rates, raw_cpu, strata_cpu, bench_cpu,
        floor_rates, floor_cpu, auto_cpu, raw_server, strata_server, floor_server, auto_server,
        shaped_rates, shaped_cpu, shaped_server, old_cpu, old_server;
    for (int round = 0; round < rounds; ++round) {
        const auto f = measured(per_round, two_trips, PQbackendPID(piped));
        const auto r = measured(per_round, raw_tx, PQbackendPID(raw));
        const auto s = measured(per_round, strata_tx, strata_pid);
        const auto a = measured(per_round, autocommit, PQbackendPID(raw));
        const auto h = measured(per_round, shaped_tx, PQbackendPID(shaped));
        shaped_rates.push_back(h.rate);
        shaped_cpu.push_back(h.cpu_us);
        shaped_server.push_back(h.server_cpu_us);
        const auto o = measured(per_round, shaped_old_tx, PQbackendPID(shaped));
        old_cpu.push_back(o.cpu_us);
        old_server.push_back(o.server_cpu_us);
        const auto p = pgbench_autocommit(url, script, 2);
        floor_rates.push_back(f.rate);
        floor_cpu.push_back(f.cpu_us);
        floor_server.push_back(f.server_cpu_us);
        raw_rates.push_back(r.rate);
        raw_cpu.push_back(r.cpu_us);
        raw_server.push_back(r.server_cpu_us);
        strata_rates.push_back(s.rate);
        strata_cpu.push_back(s.cpu_us);
        strata_server.push_back(s.server_cpu_us);
        auto_cpu.push_back(a.cpu_us);
        auto_server.push_back(a.server_cpu_us);
        bench_rates.push_back(p.rate);
        bench_cpu.push_back(p.cpu_us);
    }
    std::remove(script.c_str());
    const double raw_rate = median(raw_rates), strata_rate = median(strata_rates),
                 bench_rate = median(bench_rates);
    std::printf(
        "one point select per transaction, %d transactions x %d rounds (median), "
        "interleaved with pgbench -T 2\n",
        per_round, rounds);
    std::printf(
        "  pgbench autocommit (1 trip)    %10.0f tx/s  %6.1f us/tx  client CPU %5.1f us/tx\n",
        bench_rate, bench_rate > 0 ? 1e6 / bench_rate : 0.0, median(bench_cpu));
    std::printf(
        "  raw libpq BEGIN/SELECT/COMMIT  %10.0f tx/s  %6.1f us/tx  client CPU %5.1f us/tx\n",
        raw_rate, 1e6 / raw_rate, median(raw_cpu));
    std::printf(
        "  strata Database::transact      %10.0f tx/s  %6.1f us/tx  client CPU %5.1f us/tx\n",
        strata_rate, 1e6 / strata_rate, median(strata_cpu));
    const double floor_rate = median(floor_rates);
    std::printf("  raw libpq 2 trips: BEGIN+SELECT pipelined, COMMIT  %10.0f tx/s  %6.1f us/tx\n",
                floor_rate, 1e6 / floor_rate);
    std::printf("  strata / raw libpq             %10.3f\n", strata_rate / raw_rate);
    std::printf("  strata / raw 2-trip floor      %10.3f\n", strata_rate / floor_rate);
    if (bench_rate > 0) {
        std::printf("  strata / pgbench autocommit    %10.3f  (goal >= 0.60)\n",
                    strata_rate / bench_rate);
        std::printf("  raw 2-trip floor / pgbench     %10.3f  (what any client can reach)\n",
                    floor_rate / bench_rate);
    } else {
        std::printf("  pgbench not found or failed: no autocommit reference\n");
    }
    // CPU per transaction, client (getrusage) and server backend (schedstat): what the work
    // costs whatever else the two cores run; wall-time ratios above move with the load. The
    // lowest round of each: on a shared VM, other work and the hypervisor only add to it.
    const double auto_total = lowest(auto_cpu) + lowest(auto_server),
                 floor_total = lowest(floor_cpu) + lowest(floor_server),
                 strata_total = lowest(strata_cpu) + lowest(strata_server),
                 raw_total = lowest(raw_cpu) + lowest(raw_server);
    std::printf("CPU per transaction (client + server backend), lowest of the same rounds\n");
    const auto cpu_line = [](const char* name, double client, double server, double reference) {
        std::printf("  %-34s client %5.1f  server %5.1f  total %6.1f us   autocommit/this %.3f\n",
                    name, client, server, client + server, reference / (client + server));
    };
    cpu_line("raw libpq autocommit (1 trip)", lowest(auto_cpu), lowest(auto_server), auto_total);
    cpu_line("raw libpq 2-trip floor", lowest(floor_cpu), lowest(floor_server), auto_total);
    cpu_line("raw libpq, strata's wire shape", lowest(shaped_cpu), lowest(shaped_server),
             auto_total);
    cpu_line("  the same, reset as 9 statements", lowest(old_cpu), lowest(old_server), auto_total);
    cpu_line("strata Database::transact", lowest(strata_cpu), lowest(strata_server), auto_total);
    cpu_line("raw libpq BEGIN/SELECT/COMMIT", lowest(raw_cpu), lowest(raw_server), auto_total);
    std::printf("  strata / 2-trip floor (CPU)    %10.3f\n", floor_total / strata_total);
    std::printf("  strata / raw 3 trips (CPU)     %10.3f\n", raw_total / strata_total);
    PQfinish(shaped);
    PQfinish(piped);
    PQfinish(raw);
}

/// What resetting session state on every return costs (the pool resets with the script the
/// pool uses; DISCARD ALL would also drop every prepared statement, so the next use prepares
/// again). Raw libpq, one point select per transaction, three ways.
void bench_reset(const std::string& url, const char* sql, int per_round, int rounds,
                 std::int64_t& checksum) {
    PGconn* raw = PQconnectdb(url.c_str());
    if (PQstatus(raw) != CONNECTION_OK) std::abort();
    const Oid types[] = {20};
    auto prepare = [&] { PQclear(PQprepare(raw, "point_reset", sql, 1, types)); };
    prepare();
    auto exec = [&](const char* command) {
        PGresult* r = PQexec(raw, command);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) std::abort();
        PQclear(r);
    };
    auto tx = [&](std::int64_t id) {
        exec("BEGIN");
        checksum += select_one(raw, id, "point_reset");
        exec("COMMIT");
    };
    auto with_reset = [&](std::int64_t id) {
        tx(id);
        exec(
            "SET SESSION AUTHORIZATION DEFAULT; RESET ALL; RESET ROLE; CLOSE ALL; UNLISTEN *; "
            "DISCARD TEMP; DISCARD SEQUENCES");
    };
    auto with_discard_all = [&](std::int64_t id) {
        tx(id);
        exec("DISCARD ALL");
        prepare();  // what the driver's statement cache must do after DISCARD ALL
    };
    std::vector<double> plain, reset, discard;
    (void)rate(500, tx);
    for (int round = 0; round < rounds; ++round) {
        plain.push_back(rate(per_round, tx));
        reset.push_back(rate(per_round, with_reset));
        discard.push_back(rate(per_round, with_discard_all));
    }
    const double p = median(plain), r = median(reset), d = median(discard);
    std::printf("session reset on return, raw libpq, %d transactions x %d rounds (median)\n",
                per_round, rounds);
    std::printf("  BEGIN/SELECT/COMMIT                %10.0f tx/s  %6.1f us/tx  1.000\n", p,
                1e6 / p);
    std::printf("  + RESET ALL; RESET ROLE; ... (used) %9.0f tx/s  %6.1f us/tx  %.3f\n", r, 1e6 / r,
                r / p);
    std::printf("  + DISCARD ALL + prepare again      %10.0f tx/s  %6.1f us/tx  %.3f\n", d, 1e6 / d,
                d / p);
    PQfinish(raw);
}

}  // namespace
// ---- end of session layer section ----

int main(int argc, char** argv) {
    const int per_round = strata::bench::scaled(argc > 1 ? std::atoi(argv[1]) : 20'000, 100);
    const int rounds = strata::bench::scaled(5, 2);
    const std::string url = strata::testing::Server::instance().create_database("bench");
    auto conn = strata::driver::Connection::open(url);
    conn.execute_script(
        "CREATE TABLE account (id int8 PRIMARY KEY, email text NOT NULL, balance int8 NOT NULL, "
        "created_at timestamptz NOT NULL DEFAULT now());"
        "INSERT INTO account SELECT g, 'user' || g || '@example.com', g * 10, now() "
        "FROM generate_series(1, 10000) g; ANALYZE account;");
    const char* sql = "SELECT id, email, balance, created_at FROM account WHERE id = $1";

    PGconn* raw = PQconnectdb(url.c_str());
    if (PQstatus(raw) != CONNECTION_OK) {
        std::fprintf(stderr, "raw libpq connect failed: %s", PQerrorMessage(raw));
        return 1;
    }
    const Oid types[] = {20};
    PQclear(PQprepare(raw, "point", sql, 1, types));
    std::int64_t checksum = 0;
    auto raw_select = [&](std::int64_t id) {
        // What a careful hand-written libpq client does: binary parameter, binary result.
        char buf[8];
        put_be64(buf, id);
        const char* values[] = {buf};
        const int lengths[] = {8};
        const int formats[] = {1};
        PGresult* r = PQexecPrepared(raw, "point", 1, values, lengths, formats, 1);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) std::abort();
        std::int64_t balance = 0;
        const char* p = PQgetvalue(r, 0, 2);
        for (int k = 0; k < 8; ++k) balance = (balance << 8) | static_cast<unsigned char>(p[k]);
        checksum += balance + PQgetlength(r, 0, 1);
        PQclear(r);
    };
    auto strata_select = [&](std::int64_t id) {
        auto r = conn.query(sql, id);
        auto row = r.at(0);
        checksum +=
            row.get<std::int64_t>(2) + static_cast<std::int64_t>(row.get<std::string>(1).size());
        (void)row.get<strata::Timestamptz>(3);
    };
    // Warm up both paths (plan caches, statement cache), then alternate rounds.
    (void)rate(strata::bench::scaled(2'000, 10), raw_select);
    (void)rate(strata::bench::scaled(2'000, 10), strata_select);
    std::vector<double> raw_rates, strata_rates;
    for (int round = 0; round < rounds; ++round) {
        raw_rates.push_back(rate(per_round, raw_select));
        strata_rates.push_back(rate(per_round, strata_select));
    }
    const double raw_rate = median(raw_rates), strata_rate = median(strata_rates);
    std::printf("point select by primary key, %d selects x %d rounds (median), unix socket\n",
                per_round, rounds);
    std::printf("  raw libpq (prepared, binary)   %10.0f selects/s  %6.1f us/select\n", raw_rate,
                1e6 / raw_rate);
    std::printf("  strata Connection::query       %10.0f selects/s  %6.1f us/select\n", strata_rate,
                1e6 / strata_rate);
    std::printf("  strata / raw libpq             %10.3f  (target >= 0.95)\n",
                strata_rate / raw_rate);
    bench_session(url, sql, per_round / 4, rounds, checksum);  // session layer section above
    bench_reset(url, sql, per_round / 4, rounds, checksum);
    std::printf("  (checksum %lld)\n", static_cast<long long>(checksum));
    PQfinish(raw);
    return 0;
}
