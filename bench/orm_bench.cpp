// Data access (issue 5): Repository<T> against raw libpq and psql \copy, measured in one run.
#include <libpq-fe.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/driver/connection.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/database.hpp"
#include "strata/testing/server.hpp"

namespace bench {

struct Account {
    std::int64_t id = 0;
    std::string email;
    std::int64_t balance = 0;
    strata::Timestamptz created_at;
    std::optional<strata::Timestamptz> deleted_at;
};

struct Event {
    std::int64_t id = 0;
    std::string kind;
    std::int64_t amount = 0;
    strata::Timestamptz at;
    std::optional<std::string> note;
};

}  // namespace bench

template <>
struct strata::orm::Table<::bench::Account> {
    using T = ::bench::Account;
    static constexpr std::string_view name = "account";
    static constexpr auto columns =
        std::make_tuple(column("id", &T::id, kPrimaryKey | kGenerated), column("email", &T::email),
                        column("balance", &T::balance), column("created_at", &T::created_at),
                        column("deleted_at", &T::deleted_at));
};

template <>
struct strata::orm::Table<::bench::Event> {
    using T = ::bench::Event;
    static constexpr std::string_view name = "event";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey | kGenerated), column("kind", &T::kind),
        column("amount", &T::amount), column("at", &T::at), column("note", &T::note));
};

namespace {

using ::bench::Account;
using ::bench::Event;
using Clock = std::chrono::steady_clock;
using strata::orm::asc;
using strata::orm::col;

constexpr std::int64_t kTableRows = 100'000;
constexpr std::int64_t kFindRows = 1'000;
const int kRounds =
    strata::bench::scaled(9, 2);  // short alternating rounds: load drift hits both sides alike
/// PostgreSQL counts timestamps from 2000-01-01; Timestamptz from 1970-01-01.
constexpr std::int64_t kPgEpochMicros = 946'684'800'000'000;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::int64_t be64(const char* p) {
    std::uint64_t u = 0;
    for (int k = 0; k < 8; ++k) u = (u << 8) | static_cast<unsigned char>(p[k]);
    return static_cast<std::int64_t>(u);
}

void put_be64(char* out, std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    for (int k = 7; k >= 0; --k, u >>= 8) out[k] = static_cast<char>(u & 0xFF);
}

template <class I>
void append_be(std::string& out, I v) {
    auto u = static_cast<std::make_unsigned_t<I>>(v);
    char b[sizeof(I)];
    for (int k = static_cast<int>(sizeof(I)) - 1; k >= 0;
         --k, u = static_cast<decltype(u)>(u >> 8)) {
        b[k] = static_cast<char>(u & 0xFF);
    }
    out.append(b, sizeof(I));
}

/// What a careful hand-written libpq client does with a binary result row of account.
Account decode_account(const PGresult* r, int row) {
    Account a;
    a.id = be64(PQgetvalue(r, row, 0));
    a.email.assign(PQgetvalue(r, row, 1), static_cast<std::size_t>(PQgetlength(r, row, 1)));
    a.balance = be64(PQgetvalue(r, row, 2));
    a.created_at = strata::Timestamptz(be64(PQgetvalue(r, row, 3)) + kPgEpochMicros);
    if (!PQgetisnull(r, row, 4))
        a.deleted_at = strata::Timestamptz(be64(PQgetvalue(r, row, 4)) + kPgEpochMicros);
    return a;
}

PGconn* raw_connect(const std::string& url) {
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::fprintf(stderr, "raw libpq connect failed: %s", PQerrorMessage(c));
        std::exit(1);
    }
    return c;
}

void raw_exec(PGconn* c, const char* sql) {
    PGresult* r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        std::exit(1);
    }
    PQclear(r);
}

void raw_prepare(PGconn* c, const char* name, const std::string& sql, int n_params) {
    const Oid types[] = {20, 20};
    PGresult* r = PQprepare(c, name, sql.c_str(), n_params, types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        std::fprintf(stderr, "prepare %s: %s", sql.c_str(), PQerrorMessage(c));
        std::exit(1);
    }
    PQclear(r);
}

