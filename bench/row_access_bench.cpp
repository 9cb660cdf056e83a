// Connection row access (issue 14 part 2) vs raw libpq decoding the same rows into the same struct.
#include <libpq-fe.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace bench {

/// 6 columns, two of them timestamptz (one nullable): the shape issue 14 measures.
struct Item {
    std::int64_t id = 0;
    std::string name;
    std::int32_t qty = 0;
    double price = 0;
    strata::Timestamptz created_at;
    std::optional<strata::Timestamptz> updated_at;
};

}  // namespace bench

template <>
struct strata::driver::RowMapping<::bench::Item> {
    using T = ::bench::Item;
    static constexpr auto fields =
        std::make_tuple(field("id", &T::id), field("name", &T::name), field("qty", &T::qty),
                        field("price", &T::price), field("created_at", &T::created_at),
                        field("updated_at", &T::updated_at));
};

namespace {

using ::bench::Item;
using Clock = std::chrono::steady_clock;
using strata::driver::Row;

constexpr std::int64_t kRows = 1'000;
constexpr const char* kSql =
    "SELECT id, name, qty, price, created_at, updated_at FROM items WHERE id > $1 ORDER BY id "
    "LIMIT 1000";
/// PostgreSQL counts timestamps from 2000-01-01; Timestamptz from 1970-01-01.
constexpr std::int64_t kPgEpochMicros = 946'684'800'000'000;

std::uint64_t be(const char* p, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}
std::int64_t be64(const char* p) {
    return static_cast<std::int64_t>(be(p, 8));
}

/// What a careful hand-written libpq client does with a binary result row.
Item decode_raw(const PGresult* r, int row) {
    Item it;
    it.id = be64(PQgetvalue(r, row, 0));
    it.name.assign(PQgetvalue(r, row, 1), static_cast<std::size_t>(PQgetlength(r, row, 1)));
    it.qty = static_cast<std::int32_t>(be(PQgetvalue(r, row, 2), 4));
    it.price = std::bit_cast<double>(be(PQgetvalue(r, row, 3), 8));
    it.created_at = strata::Timestamptz(be64(PQgetvalue(r, row, 4)) + kPgEpochMicros);
    if (!PQgetisnull(r, row, 5))
        it.updated_at = strata::Timestamptz(be64(PQgetvalue(r, row, 5)) + kPgEpochMicros);
    return it;
}

/// The same client checking each cell as strata must (NULL and length before reading): the
/// floor for a decoder that does not trust the schema.
Item decode_raw_checked(const PGresult* r, int row) {
    auto value = [&](int col, int size) -> const char* {
        const int n = PQgetlength(r, row, col);
        if (n == size) return PQgetvalue(r, row, col);
        if (n == 0 && PQgetisnull(r, row, col)) return nullptr;
        std::abort();
    };
    Item it;
    it.id = be64(value(0, 8));
    const int n = PQgetlength(r, row, 1);
    it.name.assign(PQgetvalue(r, row, 1), static_cast<std::size_t>(n));
    it.qty = static_cast<std::int32_t>(be(value(2, 4), 4));
    it.price = std::bit_cast<double>(be(value(3, 8), 8));
    it.created_at = strata::Timestamptz(be64(value(4, 8)) + kPgEpochMicros);
    if (const char* p = value(5, 8)) it.updated_at = strata::Timestamptz(be64(p) + kPgEpochMicros);
    return it;
}

/// Row::get<T>(i) per column, as application code (and `strata gen` output) reads a row.
Item decode_get(const Row& row) {
    Item it;
    it.id = row.get<std::int64_t>(0);
    it.name = row.get<std::string>(1);
    it.qty = row.get<std::int32_t>(2);
    it.price = row.get<double>(3);
    it.created_at = row.get<strata::Timestamptz>(4);
    it.updated_at = row.get<std::optional<strata::Timestamptz>>(5);
    return it;
}

std::vector<Item> raw_rows(const PGresult* r) {
    std::vector<Item> out;
    const int n = PQntuples(r);
    out.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) out.push_back(decode_raw(r, k));
    return out;
}

