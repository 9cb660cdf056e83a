// The deferred BEGIN: sent with the first statement (round trips counted by a proxy), its errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "session/dropping_proxy.hpp"
#include "strata/strata.hpp"
#include "strata/testing/pgbouncer.hpp"
#include "strata/testing/server.hpp"

namespace {

using strata::Database;
using strata::Isolation;
using strata::Session;
using strata::testing_support::DroppingProxy;
using ::testing::HasSubstr;

/// A database with table t, reached through a proxy that counts the server's ReadyForQuery
/// messages (one per round trip) and its CommandComplete tags.
class DeferredBegin : public ::testing::Test {
protected:
    void SetUp() override {
        auto c = strata::driver::Connection::open(url_);
        c.execute_script("CREATE TABLE t (id int8 PRIMARY KEY, v text NOT NULL)");
        c.execute_script("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    }
    Database open(bool prepare = true) {
        return Database::open(
            {.url = proxy_.url(), .pool = {.size = 1, .max_overflow = 0}, .prepare = prepare});
    }
    /// Round trips and BEGINs the server saw while fn ran.
    template <class Fn>
    std::pair<int, int> count(Fn&& fn) {
        const int trips = proxy_.round_trips(), begins = proxy_.completed("BEGIN");
        fn();
        return {proxy_.round_trips() - trips, proxy_.completed("BEGIN") - begins};
    }
    std::int64_t open_transactions() {
        auto c = strata::driver::Connection::open(url_);
        return c
            .query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                "state LIKE 'idle in transaction%'")
            .scalar<std::int64_t>();
    }

    std::string url_ = strata::testing::fresh_database_url("deferred");
    DroppingProxy proxy_{url_};
};

/// The SQLSTATE fn fails with ("" when it does not fail with a SqlError).
template <class Fn>
std::string sqlstate_of(Fn&& fn) {
    try {
        fn();
    } catch (const strata::SqlError& e) {
        return e.sqlstate();
    }
    return "";
}

std::string point_read(Session& s, std::int64_t id) {
    return s.query("SELECT v FROM t WHERE id = $1", id).scalar<std::string>();
}

TEST_F(DeferredBegin, OneStatementTransactionCostsTwoRoundTrips) {
    for (const bool prepare : {true, false}) {
        auto db = open(prepare);
        db.transact([](Session& s) { (void)point_read(s, 1); });  // connects, prepares
        std::string got;
        const auto [trips, begins] =
            count([&] { got = db.transact([](Session& s) { return point_read(s, 2); }); });
        EXPECT_EQ(got, "two");
        // BEGIN + the read in one; COMMIT + the pool's session reset in the other.
        EXPECT_EQ(trips, 2) << "prepare " << prepare;
        EXPECT_EQ(begins, 1);
    }
}

TEST_F(DeferredBegin, CommitAndTheSessionResetGoAsOneSimpleQuery) {
    auto db = open();
    db.transact([](Session& s) { (void)point_read(s, 1); });  // connects, prepares
    const int queries = proxy_.sent('Q'), parses = proxy_.sent('P');
    const auto [trips, begins] =
        count([&] { (void)db.transact([](Session& s) { return point_read(s, 2); }); });
    EXPECT_EQ(trips, 2);
    // The second trip is one Query message (id query, COMMIT, the seven reset statements), not
    // a Parse/Bind/Execute per statement; the only Parse left is the deferred BEGIN's.
    EXPECT_EQ(proxy_.sent('Q') - queries, 1);
    EXPECT_EQ(proxy_.sent('P') - parses, 1);
    EXPECT_EQ(begins, 1);
}

TEST_F(DeferredBegin, TransactionOfNStatementsCostsNPlusOneRoundTrips) {
    auto db = open();
    auto three = [](Session& s) {
        s.query("INSERT INTO t VALUES ($1, $2)", std::int64_t{10}, "ten");
        s.query("UPDATE t SET v = $1 WHERE id = $2", "TEN", std::int64_t{10});
        return s.query("DELETE FROM t WHERE id = $1", std::int64_t{10}).affected_rows();
    };
    db.transact(three);  // prepares the three texts
    std::uint64_t deleted = 0;
    const auto [trips, begins] = count([&] { deleted = db.transact(three); });
    EXPECT_EQ(deleted, 1U);
    EXPECT_EQ(trips, 4);
    EXPECT_EQ(begins, 1);
}

TEST_F(DeferredBegin, EmptyTransactionCostsNoRoundTrip) {
    auto db = open();
    db.transact([](Session& s) { (void)point_read(s, 1); });
    const auto [trips, begins] = count([&] {
        db.transact([](Session&) {});
        db.transact({.isolation = Isolation::serializable, .read_only = true}, [](Session&) {});
        auto tx = db.begin();
        tx.rollback();
        auto committed = db.begin();
        committed.commit();
        { auto dropped = db.begin(); }
    });
    EXPECT_EQ(trips, 0);
    EXPECT_EQ(begins, 0);
    EXPECT_EQ(db.stats().in_use, 0U);
    EXPECT_EQ(db.stats().discarded, 0U);
    EXPECT_EQ(db.transact([](Session& s) { return point_read(s, 1); }), "one");
}

TEST_F(DeferredBegin, IsolationAndReadOnlyApplyToTheFirstStatementInTheSameRoundTrip) {
    auto db = open();
    const std::string sql =
        "SELECT current_setting('transaction_isolation') || ' ' || "
        "current_setting('transaction_read_only')";
    db.transact([&](Session& s) { (void)s.query(sql); });
    std::string seen;
    const auto [trips, begins] = count([&] {
        seen = db.transact({.isolation = Isolation::serializable, .read_only = true},
                           [&](Session& s) { return s.query(sql).scalar<std::string>(); });
    });
    EXPECT_EQ(seen, "serializable on");
    EXPECT_EQ(trips, 2);
    EXPECT_EQ(begins, 1);
    EXPECT_EQ(sqlstate_of([&] {
                  db.transact({.read_only = true},
                              [](Session& s) { s.query("DELETE FROM t WHERE id = 1"); });
              }),
              "25006");
}

TEST_F(DeferredBegin, RepeatableReadSnapshotIsTakenByTheFirstStatement) {
    auto db = open();
    auto other = strata::driver::Connection::open(url_);
    const auto n = db.transact({.isolation = Isolation::repeatable_read}, [&](Session& s) {
        // Committed after the transaction began but before its first statement: visible, as
        // with an eager BEGIN (the snapshot comes with the first statement either way).
        other.execute_script("INSERT INTO t VALUES (3, 'three')");
        const auto before = s.query("SELECT count(*) FROM t").scalar<std::int64_t>();
        other.execute_script("INSERT INTO t VALUES (4, 'four')");
        EXPECT_EQ(s.query("SELECT count(*) FROM t").scalar<std::int64_t>(), before);
        return before;
    });
    EXPECT_EQ(n, 3);
}

TEST_F(DeferredBegin, FirstStatementErrorIsReportedAtThatStatementAndAbortsTheTransaction) {
    for (const bool prepare : {true, false}) {
        auto db = open(prepare);
        for (int round = 0; round < 2; ++round) {  // uncached, then cached statement texts
            try {
                db.transact([](Session& s) {
                    s.query("INSERT INTO t VALUES ($1, $2)", std::int64_t{1}, "duplicate");
                });
                FAIL() << "no error";
            } catch (const strata::UniqueViolation& e) {
                EXPECT_THAT(e.query(), HasSubstr("INSERT INTO t")) << "prepare " << prepare;
            }
            // Caught inside: the server aborted the transaction, as after an eager BEGIN.
            auto tx = db.begin();
            EXPECT_THROW(tx.session().query("SELECT * FROM no_such_table"), strata::UndefinedTable);
            EXPECT_EQ(sqlstate_of([&] {
                          (void)tx.session().query("SELECT v FROM t WHERE id = $1",
                                                   std::int64_t{1});
                      }),
                      "25P02");
            EXPECT_THROW(tx.commit(), strata::TransactionAborted);
        }
        EXPECT_EQ(open_transactions(), 0);
        EXPECT_EQ(db.stats().in_use, 0U);
    }
}

TEST_F(DeferredBegin, FailingDeferredBeginIsReportedAsTheBegin) {
    auto c = strata::driver::Connection::open(url_);
    c.defer({"BEGIN ISOLATION LEVEL SNAPSHOT", {}});
    EXPECT_TRUE(c.has_deferred());
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::in_transaction);
    try {
        (void)c.query("INSERT INTO t VALUES (5, 'five')");
        FAIL() << "no error";
    } catch (const strata::SqlError& e) {
        EXPECT_EQ(e.query(), "BEGIN ISOLATION LEVEL SNAPSHOT");
        EXPECT_EQ(e.sqlstate(), "42601");
    }
    EXPECT_FALSE(c.has_deferred());
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::idle);
    EXPECT_EQ(c.query("SELECT count(*) FROM t WHERE id = 5").scalar<std::int64_t>(), 0)
        << "the statement behind the failed BEGIN must not run";
}

