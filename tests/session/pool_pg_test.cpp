// Pool against a real PostgreSQL: cap, timeout, overflow, recycle, dead connections, restarts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "driver/pg_events.hpp"
#include "strata/strata.hpp"
#include "strata/testing/server.hpp"

namespace {

using namespace std::chrono_literals;
using strata::Database;
using strata::Session;
using strata::driver::Connection;

Database open_db(strata::PoolOptions pool, std::string name = "main") {
    return Database::open({.name = std::move(name),
                           .url = strata::testing::fresh_database_url("pool"),
                           .pool = pool});
}

int backend_pid(Database& db) {
    return db.transact([](Session& s) { return s.backend_pid(); });
}

/// Terminates backend pid from a separate connection and waits until pg_stat_activity no
/// longer lists it.
void terminate_backend(Database& db, int pid) {
    auto admin = Connection::open(db.options().url);
    EXPECT_TRUE(strata::driver::pgtest::terminate_backend(admin, pid))
        << "backend " << pid << " did not exit";
}

/// Polls cond until it holds; false after 30 s (the test then fails on its expectation).
template <class Cond>
bool eventually(Cond&& cond) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!cond()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(1ms);  // the polling interval
    }
    return true;
}

TEST(Pool, ExhaustedPoolThrowsTimeoutErrorWithinTheTimeout) {
    auto db = open_db({.size = 2, .max_overflow = 0, .timeout = 300ms}, "orders");
    auto a = db.acquire();
    auto b = db.acquire();
    const auto start = std::chrono::steady_clock::now();
    try {
        auto c = db.acquire();
        FAIL() << "a third connection was handed out";
    } catch (const strata::TimeoutError& e) {
        const auto waited = std::chrono::steady_clock::now() - start;
        EXPECT_GE(waited, 250ms);
        EXPECT_LT(waited, 2s);
        const std::string what = e.what();
        EXPECT_NE(what.find("'orders'"), std::string::npos) << what;
        EXPECT_NE(what.find("size 2"), std::string::npos) << what;
    }
    EXPECT_EQ(db.stats().timeouts, 1U);
}

TEST(Pool, WaiterGetsTheConnectionAnotherThreadReturns) {
    auto db = open_db({.size = 1, .max_overflow = 0, .timeout = 5s});
    auto held = db.acquire();
    std::thread releaser([&] {
        // The event: the main thread is blocked in acquire() (the pool counts it).
        EXPECT_TRUE(eventually([&] { return db.stats().waiting == 1; }));
        held.release();
    });
    EXPECT_EQ(db.transact([](Session& s) { return s.query("SELECT 7").scalar<std::int32_t>(); }),
              7);
    releaser.join();
    EXPECT_EQ(db.stats().created, 1U);
}

TEST(Pool, HardCapIsNeverExceededUnderEightThreadsHammering) {
    auto db = open_db({.size = 2, .max_overflow = 2, .timeout = 30s});
    std::atomic<std::int64_t> most_seen_by_server{0};
    std::atomic<int> done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                const auto n = db.transact([](Session& s) {
                    s.query("SELECT pg_sleep(0.002)");
                    // Backends inside a transaction right now, as the server sees them (a
                    // closed overflow connection may linger a moment, but only as 'idle').
                    return s
                        .query(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                            "current_database() AND state <> 'idle'")
                        .scalar<std::int64_t>();
                });
                auto seen = most_seen_by_server.load();
                while (n > seen && !most_seen_by_server.compare_exchange_weak(seen, n)) {}
                ++done;
            }
        });
    }
    for (auto& t : threads) t.join();
    const auto stats = db.stats();
    EXPECT_EQ(done.load(), 200);
    EXPECT_LE(stats.peak, 4U);
    EXPECT_GE(stats.peak, 2U);  // it was really contended
    EXPECT_LE(most_seen_by_server.load(), 4);
    EXPECT_EQ(stats.in_use, 0U);
    EXPECT_LE(stats.open, 2U);  // overflow closed again
    std::printf("[ pool ] created %llu, overflow closed %llu, peak %zu\n",
                static_cast<unsigned long long>(stats.created),
                static_cast<unsigned long long>(stats.overflow_closed), stats.peak);
}

TEST(Pool, OverflowConnectionsAreClosedWhenReturned) {
    auto db = open_db({.size = 1, .max_overflow = 2});
    {
        auto a = db.acquire();
        auto b = db.acquire();
        auto c = db.acquire();
        EXPECT_EQ(db.stats().open, 3U);
    }
    const auto stats = db.stats();
    EXPECT_EQ(stats.open, 1U);
    EXPECT_EQ(stats.idle, 1U);
    EXPECT_EQ(stats.overflow_closed, 2U);
}

