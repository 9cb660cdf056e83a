// Advisory locks: stable keys, RAII release, try_lock with timeout, transaction-level locks and
// mutual exclusion across processes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "strata/core/error.hpp"
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
    EXPECT_EQ(db_->stats().in_use, 0U) << "the dedicated connections went back to the pool";
}

TEST_F(AdvisoryLockTest, TryLockWaitsUpToItsTimeout) {
    auto held = std::make_optional<AdvisoryLock>(*db_, "slow");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(AdvisoryLock::try_lock(*db_, "slow", 150ms));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
    std::thread releaser([&] {
        std::this_thread::sleep_for(100ms);
        held->unlock();
    });
    auto got = AdvisoryLock::try_lock(*db_, "slow", 5s);
    releaser.join();
    EXPECT_TRUE(got);
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
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int rc = 0;
            try {
                auto db = open_db(url_);
                for (int i = 0; i < kRounds; ++i) {
                    AdvisoryLock lock{db, "counter"};
                    auto lease = db.acquire();
                    auto n = lease->query("SELECT n FROM counter").scalar<std::int32_t>();
                    std::this_thread::sleep_for(5ms);  // widen the race the lock must close
                    lease->query("UPDATE counter SET n = $1", n + 1);
                }
            } catch (...) {
                rc = 1;
            }
            ::_exit(rc);
        }
        children.push_back(pid);
    }
    for (auto pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
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