/// Runs body(thread index, calls) on `threads` threads started together; returns calls per second
/// over all threads (wall clock from the common start to the last thread's end).
double thread_cpu_seconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// CPU seconds spent by the benchmark's client threads in measured loops (load-independent:
/// what the client library costs, apart from waiting for the server).
std::atomic<double> g_client_cpu{0};

/// Runs body on the calling thread and adds its CPU time to g_client_cpu.
template <class Fn>
auto with_cpu(Fn&& body) {
    const double c0 = thread_cpu_seconds();
    if constexpr (std::is_void_v<decltype(body())>) {
        body();
        g_client_cpu.fetch_add(thread_cpu_seconds() - c0);
    } else {
        auto out = body();
        g_client_cpu.fetch_add(thread_cpu_seconds() - c0);
        return out;
    }
}

double run_threads(int threads, int calls, const std::function<void(int, int)>& body,
                   bool count_cpu = true) {
    std::latch ready(threads + 1);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            ready.arrive_and_wait();
            if (count_cpu) {
                with_cpu([&] { body(t, calls); });
            } else {
                body(t, calls);
            }
        });
    }
    ready.arrive_and_wait();
    const auto start = Clock::now();
    for (auto& th : pool) th.join();
    return threads * calls / seconds_since(start);
}

struct Ratio {
    double raw;
    double strata;
    double raw_cpu_us;  ///< client CPU per operation
    double strata_cpu_us;
};

/// Alternates raw and strata rounds (warm-up first) of ops operations each; returns the medians
/// of the rates and of the client CPU per operation.
Ratio alternate(int rounds, double ops, const std::function<double()>& raw,
                const std::function<double()>& strata) {
    (void)raw();
    (void)strata();
    std::vector<double> r, s, rc, sc;
    auto measure = [&](const std::function<double()>& f, std::vector<double>& rates,
                       std::vector<double>& cpus) {
        const double c0 = g_client_cpu.load();
        rates.push_back(f());
        cpus.push_back((g_client_cpu.load() - c0) / ops * 1e6);
    };
    for (int i = 0; i < rounds; ++i) {
        if (i % 2 == 0) {
            measure(raw, r, rc);
            measure(strata, s, sc);
        } else {
            measure(strata, s, sc);
            measure(raw, r, rc);
        }
    }
    return {median(r), median(s), median(rc), median(sc)};
}

void print_line(const char* what, const char* unit, Ratio m, double goal) {
    const double ratio = m.strata / m.raw;
    std::printf("  %-34s raw %8.0f %s  strata %8.0f %s  strata/raw %5.3f  goal >= %.2f  %s\n", what,
                m.raw, unit, m.strata, unit, ratio, goal, ratio >= goal ? "met" : "MISSED");
    std::printf("  %-34s raw %8.1f us/op    strata %8.1f us/op    (+%.1f us/op)\n",
                "  client CPU per operation", m.raw_cpu_us, m.strata_cpu_us,
                m.strata_cpu_us - m.raw_cpu_us);
}

std::int64_t g_checksum = 0;

// ---- get_by_id --------------------------------------------------------------------------------

