// A connection lost during COMMIT, injected for real: the outcome is asked of the server
// (committed / rolled back / in doubt) and transact() retries only what was rolled back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include "session/dropping_proxy.hpp"
#include "strata/strata.hpp"
#include "strata/testing/server.hpp"

namespace {

using namespace std::chrono_literals;
using strata::Database;
using strata::Session;
using strata::testing_support::DroppingProxy;

std::int64_t rows(const std::string& url) {
    auto c = strata::driver::Connection::open(url);
    return c.query("SELECT count(*) FROM t").scalar<std::int64_t>();
}

/// Waits (polling pg_stat_activity) until backend pid sleeps inside COMMIT (sent as the script
/// "<id query>; COMMIT; <reset>"), then terminates it.
/// Returns false when it never got there.
bool terminate_inside_commit(const std::string& url, std::atomic<int>& pid) {
    auto admin = strata::driver::Connection::open(url);
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
        const int target = pid.load();
        if (target != 0 && admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 "
                                       "AND query LIKE '%; COMMIT; %' AND wait_event = 'PgSleep'",
                                       target)
                                   .scalar<std::int64_t>() == 1) {
            return admin.query("SELECT pg_terminate_backend($1)", target).scalar<bool>();
        }
        std::this_thread::sleep_for(5ms);  // polling interval, not a synchronisation
    }
    return false;
}

class CommitOutcome : public ::testing::Test {
protected:
    void SetUp() override {
        auto c = strata::driver::Connection::open(url_);
        // A deferred constraint trigger runs inside COMMIT; it sleeps there when the transaction
        // asks for it, which is where the test terminates the backend.
        c.execute_script(R"sql(
            CREATE TABLE t (id bigserial PRIMARY KEY, v text NOT NULL);
            CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('strata_test.slow_commit', true) = 'on' THEN
                    PERFORM pg_sleep(60);
                END IF;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION slow_commit();
        )sql");
    }
    std::string url_ = strata::testing::fresh_database_url("commit");
};

TEST_F(CommitOutcome, BackendTerminatedInsideCommitIsReportedRolledBackAndRetried) {
    auto db = Database::open({.url = url_, .pool = {.size = 2, .max_overflow = 0}});
    std::atomic<int> pid{0};
    bool terminated = false;
    std::thread killer([&] { terminated = terminate_inside_commit(url_, pid); });
    int attempts = 0;
    db.transact({.retries = 1}, [&](Session& s) {
        ++attempts;
        s.query("INSERT INTO t (v) VALUES ($1)", "once");
        if (attempts == 1) {
            s.query("SELECT set_config('strata_test.slow_commit', 'on', true)");
            pid = s.backend_pid();
        }
    });
    killer.join();
    EXPECT_TRUE(terminated);
    EXPECT_EQ(attempts, 2);    // retried because the server said it was rolled back
    EXPECT_EQ(rows(url_), 1);  // and exactly once in the table
}

TEST_F(CommitOutcome, RolledBackCommitWithoutRetriesThrowsCommitRolledBack) {
    auto db = Database::open({.url = url_, .pool = {.size = 2, .max_overflow = 0}});
    std::atomic<int> pid{0};
    bool terminated = false;
    std::thread killer([&] { terminated = terminate_inside_commit(url_, pid); });
    try {
        db.transact([&](Session& s) {
            s.query("INSERT INTO t (v) VALUES ($1)", "lost");
            s.query("SELECT set_config('strata_test.slow_commit', 'on', true)");
            pid = s.backend_pid();
        });
        ADD_FAILURE() << "the commit succeeded";
    } catch (const strata::CommitRolledBack& e) {
        EXPECT_TRUE(e.is_retryable());
        EXPECT_NE(std::string(e.what()).find("rolled back"), std::string::npos) << e.what();
    }
    killer.join();
    EXPECT_TRUE(terminated);
    EXPECT_EQ(rows(url_), 0);
}

TEST_F(CommitOutcome, CommitWhoseReplyWasLostIsReportedCommittedAndNotRunAgain) {
    DroppingProxy proxy(url_);
    auto db = Database::open({.url = proxy.url(), .pool = {.size = 2, .max_overflow = 0}});
    db.transact([](Session& s) { s.query("SELECT 1"); });  // connected before arming
    proxy.drop_at_commit();
    int attempts = 0;
    db.transact({.retries = 3}, [&](Session& s) {
        ++attempts;
        s.query("INSERT INTO t (v) VALUES ($1)", "kept");
    });
    EXPECT_EQ(proxy.drops(), 1);  // the COMMIT reply really was lost
    EXPECT_EQ(attempts, 1);       // committed: not run again
    EXPECT_EQ(rows(url_), 1);
}

TEST_F(CommitOutcome, UnreachableServerAfterALostCommitIsInDoubtWithTheTransactionId) {
    DroppingProxy proxy(url_);
    auto db = Database::open({.url = proxy.url(), .pool = {.size = 2, .max_overflow = 0}});
    proxy.drop_at_commit();
    proxy.refuse_after_drop();
    int attempts = 0;
    std::optional<std::string> xid;
    try {
        db.transact({.retries = 3, .commit_check_timeout = 300ms}, [&](Session& s) {
            ++attempts;
            s.query("INSERT INTO t (v) VALUES ($1)", "doubt");
        });
        ADD_FAILURE() << "the outcome was reported known";
    } catch (const strata::CommitOutcomeUnknown& e) {
        xid = e.transaction_id();
        EXPECT_NE(std::string(e.what()).find("in doubt"), std::string::npos) << e.what();
    }
    EXPECT_EQ(attempts, 1);  // never retried while in doubt
    ASSERT_TRUE(xid.has_value());
    // Asked directly, the server knows: it committed.
    auto direct = strata::driver::Connection::open(url_);
    EXPECT_EQ(strata::session::transaction_status(direct, *xid), strata::CommitStatus::committed);
    EXPECT_EQ(rows(url_), 1);
}

TEST_F(CommitOutcome, ReadOnlyTransactionWhoseCommitReplyWasLostHasNothingToLose) {
    DroppingProxy proxy(url_);
    auto db = Database::open({.url = proxy.url(), .pool = {.size = 2, .max_overflow = 0}});
    proxy.drop_at_commit();
    proxy.refuse_after_drop();  // nothing needs asking: no transaction id was assigned
    const auto n = db.transact(
        [](Session& s) { return s.query("SELECT count(*) FROM t").scalar<std::int64_t>(); });
    EXPECT_EQ(n, 0);
    EXPECT_EQ(proxy.drops(), 1);
}

}  // namespace