class RawClient {
public:
    explicit RawClient(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) std::abort();
        const Oid int8[] = {20};
        PQclear(PQprepare(conn_, "list", kSql, 1, int8));
    }
    ~RawClient() { PQfinish(conn_); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    /// Sends the prepared list query after `after`, binary parameter and results.
    bool send(std::int64_t after) {
        buf_ = encode(after);
        const char* values[] = {buf_.data()};
        const int lengths[] = {8};
        const int formats[] = {1};
        return PQsendQueryPrepared(conn_, "list", 1, values, lengths, formats, 1) == 1;
    }
    PGresult* run(std::int64_t after) {
        if (!send(after)) std::abort();
        PGresult* r = PQgetResult(conn_);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) std::abort();
        while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
        return r;
    }
    /// Single-row mode, each row decoded as it arrives (what for_each_row does).
    std::size_t stream(std::int64_t after, std::vector<Item>& out) {
        if (!send(after) || PQsetSingleRowMode(conn_) != 1) std::abort();
        while (PGresult* r = PQgetResult(conn_)) {
            if (PQresultStatus(r) == PGRES_SINGLE_TUPLE) out.push_back(decode_raw(r, 0));
            PQclear(r);
        }
        return out.size();
    }

private:
    static std::string encode(std::int64_t v) {
        std::string b(8, '\0');
        auto u = static_cast<std::uint64_t>(v);
        for (int k = 7; k >= 0; --k, u >>= 8) b[static_cast<std::size_t>(k)] = static_cast<char>(u);
        return b;
    }
    PGconn* conn_;
    std::string buf_;
};

struct Sample {
    double wall_us = 0;  ///< per call
    double cpu_us = 0;   ///< client CPU per call
};

Sample measure(int calls, const std::function<void(int)>& fn) {
    const double c0 = strata::bench::thread_cpu_seconds();
    const auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i) fn(i);
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    return {wall / calls * 1e6, (strata::bench::thread_cpu_seconds() - c0) / calls * 1e6};
}

