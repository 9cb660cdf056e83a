// Generated code vs hand-written raw libpq (prepared, binary), same run: a `:one` point query
// and a `:many` of 1,000 rows decoded into structs. The generated code comes from
// bench/codegen/db/queries (snapshot committed) through strata_generate().
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "items.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kRows = 10'000;

/// The struct a careful hand-written client decodes into (the generated row has the same).
struct RawItem {
    std::int64_t id = 0;
    std::string name;
    std::int32_t qty = 0;
    double price = 0;
    std::optional<std::string> note;
};

std::uint64_t be(const char* p, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

RawItem decode_raw(const PGresult* r, int row) {
    RawItem it;
    it.id = static_cast<std::int64_t>(be(PQgetvalue(r, row, 0), 8));
    it.name.assign(PQgetvalue(r, row, 1), static_cast<std::size_t>(PQgetlength(r, row, 1)));
    it.qty = static_cast<std::int32_t>(be(PQgetvalue(r, row, 2), 4));
    const std::uint64_t bits = be(PQgetvalue(r, row, 3), 8);
    std::memcpy(&it.price, &bits, sizeof bits);
    if (!PQgetisnull(r, row, 4))
        it.note.emplace(PQgetvalue(r, row, 4), static_cast<std::size_t>(PQgetlength(r, row, 4)));
    return it;
}

class RawClient {
public:
    explicit RawClient(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) std::abort();
        const Oid int8[] = {20};
        PQclear(PQprepare(conn_, "get",
                          "SELECT id, name, qty, price, note FROM items WHERE id = $1", 1, int8));
        PQclear(PQprepare(conn_, "list",
                          "SELECT id, name, qty, price, note FROM items ORDER BY id LIMIT $1", 1,
                          int8));
    }
    ~RawClient() { PQfinish(conn_); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    PGresult* run(const char* name, std::int64_t arg) {
        char buf[8];
        auto u = static_cast<std::uint64_t>(arg);
        for (int k = 7; k >= 0; --k, u >>= 8) buf[k] = static_cast<char>(u & 0xFF);
        const char* values[] = {buf};
        const int lengths[] = {8};
        const int formats[] = {1};
        PGresult* r = PQexecPrepared(conn_, name, 1, values, lengths, formats, 1);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) std::abort();
        return r;
    }
    std::optional<RawItem> get(std::int64_t id) {
        PGresult* r = run("get", id);
        std::optional<RawItem> out;
        if (PQntuples(r) > 0) out = decode_raw(r, 0);
        PQclear(r);
        return out;
    }
    std::vector<RawItem> list(std::int64_t limit) {
        PGresult* r = run("list", limit);
        std::vector<RawItem> out;
        out.reserve(static_cast<std::size_t>(PQntuples(r)));
        for (int i = 0; i < PQntuples(r); ++i) out.push_back(decode_raw(r, i));
        PQclear(r);
        return out;
    }

private:
    PGconn* conn_;
};

struct Timing {
    double wall = 0;  ///< seconds
    double cpu = 0;   ///< client CPU seconds
};

/// Wall and client CPU time of n calls of fn.
Timing timed(int n, const std::function<void(int)>& fn) {
    const double c0 = strata::bench::thread_cpu_seconds();
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i) fn(i);
    return {std::chrono::duration<double>(Clock::now() - start).count(),
            strata::bench::thread_cpu_seconds() - c0};
}

/// Alternating rounds of both sides; prints the medians and the ratios generated / raw of wall
/// time and of client CPU.
void compare(const char* what, int per_round, int rounds, const std::function<void(int)>& raw,
             const std::function<void(int)>& generated, double goal) {
    std::vector<double> raw_s, gen_s, raw_c, gen_c;
    (void)timed(std::max(1, per_round / 10), raw);  // warm both up (prepared statements, caches)
    (void)timed(std::max(1, per_round / 10), generated);
    for (int r = 0; r < rounds; ++r) {
        const Timing a = timed(per_round, raw);
        const Timing b = timed(per_round, generated);
        raw_s.push_back(a.wall);
        gen_s.push_back(b.wall);
        raw_c.push_back(a.cpu);
        gen_c.push_back(b.cpu);
    }
    using strata::bench::median;
    const double a = median(raw_s) / per_round * 1e6;
    const double b = median(gen_s) / per_round * 1e6;
    const double ac = median(raw_c) / per_round * 1e6;
    const double bc = median(gen_c) / per_round * 1e6;
    std::printf("%-34s raw libpq %9.2f us   generated %9.2f us   ratio %.3f (goal <= %.2f)\n", what,
                a, b, b / a, goal);
    std::printf("%-34s raw libpq %9.2f us   generated %9.2f us   ratio %.3f (issue 14: <= %.3f)\n",
                "  client CPU", ac, bc, bc / ac, 1 / 0.95);
}

}  // namespace

int main(int argc, char** argv) {
    const int per_round = strata::bench::scaled(argc > 1 ? std::atoi(argv[1]) : 20'000, 100);
    const int rounds = strata::bench::scaled(7, 2);
    const std::string url = strata::testing::Server::instance().create_database("bench");
    auto conn = strata::driver::Connection::open(url);
    conn.execute_script(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, qty integer NOT NULL, "
        "price double precision NOT NULL, note text);"
        "INSERT INTO items SELECT g, 'item number ' || g, g % 100, g * 1.25, "
        "CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END FROM generate_series(1, 10000) g;"
        "ANALYZE items;");
    RawClient raw(url);
    std::int64_t checksum = 0;
    std::printf("codegen bench: %d calls per round, %d rounds, medians\n", per_round, rounds);
    compare(
        ":one point query (GetItem)", per_round, rounds,
        [&](int i) { checksum += raw.get((i * 7919) % kRows + 1)->qty; },
        [&](int i) { checksum += bench::get_item(conn, (i * 7919) % kRows + 1)->qty; }, 1.03);
    const int many_calls = std::max(1, per_round / 50);
    compare(
        ":many 1,000 rows (ListItems)", many_calls, rounds,
        [&](int) { checksum += static_cast<std::int64_t>(raw.list(1000).size()); },
        [&](int) { checksum += static_cast<std::int64_t>(bench::list_items(conn, 1000).size()); },
        1.10);
    std::printf("(checksum %lld)\n", static_cast<long long>(checksum));
    return 0;
}
