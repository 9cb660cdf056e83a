// transact(), Transaction and savepoints against a real PostgreSQL: commit, rollback, retry.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "driver/pg_events.hpp"
#include "strata/strata.hpp"
#include "strata/testing/server.hpp"

namespace {

using namespace std::chrono_literals;
using strata::Database;
using strata::Isolation;
using strata::Session;

class PgDatabase : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(Database::open({.url = strata::testing::fresh_database_url("tx"),
                                    .pool = {.size = 4, .max_overflow = 0}}));
        db_->transact([](Session& s) {
            s.execute("CREATE TABLE t (id bigserial PRIMARY KEY, v text NOT NULL UNIQUE)");
        });
    }
    std::int64_t count() {
        return db_->transact(
            [](Session& s) { return s.query("SELECT count(*) FROM t").scalar<std::int64_t>(); });
    }
    std::int64_t open_transactions() {
        return db_->transact([](Session& s) {
            return s
                .query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%'")
                .scalar<std::int64_t>();
        });
    }
    std::optional<Database> db_;
};

TEST_F(PgDatabase, TransactCommitsWhenFnReturns) {
    db_->transact([](Session& s) { s.query("INSERT INTO t (v) VALUES ($1)", "a"); });
    EXPECT_EQ(count(), 1);
}

TEST_F(PgDatabase, TransactReturnsTheValueOfFn) {
    const auto id = db_->transact([](Session& s) {
        return s.query("INSERT INTO t (v) VALUES ($1) RETURNING id", "a").scalar<std::int64_t>();
    });
    EXPECT_EQ(id, 1);
}

TEST_F(PgDatabase, TransactionThatThrowsLeavesNothingBehind) {
    EXPECT_THROW(db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES ($1)", "a");
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(count(), 0);
    EXPECT_EQ(open_transactions(), 0);
    EXPECT_EQ(db_->stats().in_use, 0U);
}

TEST_F(PgDatabase, SqlErrorInFnRollsBackAndKeepsTheConnection) {
    db_->transact([](Session& s) { s.query("INSERT INTO t (v) VALUES ($1)", "a"); });
    EXPECT_THROW(db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES ($1)", "b");
        s.query("INSERT INTO t (v) VALUES ($1)", "a");
    }),
                 strata::UniqueViolation);
    EXPECT_EQ(count(), 1);
    EXPECT_EQ(db_->stats().discarded, 0U);  // rolled back cleanly: worth keeping
}

TEST_F(PgDatabase, TransactionRollsBackWhenDestroyedUncommitted) {
    {
        strata::Transaction tx = db_->begin();
        tx.session().query("INSERT INTO t (v) VALUES ($1)", "a");
        EXPECT_TRUE(tx.active());
    }
    EXPECT_EQ(count(), 0);
    EXPECT_EQ(open_transactions(), 0);
}

TEST_F(PgDatabase, TransactionCommitsExplicitlyAndEndsItsSession) {
    strata::Transaction tx = db_->begin();
    Session& s = tx.session();
    s.query("INSERT INTO t (v) VALUES ($1)", "a");
    tx.commit();
    EXPECT_FALSE(tx.active());
    EXPECT_THROW(s.query("SELECT 1"), strata::UsageError);
    EXPECT_THROW(tx.commit(), strata::UsageError);
    EXPECT_EQ(count(), 1);
}

TEST_F(PgDatabase, SavepointRollbackKeepsTheOuterWork) {
    db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES ($1)", "outer");
        // An expected SQL error inside a savepoint does not abort the outer transaction.
        EXPECT_THROW(s.transact([](Session& inner) {
            inner.query("INSERT INTO t (v) VALUES ($1)", "inner");
            inner.query("INSERT INTO t (v) VALUES ($1)", "outer");
        }),
                     strata::UniqueViolation);
        const auto n = s.savepoint([](Session& inner) {
            inner.query("INSERT INTO t (v) VALUES ($1)", "kept");
            return inner.transact([](Session& deeper) {
                return deeper.query("SELECT count(*) FROM t").scalar<std::int64_t>();
            });
        });
        EXPECT_EQ(n, 2);
    });
    const auto rows = db_->transact(
        [](Session& s) { return s.query("SELECT v FROM t ORDER BY id").as<std::string>(); });
    EXPECT_EQ(rows, (std::vector<std::string>{"outer", "kept"}));
}

TEST_F(PgDatabase, CommitAfterASwallowedErrorThrowsTransactionAborted) {
    EXPECT_THROW(db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES ($1)", "a");
        try {
            s.query("SELECT * FROM no_such_table");
        } catch (const strata::UndefinedTable&) {}
    }),
                 strata::TransactionAborted);
    EXPECT_EQ(count(), 0);
}

TEST_F(PgDatabase, IsolationLevelIsApplied) {
    const auto level = db_->transact({.isolation = Isolation::repeatable_read}, [](Session& s) {
        return s.query("SHOW transaction_isolation").scalar<std::string>();
    });
    EXPECT_EQ(level, "repeatable read");
    const auto fallback = db_->transact(
        [](Session& s) { return s.query("SHOW transaction_isolation").scalar<std::string>(); });
    EXPECT_EQ(fallback, "read committed");  // nothing leaked into the pooled connection
}