/// Alternating rounds (warm-up first); prints the medians and strata's speed relative to raw
/// (raw time / strata time: 1.0 is raw speed, the goal is >= 0.95) for wall and client CPU.
void compare(const char* what, int calls, int rounds, const std::function<void(int)>& raw,
             const std::function<void(int)>& strata) {
    (void)measure(std::max(1, calls / 10), raw);
    (void)measure(std::max(1, calls / 10), strata);
    std::vector<double> rw, rc, sw, sc;
    for (int r = 0; r < rounds; ++r) {
        const bool raw_first = r % 2 == 0;
        const Sample a = measure(calls, raw_first ? raw : strata);
        const Sample b = measure(calls, raw_first ? strata : raw);
        const Sample& x = raw_first ? a : b;
        const Sample& y = raw_first ? b : a;
        rw.push_back(x.wall_us);
        rc.push_back(x.cpu_us);
        sw.push_back(y.wall_us);
        sc.push_back(y.cpu_us);
    }
    using strata::bench::median;
    const double w = median(rw) / median(sw), c = median(rc) / median(sc);
    std::printf(
        "  %-40s raw %8.1f us  strata %8.1f us  wall %.3f   client CPU raw %8.1f us  "
        "strata %8.1f us  CPU %.3f  (goal >= 0.95: %s)\n",
        what, median(rw), median(sw), w, median(rc), median(sc), c, c >= 0.95 ? "met" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
    const int calls = strata::bench::scaled(argc > 1 ? std::atoi(argv[1]) : 300, 5);
    const int rounds = strata::bench::scaled(argc > 2 ? std::atoi(argv[2]) : 9, 2);
    auto& server = strata::testing::Server::instance();
    const std::string url = server.create_database("rowaccess");
    auto conn = strata::driver::Connection::open(url);
    conn.execute_script(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, qty integer NOT NULL, "
        "price double precision NOT NULL, created_at timestamptz NOT NULL, updated_at "
        "timestamptz);"
        "INSERT INTO items SELECT g, 'item number ' || g, g % 100, g * 1.25, "
        "'2026-01-01Z'::timestamptz + g * interval '1 minute', CASE WHEN g % 3 = 0 THEN NULL "
        "ELSE '2026-06-01Z'::timestamptz + g * interval '1 second' END "
        "FROM generate_series(1, 20000) g;");
    conn.execute_script("VACUUM ANALYZE items");
    RawClient raw(url);
    auto after = [](int i) { return static_cast<std::int64_t>(i * 7919) % 19'000; };
    std::int64_t checksum = 0;
    auto sum = [&](const std::vector<Item>& v) {
        if (v.size() != static_cast<std::size_t>(kRows)) std::abort();
        checksum += v.back().qty + static_cast<std::int64_t>(v[1].updated_at.has_value());
    };
    std::printf(
        "Connection row access (issue 14 part 2): 1,000 rows x 6 columns (int8, text, int4, "
        "float8, timestamptz, nullable timestamptz), binary results, decoded into the same struct\n"
        "  %d calls per round, %d alternating rounds, medians; ratio = raw time / strata time\n",
        calls, rounds);

    // Decoding only: one fetched result decoded again and again (no server in the loop).
    PGresult* fetched = raw.run(0);
    const auto result = conn.query(kSql, std::int64_t{0});
    std::printf(" decoding a fetched result (no round trip):\n");
    compare(
        "Row::get<T>(i) per column", calls, rounds, [&](int) { sum(raw_rows(fetched)); },
        [&](int) {
            std::vector<Item> out;
            out.reserve(result.size());
            for (const auto& row : result) out.push_back(decode_get(row));
            sum(out);
        });
    compare(
        "(raw, checking every cell)", calls, rounds, [&](int) { sum(raw_rows(fetched)); },
        [&](int) {
            std::vector<Item> out;
            out.reserve(kRows);
            for (int k = 0; k < PQntuples(fetched); ++k)
                out.push_back(decode_raw_checked(fetched, k));
            sum(out);
        });
    compare(
        "Row::as<Item>() per row", calls, rounds, [&](int) { sum(raw_rows(fetched)); },
        [&](int) {
            std::vector<Item> out;
            out.reserve(result.size());
            for (const auto& row : result) out.push_back(row.as<Item>());
            sum(out);
        });
    compare(
        "Result::as<Item>()", calls, rounds, [&](int) { sum(raw_rows(fetched)); },
        [&](int) { sum(result.as<Item>()); });
    PQclear(fetched);

    // The whole call: query, wait, decode.
    std::printf(" query + decode (one round trip per call):\n");
    compare(
        "execute + Row::get<T>(i)", calls, rounds,
        [&](int i) {
            PGresult* r = raw.run(after(i));
            sum(raw_rows(r));
            PQclear(r);
        },
        [&](int i) {
            const auto res = conn.query(kSql, after(i));
            std::vector<Item> out;
            out.reserve(res.size());
            for (const auto& row : res) out.push_back(decode_get(row));
            sum(out);
        });
    compare(
        "execute + Result::as<Item>()", calls, rounds,
        [&](int i) {
            PGresult* r = raw.run(after(i));
            sum(raw_rows(r));
            PQclear(r);
        },
        [&](int i) { sum(conn.query(kSql, after(i)).as<Item>()); });
    compare(
        "for_each_row + Row::get<T>(i)", calls, rounds,
        [&](int i) {
            std::vector<Item> out;
            out.reserve(kRows);
            raw.stream(after(i), out);
            sum(out);
        },
        [&](int i) {
            std::vector<Item> out;
            out.reserve(kRows);
            const strata::driver::Value params[] = {strata::driver::to_value(after(i))};
            conn.for_each_row(kSql, params,
                              [&](const Row& row) { out.push_back(decode_get(row)); });
            sum(out);
        });
    std::printf("  (checksum %lld)\n", static_cast<long long>(checksum));
    server.drop_database(url);
    return 0;
}
