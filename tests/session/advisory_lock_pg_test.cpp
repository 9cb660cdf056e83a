// Advisory locks: stable keys, RAII release, try_lock with timeout, transaction-level locks and
// mutual exclusion across processes.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <new>
#include <thread>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/session/advisory_lock.hpp"
#include "strata/testing/server.hpp"

namespace strata::session {
namespace {

using namespace std::chrono_literals;

Database open_db(const std::string& url) {
    DatabaseOptions o;
    o.url = url;
    return Database::open(o);
}

TEST(AdvisoryKey, IsFnv1a64AsASignedBigintLikeTheMigrationLock) {
    // The same values strata::migrate::advisory_key gives (FNV-1a 64 of the UTF-8 bytes).
    EXPECT_EQ(advisory_key(""), -3750763034362895579LL);
    EXPECT_EQ(advisory_key("a"), -5808556873153909620LL);
    EXPECT_EQ(advisory_key("rebuild-search"), -6149714120824420121LL);
    EXPECT_EQ(advisory_key("strata_migrate"), -3458531567724186246LL);
}

class AdvisoryLockTest : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = strata::testing::fresh_database_url("orm_lock");
        db_.emplace(open_db(url_));
    }
    std::string url_;
    std::optional<Database> db_;
};

TEST_F(AdvisoryLockTest, ExcludesOtherSessionsUntilReleased) {
    {
        AdvisoryLock held{*db_, "job"};
        EXPECT_TRUE(held.held());
        EXPECT_EQ(held.key(), advisory_key("job"));
        EXPECT_FALSE(AdvisoryLock::try_lock(*db_, "job"));
        EXPECT_TRUE(AdvisoryLock::try_lock(*db_, "another job"));
    }
    EXPECT_TRUE(AdvisoryLock::try_lock(*db_, "job")) << "the destructor released it";
    EXPECT_EQ(db_->stats().in_use, 0U) << "locks hold dedicated connections, not pool ones";
}

TEST_F(AdvisoryLockTest, TryLockWaitsUpToItsTimeout) {
    auto held = std::make_optional<AdvisoryLock>(*db_, "slow");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(AdvisoryLock::try_lock(*db_, "slow", 150ms));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
    std::thread releaser([&] {
        // Release once the other session is seen polling for the lock (pg_stat_activity).
        auto admin = driver::Connection::open(url_);
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (std::chrono::steady_clock::now() < deadline &&
               admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid <> $1 AND query "
                           "LIKE 'SELECT pg_try_advisory_lock%'",
                           held->backend_pid())
                       .scalar<std::int64_t>() == 0) {
            std::this_thread::sleep_for(2ms);  // polling interval
        }
        held->unlock();
    });
    auto got = AdvisoryLock::try_lock(*db_, "slow", 5s);
    releaser.join();
    EXPECT_TRUE(got);
}

TEST_F(AdvisoryLockTest, HeldTurnsFalseWhenItsBackendIsKilledAndASecondHolderIsDetected) {
    AdvisoryLock first{*db_, "lost"};
    ASSERT_TRUE(first.held());
    ASSERT_TRUE(first.verify());
    auto admin = driver::Connection::open(url_);
    ASSERT_TRUE(admin.query("SELECT pg_terminate_backend($1)", first.backend_pid()).scalar<bool>());
    // The event: the lock's connection reads the server's goodbye. Polled, bounded.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (first.held() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(2ms);
    }
    EXPECT_FALSE(first.held());
    EXPECT_EQ(first.backend_pid(), 0);
    // The server released it with the session: a second holder can take it, and is real.
    auto second = AdvisoryLock::try_lock(*db_, "lost");
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(second->held());
    EXPECT_TRUE(second->verify());
    EXPECT_FALSE(first.verify());
}

TEST_F(AdvisoryLockTest, VerifyAsksTheServerAndSeesALostSession) {
    AdvisoryLock lock{*db_, "verify"};
    EXPECT_TRUE(lock.verify());
    auto admin = driver::Connection::open(url_);
    EXPECT_EQ(admin
                  .query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = $1",
                         lock.backend_pid())
                  .scalar<std::int64_t>(),
              1);
    (void)admin.query("SELECT pg_terminate_backend($1)", lock.backend_pid());
    // Without waiting for held() to notice: verify() goes to the server and learns it.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    bool verified = true;
    while (verified && std::chrono::steady_clock::now() < deadline) verified = lock.verify();
    EXPECT_FALSE(verified);
    EXPECT_FALSE(lock.held());
}

TEST_F(AdvisoryLockTest, UsesADedicatedConnectionWithKeepalives) {
    AdvisoryLock lock{*db_, "keepalive"};
    EXPECT_EQ(db_->stats().in_use, 0U) << "not a pool connection";
    const auto url = lock.connection_url();
    for (const char* option : {"keepalives=1", "keepalives_idle=10", "keepalives_interval=5",
                               "keepalives_count=3", "tcp_user_timeout=30000"}) {
        EXPECT_NE(url.find(option), std::string::npos) << option << " missing from " << url;
    }
}

TEST_F(AdvisoryLockTest, TransactionLocksEndWithTheTransaction) {
    auto tx = db_->begin();
    xact_lock(tx.session(), "xact");
    EXPECT_FALSE(AdvisoryLock::try_lock(*db_, "xact"));
    EXPECT_FALSE(db_->transact([](Session& s) { return try_xact_lock(s, "xact"); }));
    tx.commit();
    EXPECT_TRUE(db_->transact([](Session& s) { return try_xact_lock(s, "xact"); }));
}

TEST_F(AdvisoryLockTest, ProcessesIncrementingUnderTheLockNeverLoseAnUpdate) {
    db_->transact([](Session& s) {
        s.execute_script("CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0);");
    });
    constexpr int kProcesses = 3;
    constexpr int kRounds = 8;
    // Processes that finished all their rounds, shared across fork().
    void* shared = ::mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(shared, MAP_FAILED);
    auto* finished = new (shared) std::atomic<int>(0);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int rc = 0;
            try {
                auto db = open_db(url_);
                auto lease = db.acquire();
                for (int i = 0; i < kRounds; ++i) {
                    AdvisoryLock lock{db, "counter"};
                    auto n = lease->query("SELECT n FROM counter").scalar<std::int32_t>();
                    // The race the lock must close, made certain by an event instead of a
                    // sleep: between this read and the write, another process is seen blocked
                    // on the lock in pg_stat_activity (unless every other one is done).
                    const auto deadline = std::chrono::steady_clock::now() + 30s;
                    while (
                        finished->load() < kProcesses - 1 &&
                        !lease
                             ->query("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname "
                                     "= current_database() AND wait_event_type = 'Lock' AND "
                                     "wait_event = 'advisory')")
                             .scalar<bool>()) {
                        if (std::chrono::steady_clock::now() >= deadline) throw Error("no waiter");
                    }
                    lease->query("UPDATE counter SET n = $1", n + 1);
                }
            } catch (...) {
                rc = 1;
            }
            ++*finished;
            ::_exit(rc);
        }
        children.push_back(pid);
    }
    for (auto pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    ::munmap(shared, sizeof(std::atomic<int>));
    EXPECT_EQ(db_->transact([](Session& s) {
        return s.query("SELECT n FROM counter").scalar<std::int32_t>();
    }),
              kProcesses * kRounds);
}

TEST(AdvisoryLockSqlite, IsRefusedWithAClearError) {
    auto db = open_db("sqlite::memory:");
    EXPECT_THROW(AdvisoryLock(db, "x"), UsageError);
}

}  // namespace
}  // namespace strata::session
