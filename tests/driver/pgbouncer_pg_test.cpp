// Through a real PgBouncer in transaction mode: prepare=off works, the statement cache cannot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/pgbouncer.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver {
namespace {

using strata::testing::PgBouncer;
using strata::testing::PgBouncerOptions;
using strata::testing::PoolMode;
using ::testing::HasSubstr;

/// Transaction pooling with ONE server connection: every client shares one server session.
constexpr PgBouncerOptions kBouncerOneServer{
    .pool_mode = PoolMode::transaction, .default_pool_size = 1, .max_client_conn = 20};

/// A fresh database (made directly on the server) whose pool_items holds ids 1..20, owner 'a'
/// for even ids and 'b' for odd ones, n = id * 10.
std::string bouncer_fresh_database() {
    auto url = strata::testing::fresh_database_url("pgbouncer");
    auto direct = Connection::open(url);
    direct.execute_script(
        "CREATE TABLE pool_items (id int4 PRIMARY KEY, owner text NOT NULL, n int8 NOT NULL);"
        "INSERT INTO pool_items SELECT g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END, g * 10 "
        "FROM generate_series(1, 20) g;"
        "CREATE TABLE pool_log (id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "owner text NOT NULL, k int8 NOT NULL)");
    return url;
}

/// A client of the database through bouncer; `?prepare=off` unless prepare is asked for.
Connection bouncer_client(const PgBouncer& bouncer, const std::string& db, bool prepare) {
    return Connection::open(bouncer.url(db) + (prepare ? "" : "&prepare=off"));
}

/// Both clients in turn, statement by statement, the same texts with different parameters.
void bouncer_interleave(Connection& a, Connection& b, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        for (Connection* c : {&a, &b}) {
            const std::int32_t id = (c == &a ? i : i + 7) % 20 + 1;
            auto row = c->query("SELECT owner, n FROM pool_items WHERE id = $1", id);
            ASSERT_EQ(row.size(), 1u) << "id " << id;
            EXPECT_EQ(row[0].get<std::string>(0), id % 2 == 0 ? "a" : "b") << "id " << id;
            EXPECT_EQ(row[0].get<std::int64_t>(1), std::int64_t{id} * 10) << "id " << id;
        }
        for (Connection* c : {&b, &a}) {
            const std::string owner = c == &a ? "a" : "b";
            const std::int64_t above = i % 200;
            // ids of one parity with n = id * 10 > above
            std::int64_t expected = 0;
            for (std::int64_t id = 1; id <= 20; ++id)
                expected += (id % 2 == 0) == (owner == "a") && id * 10 > above ? 1 : 0;
            EXPECT_EQ(c->query("SELECT count(*) FROM pool_items WHERE owner = $1 AND n > $2", owner,
                               above)
                          .scalar<std::int64_t>(),
                      expected);
        }
    }
}

TEST(PgBouncerTransactionMode, TwoClientsShareOneServerConnection) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    const auto server_pid = a.query("SELECT pg_backend_pid()").scalar<std::int32_t>();
    EXPECT_EQ(b.query("SELECT pg_backend_pid()").scalar<std::int32_t>(), server_pid);
    // PgBouncer answers the startup itself: the pid the protocol reported is not the server's.
    EXPECT_NE(a.backend_pid(), server_pid);
}

TEST(PgBouncerTransactionMode, InterleavedParameterizedQueriesReturnTheRightRowsWithPrepareOff) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    bouncer_interleave(a, b, 100);
    EXPECT_EQ(a.prepared_statements(), 0u);
    EXPECT_EQ(b.prepared_statements(), 0u);
}

TEST(PgBouncerTransactionMode, InterleavedTransactionsSeeTheirOwnWritesWithPrepareOff) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    for (std::int64_t k = 0; k < 50; ++k) {
        for (Connection* c : {&a, &b}) {
            const std::string owner = c == &a ? "a" : "b";
            if (k % 10 == 9) {  // a rolled-back transaction leaves nothing behind
                c->execute_script("BEGIN");
                (void)c->query("INSERT INTO pool_log (owner, k) VALUES ($1, $2)", owner, -1);
                c->execute_script("ROLLBACK");
            }
            c->execute_script("BEGIN");
            const auto id =
                c->query("INSERT INTO pool_log (owner, k) VALUES ($1, $2) RETURNING id", owner, k)
                    .scalar<std::int64_t>();
            EXPECT_EQ(c->query("SELECT k FROM pool_log WHERE id = $1", id).scalar<std::int64_t>(),
                      k);
            EXPECT_EQ(c->query("SELECT count(*) FROM pool_log WHERE owner = $1", owner)
                          .scalar<std::int64_t>(),
                      k + 1);
            c->execute_script("COMMIT");
            EXPECT_EQ(c->transaction_state(), TransactionState::idle);
        }
    }
    EXPECT_EQ(a.query("SELECT count(*) FROM pool_log WHERE k >= 0").scalar<std::int64_t>(), 100);
    EXPECT_EQ(b.query("SELECT count(*) FROM pool_log WHERE k < 0").scalar<std::int64_t>(), 0);
}

