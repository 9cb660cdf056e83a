// The pool never blocks past its timeout: bounded pre-ping and return path against a server
// process that stops answering (SIGSTOP), recycle jitter, idle timeout, a cap that survives
// failing opens.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "strata/strata.hpp"
#include "strata/testing/server.hpp"

namespace {

using namespace std::chrono_literals;
using strata::Database;
using strata::Lease;
using strata::Pool;
using strata::PoolOptions;
using strata::driver::Connection;

/// Stops a backend process (it keeps its socket but answers nothing, like a hung or unreachable
/// server) and lets it go again on destruction, so a failing test never leaves it stopped.
class StoppedBackend {
public:
    explicit StoppedBackend(int pid) : pid_(pid) { EXPECT_EQ(::kill(pid_, SIGSTOP), 0); }
    ~StoppedBackend() { resume(); }
    StoppedBackend(const StoppedBackend&) = delete;
    StoppedBackend& operator=(const StoppedBackend&) = delete;
    void resume() {
        if (pid_ != 0) ::kill(pid_, SIGCONT);
        pid_ = 0;
    }

private:
    int pid_;
};

/// Runs fn on another thread; when it has not finished after `limit` (far beyond every timeout
/// configured here: it only stops a hung test), resumes the backend and fails.
template <class Fn>
void finishes(StoppedBackend& stopped, Fn fn, std::chrono::seconds limit = 60s) {
    auto done = std::async(std::launch::async, std::move(fn));
    if (done.wait_for(limit) != std::future_status::ready) {
        stopped.resume();
        ADD_FAILURE() << "blocked on a server that does not answer";
    }
    done.get();
}

Database bounded_db(PoolOptions pool) {
    return Database::open({.url = strata::testing::fresh_database_url("bounded"), .pool = pool});
}

TEST(PoolBounded, PrePingGivesUpAtTheAcquireDeadlineAndOpensANewConnection) {
    auto db = bounded_db(
        {.size = 1, .max_overflow = 0, .timeout = 500ms, .pre_ping = true, .pre_ping_after = 0ms});
    const int first = db.acquire()->backend_pid();
    StoppedBackend stopped(first);
    finishes(stopped, [&] {
        auto lease = db.acquire();
        EXPECT_NE(lease->backend_pid(), first);
        EXPECT_EQ(lease->query("SELECT 1").scalar<std::int32_t>(), 1);
    });
    const auto stats = db.stats();
    EXPECT_EQ(stats.discarded, 1U);
    EXPECT_EQ(stats.open, 1U) << "the dead one's slot was given back";
}

TEST(PoolBounded, TheReturnPathDiscardsAConnectionWhoseServerStoppedAnswering) {
    auto db = bounded_db({.size = 2, .max_overflow = 0, .return_timeout = 300ms});
    {
        auto lease = db.acquire();
        StoppedBackend stopped(lease->backend_pid());
        finishes(stopped, [&] { lease.release(); });
    }
    {
        std::optional<strata::Transaction> tx;
        tx.emplace(db.begin());  // left open: the return path's ROLLBACK is bounded too
        EXPECT_EQ(tx->session().query("SELECT 1").scalar<int>(), 1);  // BEGIN went with it
        StoppedBackend stopped(tx->session().backend_pid());
        finishes(stopped, [&] { tx.reset(); });
    }
    const auto stats = db.stats();
    EXPECT_EQ(stats.discarded, 2U);
    EXPECT_EQ(stats.idle, 0U);
    EXPECT_EQ(stats.open, 0U);
    EXPECT_EQ(db.transact([](strata::Session& s) { return s.query("SELECT 2").scalar<int>(); }), 2);
}

TEST(PoolBounded, ABoundedRunOnALiveConnectionSucceedsAndReportsFailure) {
    auto conn = Connection::open(strata::testing::fresh_database_url("bounded"));
    EXPECT_TRUE(conn.run_within("SELECT 1; SELECT 2", 5s));
    EXPECT_TRUE(conn.ping(5s));
    EXPECT_FALSE(conn.run_within("SELECT 1/0", 5s));
    EXPECT_FALSE(conn.is_broken()) << "a server error is an answer";
    {
        StoppedBackend stopped(conn.backend_pid());
        finishes(stopped, [&] { EXPECT_FALSE(conn.ping(200ms)); });
    }
    EXPECT_TRUE(conn.is_broken()) << "an unanswered query is outstanding";
}

TEST(PoolBounded, RecycleAgesAreSpreadByJitterAndFixedPerConnection) {
    auto db = bounded_db({.size = 8, .max_overflow = 0, .recycle = 10s, .recycle_jitter = 0.5});
    std::vector<Lease> leases;
    for (int i = 0; i < 8; ++i) leases.push_back(db.acquire());
    std::set<std::int64_t> ages;
    for (auto& lease : leases) {
        const auto age = db.pool().recycle_age(*lease);
        EXPECT_GE(age, 10s);
        EXPECT_LT(age, 15s);
        EXPECT_EQ(age, db.pool().recycle_age(*lease)) << "the same on every check";
        ages.insert(age.count());
    }
    EXPECT_GT(ages.size(), 4U) << "opened together, recycled at different times";

    auto fixed = bounded_db({.size = 1, .max_overflow = 0, .recycle = 10s, .recycle_jitter = 0});
    EXPECT_EQ(fixed.pool().recycle_age(*fixed.acquire()), 10s);
    auto off = bounded_db({.size = 1, .max_overflow = 0});
    EXPECT_EQ(off.pool().recycle_age(*off.acquire()), 0ms);
}

TEST(PoolBounded, IdleTimeoutClosesConnectionsUnusedForLonger) {
    auto db = bounded_db({.size = 3, .max_overflow = 0, .idle_timeout = 100ms});
    {
        auto a = db.acquire();
        auto b = db.acquire();
        auto c = db.acquire();
    }
    EXPECT_EQ(db.stats().idle, 3U);
    std::this_thread::sleep_for(150ms);  // the idle time itself, not a synchronisation
    auto lease = db.acquire();
    const auto stats = db.stats();
    EXPECT_EQ(stats.idle_closed, 3U);
    EXPECT_EQ(stats.open, 1U);
    EXPECT_EQ(stats.created, 4U);
}

TEST(PoolBounded, TheHardCapSurvivesOpensThatThrow) {
    std::atomic<int> calls{0};
    const auto url = strata::testing::fresh_database_url("bounded");
    auto pool = Pool::create("flaky", {.size = 2, .max_overflow = 1, .timeout = 200ms}, [&] {
        if (calls++ % 2 == 0) throw strata::ConnectionError("refused (test)");
        return Connection::open(url);
    });
    for (int i = 0; i < 10; ++i) {
        try {
            (void)pool->acquire();
        } catch (const strata::ConnectionError&) {}
    }
    EXPECT_EQ(pool->stats().open, pool->stats().idle);
    // Every slot of the cap is still there: three leases at once.
    std::vector<Lease> leases;
    while (leases.size() < 3) {
        try {
            leases.push_back(pool->acquire());
        } catch (const strata::ConnectionError&) {}
    }
    EXPECT_EQ(pool->stats().open, 3U);
    EXPECT_THROW((void)pool->acquire(), strata::TimeoutError);
}

}  // namespace