/// Each round connects afresh (new server backends, so one unlucky placement of a backend on
/// the loaded machine does not decide every round of one side), warms up, then measures.
void bench_get_by_id(const std::string& url, const std::string& sql, int threads, int calls) {
    constexpr int kWarmUp = 300;
    std::vector<std::int64_t> sums(static_cast<std::size_t>(threads));
    auto id_of = [](int t, int i) {
        return (static_cast<std::int64_t>(i) * 7919 + t * 31) % kTableRows + 1;
    };

    auto raw_round = [&] {
        std::vector<PGconn*> raws;
        for (int t = 0; t < threads; ++t) {
            raws.push_back(raw_connect(url));
            raw_prepare(raws.back(), "get", sql, 1);
        }
        auto body = [&](int t, int n) {
            PGconn* c = raws[static_cast<std::size_t>(t)];
            raw_exec(c, "BEGIN");
            std::int64_t sum = 0;
            for (int i = 0; i < n; ++i) {
                char buf[8];
                put_be64(buf, id_of(t, i));
                const char* values[] = {buf};
                const int lengths[] = {8};
                const int formats[] = {1};
                PGresult* r = PQexecPrepared(c, "get", 1, values, lengths, formats, 1);
                if (PQresultStatus(r) != PGRES_TUPLES_OK) std::abort();
                std::optional<Account> a;
                if (PQntuples(r) == 1) a = decode_account(r, 0);
                PQclear(r);
                if (!a) std::abort();
                sum += a->balance + static_cast<std::int64_t>(a->email.size());
            }
            raw_exec(c, "COMMIT");
            sums[static_cast<std::size_t>(t)] += sum;
        };
        (void)run_threads(threads, kWarmUp, body, false);
        const double rate = run_threads(threads, calls, body);
        for (auto* c : raws) PQfinish(c);
        return rate;
    };
    auto strata_round = [&] {
        auto db = strata::Database::open(
            {.url = url, .pool = {.size = static_cast<std::size_t>(threads), .max_overflow = 0}});
        auto body = [&](int t, int n) {
            db.transact([&](strata::Session& s) {
                strata::Repository<Account> accounts{s};
                std::int64_t sum = 0;
                for (int i = 0; i < n; ++i) {
                    auto a = accounts.get_by_id(id_of(t, i));
                    if (!a) std::abort();
                    sum += a->balance + static_cast<std::int64_t>(a->email.size());
                }
                sums[static_cast<std::size_t>(t)] += sum;
            });
        };
        (void)run_threads(threads, kWarmUp, body, false);
        return run_threads(threads, calls, body);
    };
    const auto m =
        alternate(kRounds, static_cast<double>(threads) * calls, raw_round, strata_round);
    const std::string what = "get_by_id, " + std::to_string(threads) +
                             (threads == 1 ? " connection" : " connections (threads)");
    print_line(what.c_str(), "gets/s ", m, 0.95);
    for (auto s : sums) g_checksum += s;
}

// ---- find: 1,000 rows into structs -----------------------------------------------------------

void bench_find(const std::string& url, const std::string& sql, int calls) {
    PGconn* raw = raw_connect(url);
    raw_prepare(raw, "find", sql, 2);
    auto db = strata::Database::open({.url = url, .pool = {.size = 1, .max_overflow = 0}});
    auto start_of = [](int i) {
        return (static_cast<std::int64_t>(i) * 7919) % (kTableRows - kFindRows);
    };

    auto raw_round = [&] {
        raw_exec(raw, "BEGIN");
        const auto t0 = Clock::now();
        with_cpu([&] {
            for (int i = 0; i < calls; ++i) {
                char after[8], limit[8];
                put_be64(after, start_of(i));
                put_be64(limit, kFindRows);
                const char* values[] = {after, limit};
                const int lengths[] = {8, 8};
                const int formats[] = {1, 1};
                PGresult* r = PQexecPrepared(raw, "find", 2, values, lengths, formats, 1);
                if (PQresultStatus(r) != PGRES_TUPLES_OK) std::abort();
                std::vector<Account> rows;
                const int n = PQntuples(r);
                rows.reserve(static_cast<std::size_t>(n));
                for (int k = 0; k < n; ++k) rows.push_back(decode_account(r, k));
                PQclear(r);
                if (rows.size() != kFindRows) std::abort();
                g_checksum += rows.back().balance;
            }
        });
        const double rate = calls / seconds_since(t0);
        raw_exec(raw, "COMMIT");
        return rate;
    };
    auto strata_round = [&] {
        return db.transact([&](strata::Session& s) {
            strata::Repository<Account> accounts{s};
            const auto t0 = Clock::now();
            with_cpu([&] {
                for (int i = 0; i < calls; ++i) {
                    auto rows = accounts.find(col(&Account::id) > start_of(i), {asc(&Account::id)},
                                              kFindRows);
                    if (rows.size() != kFindRows) std::abort();
                    g_checksum += rows.back().balance;
                }
            });
            return calls / seconds_since(t0);
        });
    };
    const auto m = alternate(kRounds, calls, raw_round, strata_round);
    print_line("find, 1,000 rows -> structs", "finds/s", m, 0.95);
    PQfinish(raw);
}