TEST(PgBouncerTransactionMode, ConcurrentClientsQueueForTheOneServerConnectionWithPrepareOff) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    constexpr std::int64_t kPerThread = 60;
    std::vector<std::set<std::int32_t>> pids(2);
    std::vector<std::string> failures(2);
    auto work = [&](std::size_t t) {
        try {
            auto c = bouncer_client(bouncer, db, false);
            const std::string owner = t == 0 ? "a" : "b";
            for (std::int64_t k = 0; k < kPerThread; ++k) {
                c.execute_script("BEGIN");
                (void)c.query("INSERT INTO pool_log (owner, k) VALUES ($1, $2)", owner, k);
                pids[t].insert(c.query("SELECT pg_backend_pid()").scalar<std::int32_t>());
                const auto mine = c.query("SELECT count(*) FROM pool_log WHERE owner = $1", owner)
                                      .scalar<std::int64_t>();
                if (mine != k + 1) {
                    failures[t] =
                        fmt::format("{} saw {} rows of its own, expected {}", owner, mine, k + 1);
                    return;
                }
                c.execute_script("COMMIT");
            }
        } catch (const std::exception& e) {
            failures[t] = e.what();
        }
    };
    std::thread first(work, 0);
    std::thread second(work, 1);
    first.join();
    second.join();
    EXPECT_EQ(failures[0], "");
    EXPECT_EQ(failures[1], "");
    std::set<std::int32_t> all = pids[0];
    all.insert(pids[1].begin(), pids[1].end());
    EXPECT_EQ(all.size(), 1u) << "every transaction ran on the pool's one server connection";
    auto check = Connection::open(db);
    EXPECT_EQ(check.query("SELECT count(*) FROM pool_log").scalar<std::int64_t>(), 2 * kPerThread);
}

// The control: with the default statement cache each client names its statements s_1, s_2, ...
// on what it believes is its own session; behind transaction pooling they land on one shared
// server session and collide.
TEST(PgBouncerTransactionMode, PreparedStatementCacheFailsWhenClientsShareTheServerConnection) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, true);
    auto b = bouncer_client(bouncer, db, true);
    try {
        bouncer_interleave(a, b, 100);
        FAIL() << "the statement cache worked through transaction pooling";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "42P05") << e.what();
        EXPECT_THAT(e.server_message(), HasSubstr("prepared statement \"s_1\" already exists"));
        EXPECT_NE(dynamic_cast<const DuplicatePreparedStatement*>(&e), nullptr) << e.what();
        EXPECT_THAT(e.what(), HasSubstr("set prepare=off"));
    }
}

TEST(PgBouncerTransactionMode, PreparedStatementCacheFailsWhenAnotherClientDeallocates) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, true);
    auto b = bouncer_client(bouncer, db, false);
    EXPECT_EQ(a.query("SELECT n FROM pool_items WHERE id = $1", 3).scalar<std::int64_t>(), 30);
    EXPECT_EQ(a.prepared_statements(), 1u);
    // What PgBouncer's server_reset_query or another client's DISCARD ALL does to a session
    // that a's cache believes it owns.
    b.execute_script("DEALLOCATE ALL");
    try {
        (void)a.query("SELECT n FROM pool_items WHERE id = $1", 4);
        FAIL() << "a's cached statement survived another client's DEALLOCATE ALL";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "26000") << e.what();
        EXPECT_THAT(e.server_message(), HasSubstr("prepared statement \"s_1\" does not exist"));
        EXPECT_NE(dynamic_cast<const InvalidStatementName*>(&e), nullptr) << e.what();
        EXPECT_THAT(e.what(), HasSubstr("set prepare=off"));
    }
}