TEST_F(DeferredBegin, FailingTenantSettingIsReportedAsSuchAndNothingRuns) {
    auto db = open();
    auto as_nobody = strata::scoped(db, {.user_id = "u1", .org_id = {}, .extra = {}},
                                    {.role = "strata_no_such_role"});
    try {
        as_nobody.transact([](Session& s) { s.query("INSERT INTO t VALUES (6, 'six')"); });
        FAIL() << "no error";
    } catch (const strata::SqlError& e) {
        EXPECT_THAT(e.query(), HasSubstr("set_config"));
        EXPECT_THAT(e.server_message(), HasSubstr("strata_no_such_role"));
    }
    EXPECT_EQ(db.transact([](Session& s) {
        return s.query("SELECT count(*) FROM t WHERE id = 6").scalar<std::int64_t>();
    }),
              0);
    EXPECT_EQ(open_transactions(), 0);
}

TEST_F(DeferredBegin, TenantSettingsTravelWithBeginAndTheFirstStatement) {
    auto db = open();
    auto as_user = strata::scoped(db, {.user_id = "u7", .org_id = "o3", .extra = {}});
    const std::string sql =
        "SELECT current_setting('app.user_id', true) || '/' || current_setting('app.org_id', true)";
    as_user.transact([&](Session& s) { (void)s.query(sql); });
    std::string seen;
    const auto [trips, begins] = count([&] {
        seen = as_user.transact([&](Session& s) { return s.query(sql).scalar<std::string>(); });
    });
    EXPECT_EQ(seen, "u7/o3");
    EXPECT_EQ(trips, 2);
    EXPECT_EQ(begins, 1);
    // Transaction-local: gone after it, on the same pooled connection.
    EXPECT_EQ(db.transact([&](Session& s) { return s.query(sql).scalar<std::string>(); }), "/");
    // begin() applies the scope the same way.
    auto tx = as_user.begin();
    EXPECT_EQ(tx.session().query(sql).scalar<std::string>(), "u7/o3");
    tx.commit();
}