TEST_F(PgDatabase, ReadOnlyTransactionRejectsAWrite) {
    try {
        db_->transact({.read_only = true},
                      [](Session& s) { s.query("INSERT INTO t (v) VALUES ($1)", "a"); });
        FAIL() << "the write was accepted";
    } catch (const strata::SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "25006") << e.what();
    }
    EXPECT_EQ(count(), 0);
}

/// Two SERIALIZABLE transactions that each read both rows and then write one: a write skew the
/// server must refuse for one of them. The barrier makes both read before either writes.
class SerializationConflict : public PgDatabase {
protected:
    void SetUp() override {
        PgDatabase::SetUp();
        db_->transact([](Session& s) {
            s.execute("CREATE TABLE acct (id int PRIMARY KEY, v bigint NOT NULL)");
            s.execute("INSERT INTO acct VALUES (1, 0), (2, 0)");
        });
    }
    void run(int retries) {
        std::barrier both_read(2);
        auto body = [&](int id) {
            bool first = true;
            try {
                db_->transact(
                    {.isolation = Isolation::serializable, .retries = retries}, [&](Session& s) {
                        ++attempts_;
                        const auto sum =
                            s.query("SELECT sum(v)::bigint FROM acct").scalar<std::int64_t>();
                        if (first) {
                            first = false;
                            both_read.arrive_and_wait();
                        }
                        s.query("UPDATE acct SET v = $1 WHERE id = $2", sum + 1, id);
                    });
            } catch (const strata::SerializationFailure&) {
                ++failures_;
            }
        };
        std::thread a(body, 1);
        std::thread b(body, 2);
        a.join();
        b.join();
    }
    std::vector<std::int64_t> values() {
        return db_->transact(
            [](Session& s) { return s.query("SELECT v FROM acct ORDER BY v").as<std::int64_t>(); });
    }
    std::atomic<int> attempts_{0};
    std::atomic<int> failures_{0};
};

TEST_F(SerializationConflict, RetrySucceedsAfterAProvokedSerializationFailure) {
    run(3);
    EXPECT_EQ(failures_.load(), 0);
    EXPECT_GE(attempts_.load(), 3);                          // at least one retry happened
    EXPECT_EQ(values(), (std::vector<std::int64_t>{1, 2}));  // as if one ran after the other
}

TEST_F(SerializationConflict, WithoutRetriesTheSerializationFailureIsRethrown) {
    run(0);
    EXPECT_EQ(failures_.load(), 1);
    EXPECT_EQ(attempts_.load(), 2);
    EXPECT_EQ(values(), (std::vector<std::int64_t>{0, 1}));
}

TEST_F(PgDatabase, ConnectionLostInsideFnIsRetriedOnAFreshConnection) {
    int attempts = 0;
    db_->transact({.retries = 1}, [&](Session& s) {
        ++attempts;
        s.query("INSERT INTO t (v) VALUES ($1)", "a");
        if (attempts == 1) {
            auto admin = strata::driver::Connection::open(db_->options().url);
            EXPECT_TRUE(strata::driver::pgtest::terminate_backend(admin, s.backend_pid()));
        }
        s.query("SELECT 1");
    });
    EXPECT_EQ(attempts, 2);
    EXPECT_EQ(count(), 1);
}

TEST_F(PgDatabase, ConnectionLostInsideFnWithoutRetriesIsThrown) {
    EXPECT_THROW(db_->transact([&](Session& s) {
        auto admin = strata::driver::Connection::open(db_->options().url);
        EXPECT_TRUE(strata::driver::pgtest::terminate_backend(admin, s.backend_pid()));
        s.query("SELECT 1");
    }),
                 strata::Error);
    EXPECT_EQ(count(), 0);
    EXPECT_GE(db_->stats().discarded, 1U);
}

TEST_F(PgDatabase, StaleStatementAfterDdlIsRetriedByTransact) {
    auto db = Database::open({.url = db_->options().url, .pool = {.size = 1, .max_overflow = 0}});
    auto ddl = [&](const char* sql) {
        auto admin = strata::driver::Connection::open(db_->options().url);
        admin.execute_script(sql);
    };
    auto columns = [](Session& s) { return s.query("SELECT * FROM t").columns(); };
    EXPECT_EQ(db.transact(columns), 2U);  // prepared and cached on the one connection
    ddl("ALTER TABLE t ADD COLUMN extra int");
    int attempts = 0;
    EXPECT_EQ(db.transact({.retries = 1},
                          [&](Session& s) {
                              ++attempts;
                              return columns(s);
                          }),
              3U);
    EXPECT_EQ(attempts, 2);  // the stale statement aborted the first; the second re-prepared
    ddl("ALTER TABLE t ADD COLUMN more int");
    EXPECT_THROW((void)db.transact(columns), strata::StaleStatement);  // no retries asked
    EXPECT_EQ(db.transact(columns), 4U);
}

}  // namespace