TEST(PgBouncerTransactionMode, PipelineBatchRunsThroughThePoolerWithPrepareOff) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    for (int round = 0; round < 5; ++round) {
        for (Connection* c : {&a, &b}) {
            const std::string owner = c == &a ? "a" : "b";
            std::vector<Statement> batch;
            for (std::int64_t k = 0; k < 40; ++k) {
                batch.push_back({"INSERT INTO pool_log (owner, k) VALUES ($1, $2) RETURNING k",
                                 {owner, k + 100 * round}});
                batch.push_back({"SELECT n FROM pool_items WHERE id = $1", {k % 20 + 1}});
            }
            auto results = c->pipeline(batch);
            ASSERT_EQ(results.size(), 80u);
            for (std::size_t i = 0; i < 40; ++i) {
                EXPECT_EQ(results[2 * i].scalar<std::int64_t>(),
                          static_cast<std::int64_t>(i) + 100 * round);
                EXPECT_EQ(results[2 * i + 1].scalar<std::int64_t>(),
                          static_cast<std::int64_t>(i % 20 + 1) * 10);
            }
        }
    }
    EXPECT_EQ(a.query("SELECT count(*) FROM pool_log WHERE owner = $1", "b").scalar<std::int64_t>(),
              200);
    // A failing batch is one implicit transaction through the pooler too: nothing persists.
    std::vector<Statement> bad{
        {"INSERT INTO pool_log (owner, k) VALUES ($1, $2)", {std::string("a"), std::int64_t{1}}},
        {"INSERT INTO pool_items (id, owner, n) VALUES ($1, $2, $3)",
         {std::int32_t{1}, std::string("a"), std::int64_t{1}}}};
    EXPECT_THROW((void)a.pipeline(bad), UniqueViolation);
    EXPECT_FALSE(a.is_broken());
    EXPECT_EQ(b.query("SELECT count(*) FROM pool_log").scalar<std::int64_t>(), 400);
}

// One client at a time: the statement is cancelled and the setting gone before the other client
// runs. The next test has two clients at once.
TEST(PgBouncerTransactionMode, PerCallTimeoutCancelsThroughThePoolerWhenClientsTakeTurns) {
    using namespace std::chrono_literals;
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    for (int round = 0; round < 3; ++round) {
        EXPECT_THROW((void)a.execute("SELECT pg_sleep(5)", {}, {.timeout = 200ms, .prepare = {}}),
                     QueryCanceled);
        // The timeout was set on the one shared server session; the other client must not
        // inherit it.
        EXPECT_EQ(b.query("SHOW statement_timeout").scalar<std::string>(), "0");
        EXPECT_EQ(b.query("SELECT n FROM pool_items WHERE id = $1", 2).scalar<std::int64_t>(), 20);
        EXPECT_EQ(a.execute("SELECT n FROM pool_items WHERE id = $1", std::vector<Value>{5},
                            {.timeout = 1000ms, .prepare = {}})
                      .scalar<std::int64_t>(),
                  50);
    }
}

// Outside a transaction the timeout is set transaction-locally with the statement before one
// Sync, so PgBouncer cannot hand the server connection to the other client in between (the
// earlier set | Sync | statement | Sync | restore form leaked it: 3 to 40 of 300 statements of
// the other client ran with statement_timeout = 1s, in 3 of 10 runs).
TEST(PgBouncerTransactionMode, PerCallTimeoutDoesNotLeakToAConcurrentClient) {
    using namespace std::chrono_literals;
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    std::vector<std::string> failures(2);
    auto work = [&](std::size_t t) {
        try {
            auto c = bouncer_client(bouncer, db, false);
            for (std::int64_t i = 0; i < 300 && failures[t].empty(); ++i) {
                if (t == 0) {
                    (void)c.execute("SELECT $1::int8", std::vector<Value>{i},
                                    {.timeout = 1000ms, .prepare = {}});
                    continue;
                }
                auto seen = c.query("SHOW statement_timeout").scalar<std::string>();
                if (seen != "0") failures[t] = fmt::format("statement {} ran with {}", i, seen);
            }
        } catch (const std::exception& e) {
            failures[t] = e.what();
        }
    };
    std::thread timed(work, 0);
    std::thread plain(work, 1);
    timed.join();
    plain.join();
    EXPECT_EQ(failures[0], "");
    EXPECT_EQ(failures[1], "") << "the other client inherited the per-call timeout";
}

TEST(PgBouncerTransactionMode, BinaryCopyRunsThroughThePoolerWithPrepareOff) {
    PgBouncer bouncer(kBouncerOneServer);
    const auto db = bouncer_fresh_database();
    auto a = bouncer_client(bouncer, db, false);
    auto b = bouncer_client(bouncer, db, false);
    const std::vector<std::string> columns{"owner", "k"};
    for (int round = 0; round < 3; ++round) {
        for (Connection* c : {&a, &b}) {
            auto writer = c->copy_in("pool_log", columns);
            for (std::int64_t k = 0; k < 1000; ++k) writer.row(c == &a ? "a" : "b", k);
            EXPECT_EQ(writer.finish(), 1000u);
        }
        EXPECT_EQ(
            b.query("SELECT count(*) FROM pool_log WHERE owner = $1", "a").scalar<std::int64_t>(),
            1000 * (round + 1));
    }
    EXPECT_EQ(a.query("SELECT sum(k)::int8 FROM pool_log").scalar<std::int64_t>(), 3 * 2 * 499'500);
}

}  // namespace
}  // namespace strata::driver