TEST_F(DeferredBegin, SavepointAsTheFirstStatementKeepsTheOuterTransaction) {
    auto db = open();
    db.transact([](Session& s) {
        EXPECT_THROW(s.transact([](Session& inner) {
            inner.query("INSERT INTO t VALUES (7, 'seven')");
            inner.query("INSERT INTO t VALUES (7, 'again')");
        }),
                     strata::UniqueViolation);
        s.query("INSERT INTO t VALUES (8, 'eight')");
    });
    EXPECT_EQ(db.transact([](Session& s) {
        return s.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM t").scalar<std::string>();
    }),
              "1,2,8");
}

TEST_F(DeferredBegin, SerializationFailureIsRetriedWithAFreshDeferredBegin) {
    auto db = open();
    auto other = strata::driver::Connection::open(url_);
    int attempts = 0;
    const auto v =
        db.transact({.isolation = Isolation::serializable, .retries = 2}, [&](Session& s) {
            ++attempts;
            if (attempts == 1) {
                // Another transaction holds the row: the first statement waits, then fails with a
                // serialization failure when that one commits an update of it.
                other.execute_script("BEGIN; UPDATE t SET v = 'uno' WHERE id = 1");
                auto snapshot = s.query("SELECT count(*) FROM t").scalar<std::int64_t>();
                EXPECT_EQ(snapshot, 2);
                other.execute_script("COMMIT");
            }
            s.query("UPDATE t SET v = v || '!' WHERE id = 1");
            return s.query("SELECT v FROM t WHERE id = 1").scalar<std::string>();
        });
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(v, "uno!");
}