TEST(Pool, RecycleAgeClosesOldConnections) {
    auto db = open_db({.size = 2, .recycle = 1500ms, .recycle_jitter = 0.0});  // exact age
    const int first = backend_pid(db);
    EXPECT_EQ(backend_pid(db), first);    // young: reused
    std::this_thread::sleep_for(1600ms);  // the age itself, not a synchronisation
    EXPECT_NE(backend_pid(db), first);
    EXPECT_GE(db.stats().recycled, 1U);
}

TEST(Pool, ConnectionInAFailedTransactionIsNeverReturnedToThePool) {
    auto db = open_db({.size = 1, .max_overflow = 0});
    int pid = 0;
    {
        auto lease = db.acquire();
        pid = lease->backend_pid();
        lease->execute("BEGIN");
        EXPECT_THROW(lease->execute("SELECT * FROM no_such_table"), strata::UndefinedTable);
        EXPECT_EQ(lease->transaction_state(), strata::driver::TransactionState::failed);
    }
    auto stats = db.stats();
    EXPECT_EQ(stats.discarded, 1U);
    EXPECT_EQ(stats.idle, 0U);
    EXPECT_NE(backend_pid(db), pid);
}

TEST(Pool, LeaseLeftInsideATransactionIsRolledBackBeforeReuse) {
    auto db = open_db({.size = 1, .max_overflow = 0});
    db.transact([](Session& s) { s.execute("CREATE TABLE t (x int)"); });
    {
        auto lease = db.acquire();
        lease->execute("BEGIN");
        lease->execute("INSERT INTO t VALUES (1)");
    }
    EXPECT_EQ(db.stats().discarded, 0U);
    EXPECT_EQ(db.transact([](Session& s) {
        return s.query("SELECT count(*) FROM t").scalar<std::int64_t>();
    }),
              0);
}

TEST(Pool, TerminatedConnectionIsReplacedAtBegin) {
    auto db = open_db({.size = 1, .max_overflow = 0, .pre_ping = false});
    const int pid = backend_pid(db);
    terminate_backend(db, pid);
    const int next = backend_pid(db);  // BEGIN fails on the dead one; a new one takes over
    EXPECT_NE(next, pid);
    EXPECT_GE(db.stats().discarded, 1U);
}

TEST(Pool, PrePingReplacesATerminatedIdleConnection) {
    auto db = open_db({.size = 1, .max_overflow = 0, .pre_ping = true, .pre_ping_after = 0ms});
    const int pid = backend_pid(db);
    terminate_backend(db, pid);
    auto lease = db.acquire();
    EXPECT_NE(lease->backend_pid(), pid);
    EXPECT_EQ(db.stats().discarded, 1U);
}

TEST(Pool, RecoversByItselfAfterAServerRestart) {
    auto& server = strata::testing::Server::instance();
    if (!server.is_private()) GTEST_SKIP() << "needs the private test server to restart it";
    auto db = open_db({.size = 3, .max_overflow = 1, .timeout = 30s});
    db.transact([](Session& s) { s.execute("CREATE TABLE t (x int)"); });
    {  // three idle connections, all about to die
        auto a = db.acquire();
        auto b = db.acquire();
        auto c = db.acquire();
    }
    ASSERT_EQ(db.stats().idle, 3U);

    std::atomic<bool> stop{false};
    std::atomic<int> ok_before{0};
    std::atomic<int> ok_after{0};
    std::atomic<bool> restarted{false};
    std::thread worker([&] {
        while (!stop) {
            try {
                db.transact({.retries = 2},
                            [](Session& s) { s.query("INSERT INTO t VALUES (1)"); });
                ++(restarted ? ok_after : ok_before);
            } catch (const strata::Error&) {
                // during the restart itself work may fail; what matters is what follows
                std::this_thread::yield();
            }
        }
    });
    // Events, not sleeps: the worker is working before the restart, and works again after it.
    EXPECT_TRUE(eventually([&] { return ok_before.load() > 0; }));
    server.restart();
    restarted = true;
    for (int i = 0; i < 5; ++i) {
        EXPECT_NO_THROW(db.transact([](Session& s) { s.query("INSERT INTO t VALUES (2)"); }));
    }
    EXPECT_TRUE(eventually([&] { return ok_after.load() > 0; }));
    stop = true;
    worker.join();
    EXPECT_GT(ok_after.load(), 0);
    EXPECT_GE(db.stats().discarded, 1U);
    EXPECT_EQ(db.transact([](Session& s) {
        return s.query("SELECT count(*) FROM t WHERE x = 2").scalar<std::int64_t>();
    }),
              5);
}

}  // namespace