// ---- insert_many vs psql \copy (format binary) ------------------------------------------------

std::vector<Event> make_events(std::int64_t n) {
    std::vector<Event> out;
    out.reserve(static_cast<std::size_t>(n));
    const char* kinds[] = {"click", "view", "purchase", "signup"};
    for (std::int64_t i = 0; i < n; ++i) {
        Event e;
        e.kind = kinds[i % 4];
        e.amount = i * 3;
        e.at = strata::Timestamptz(1'700'000'000'000'000 + i * 1'000);
        if (i % 10 == 0) e.note = "note " + std::to_string(i);
        out.push_back(std::move(e));
    }
    return out;
}

/// The same rows in PostgreSQL's binary COPY format (kind, amount, at, note).
void write_copy_file(const std::vector<Event>& rows, const std::string& path) {
    std::string buf;
    buf.append("PGCOPY\n\377\r\n\0", 11);
    append_be<std::int32_t>(buf, 0);
    append_be<std::int32_t>(buf, 0);
    std::ofstream out(path, std::ios::binary);
    for (const auto& e : rows) {
        append_be<std::int16_t>(buf, 4);
        append_be<std::int32_t>(buf, static_cast<std::int32_t>(e.kind.size()));
        buf.append(e.kind);
        append_be<std::int32_t>(buf, 8);
        append_be<std::int64_t>(buf, e.amount);
        append_be<std::int32_t>(buf, 8);
        append_be<std::int64_t>(buf, e.at.unix_micros() - kPgEpochMicros);
        if (e.note) {
            append_be<std::int32_t>(buf, static_cast<std::int32_t>(e.note->size()));
            buf.append(*e.note);
        } else {
            append_be<std::int32_t>(buf, -1);
        }
        if (buf.size() > (1U << 20)) {
            out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            buf.clear();
        }
    }
    append_be<std::int16_t>(buf, -1);
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (!out.flush()) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

std::string find_psql() {
    const char* kPsql = "/usr/lib/postgresql/15/bin/psql";
    if (::access(kPsql, X_OK) == 0) return kPsql;
    return "psql";  // from PATH
}

/// Runs psql as a subprocess; exits the benchmark when it fails. Returns psql's CPU seconds.
double run_psql(const std::string& psql, const std::string& url, const std::string& command) {
    std::vector<std::string> args = {psql, "-X", "-q", "-v",   "ON_ERROR_STOP=1",
                                     "-d", url,  "-c", command};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawnp(&pid, psql.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", psql.c_str());
        std::exit(1);
    }
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "psql failed: %s\n", command.c_str());
        std::exit(1);
    }
    auto secs = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return secs(usage.ru_utime) + secs(usage.ru_stime);
}