TEST(DeferredBeginPgBouncer, TransactionsThroughATransactionModePoolerKeepTheirOwnState) {
    const std::string direct = strata::testing::fresh_database_url("deferredpgb");
    {
        auto c = strata::driver::Connection::open(direct);
        c.execute_script("CREATE TABLE t (id int8 PRIMARY KEY, v text NOT NULL)");
    }
    strata::testing::PgBouncer bouncer({.default_pool_size = 1});
    auto open_client = [&] {
        return Database::open(
            {.url = bouncer.url(direct) + "&prepare=off", .pool = {.size = 1, .max_overflow = 0}});
    };
    auto a = open_client();
    auto b = open_client();
    auto a_scoped = strata::scoped(a, {.user_id = "alice", .org_id = {}, .extra = {}});
    const std::string claim = "SELECT current_setting('app.user_id', true)";
    for (std::int64_t i = 0; i < 20; ++i) {
        // Two clients share one server connection; each transaction's BEGIN, settings and
        // statements must reach it together and end before the other's begin.
        const auto seen = a_scoped.transact([&](Session& s) {
            s.query("INSERT INTO t VALUES ($1, $2)", i, "a");
            return s.query(claim).scalar<std::string>();
        });
        EXPECT_EQ(seen, "alice");
        EXPECT_EQ(b.transact([&](Session& s) { return s.query(claim).scalar<std::string>(); }), "");
        b.transact([](Session&) {});  // empty: nothing reaches the pooler
        EXPECT_EQ(sqlstate_of([&] {
                      b.transact({.read_only = true}, [&](Session& s) {
                          s.query("INSERT INTO t VALUES ($1, 'b')", i + 100);
                      });
                  }),
                  "25006");
        const auto rr = b.transact({.isolation = Isolation::repeatable_read}, [&](Session& s) {
            return s.query("SELECT current_setting('transaction_isolation')").scalar<std::string>();
        });
        EXPECT_EQ(rr, "repeatable read");
    }
    EXPECT_EQ(b.transact([](Session& s) {
        return s.query("SELECT count(*) FROM t WHERE v = 'a'").scalar<std::int64_t>();
    }),
              20);
}

TEST(DeferredBeginDriver, DeferredStatementsGoFirstOnEveryOtherPath) {
    auto c = strata::driver::Connection::open(strata::testing::fresh_database_url("deferreddrv"));
    c.execute_script("CREATE TABLE t (id int8 PRIMARY KEY)");
    c.defer({"BEGIN", {}});
    c.execute_script("INSERT INTO t VALUES (1)");  // a script: BEGIN goes first on its own
    EXPECT_FALSE(c.has_deferred());
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::in_transaction);
    c.execute_script("ROLLBACK");
    c.defer({"BEGIN", {}});
    std::uint64_t rows = c.for_each_row("SELECT 1", {}, [](const strata::driver::Row&) {});
    EXPECT_EQ(rows, 1U);
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::in_transaction);
    c.execute_script("ROLLBACK");
    c.defer({"BEGIN", {}});
    const strata::driver::Statement batch[] = {{"INSERT INTO t VALUES (2)", {}}};
    (void)c.pipeline(batch);
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::in_transaction);
    c.execute_script("ROLLBACK");
    EXPECT_EQ(c.query("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
    c.defer({"BEGIN", {}});
    EXPECT_TRUE(c.drop_deferred());
    EXPECT_FALSE(c.drop_deferred());
    EXPECT_EQ(c.transaction_state(), strata::driver::TransactionState::idle);
}

}  // namespace