void bench_insert_many(const std::string& url, std::int64_t n, int rounds) {
    const auto rows = make_events(n);
    const std::string dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    const std::string path = dir + "/strata-orm-bench-" + std::to_string(::getpid()) + ".copy";
    write_copy_file(rows, path);
    const std::string psql = find_psql();
    const std::string copy =
        "\\copy event (kind, amount, at, note) FROM '" + path + "' (format binary)";
    auto db = strata::Database::open({.url = url, .pool = {.size = 1, .max_overflow = 0}});
    auto truncate = [&] {
        db.transact([](strata::Session& s) { s.execute_script("TRUNCATE event"); });
    };
    auto count = [&] {
        return db.transact([](strata::Session& s) {
            return s.query("SELECT count(*) FROM event").scalar<std::int64_t>();
        });
    };

    std::vector<double> psql_cpu, strata_cpu;
    auto psql_round = [&] {
        truncate();
        const auto t0 = Clock::now();
        psql_cpu.push_back(run_psql(psql, url, copy));
        const double secs = seconds_since(t0);
        if (count() != n) std::abort();
        return secs;
    };
    auto strata_round = [&] {
        truncate();
        const auto t0 = Clock::now();
        const double c0 = thread_cpu_seconds();
        const auto inserted = db.transact(
            [&](strata::Session& s) { return strata::Repository<Event>{s}.insert_many(rows); });
        strata_cpu.push_back(thread_cpu_seconds() - c0);
        const double secs = seconds_since(t0);
        if (inserted != static_cast<std::uint64_t>(n) || count() != n) std::abort();
        return secs;
    };
    std::vector<double> p, s;
    for (int i = 0; i < rounds; ++i) {
        if (i % 2 == 0) {
            p.push_back(psql_round());
            s.push_back(strata_round());
        } else {
            s.push_back(strata_round());
            p.push_back(psql_round());
        }
    }
    std::filesystem::remove(path);
    const double pt = median(p), st = median(s);
    const double speed = pt / st;
    std::printf(
        "  %-34s psql %7.2f s  strata %7.2f s  strata time / psql time %5.3f  "
        "(strata speed / psql %5.3f, goal >= 0.90: time <= %.3f)  %s\n",
        ("insert_many, " + std::to_string(n) + " rows").c_str(), pt, st, st / pt, speed, 1 / 0.9,
        speed >= 0.90 ? "met" : "MISSED");
    const double cpu_ratio = median(strata_cpu) / median(psql_cpu);
    std::printf("  %-34s psql %7.2f s  strata %7.2f s  strata/psql %5.2f  goal <= 3  %s\n",
                "  client CPU (median)", median(psql_cpu), median(strata_cpu), cpu_ratio,
                cpu_ratio <= 3.0 ? "met" : "MISSED");
    std::printf("  %-34s (psql streams a ready file; strata encodes every row)\n", "");
    std::printf("  %-34s %s -X -d <url> -c \"%s\"\n", "  psql command:", psql.c_str(),
                copy.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const std::int64_t load_rows =
        strata::bench::scaled<std::int64_t>(argc > 1 ? std::atoll(argv[1]) : 1'000'000, 2'000);
    const int gets =
        strata::bench::scaled(argc > 2 ? std::atoi(argv[2]) : 4'000, 100);  // per thread and round
    auto& server = strata::testing::Server::instance();
    const std::string url = server.create_database("ormbench");
    auto conn = strata::driver::Connection::open(url);
    conn.execute_script(
        "CREATE TABLE account (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT "
        "NULL, "
        "balance int8 NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), deleted_at "
        "timestamptz);"
        "INSERT INTO account (email, balance, created_at, deleted_at) "
        "SELECT 'user' || g || '@example.com', g * 10, now(), NULL FROM generate_series(1, 100000) "
        "g;"
        "CREATE TABLE event (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text NOT NULL, "
        "amount int8 NOT NULL, at timestamptz NOT NULL, note text);");
    conn.execute_script("VACUUM ANALYZE account");

    // The raw references run exactly the SQL the repository renders.
    using strata::orm::Dialect;
    const std::string get_sql = strata::orm::select<Account>()
                                    .where(strata::orm::soft_delete_filter<Account>())
                                    .where(col(&Account::id) == std::int64_t{1})
                                    .to_sql(Dialect::postgres)
                                    .text;
    const std::string find_sql = strata::orm::select<Account>()
                                     .where(strata::orm::soft_delete_filter<Account>())
                                     .where(col(&Account::id) > std::int64_t{0})
                                     .order_by(asc(&Account::id))
                                     .limit(kFindRows)
                                     .to_sql(Dialect::postgres)
                                     .text;

    std::printf(
        "Data access (issue 5): strata::Repository<T> vs raw libpq (prepared statement, binary\n"
        "parameters and results, decoded by hand into the same struct), median of %d rounds\n",
        kRounds);
    std::printf(
        "  server: strata::testing private cluster, unix socket in %s; table account: %lld rows\n",
        server.socket_dir().c_str(), static_cast<long long>(kTableRows));
    std::printf("  get_by_id SQL: %s\n  find SQL:      %s\n", get_sql.c_str(), find_sql.c_str());
    bench_get_by_id(url, get_sql, 1, gets);
    bench_get_by_id(url, get_sql, 2, gets);
    bench_find(url, find_sql, std::max(20, gets / 25));
    bench_insert_many(url, load_rows, 3);
    std::printf("  (checksum %lld)\n", static_cast<long long>(g_checksum));
    server.drop_database(url);
    return 0;
}
