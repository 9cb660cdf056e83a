// Database/transact/Transaction/savepoints over SQLite files and :memory:.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "strata/strata.hpp"

namespace {

using strata::Database;
using strata::Session;

/// A fresh SQLite file in a private temp directory, removed afterwards.
class SqliteDatabase : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("strata-session-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        db_.emplace(Database::open({.url = "sqlite:///" + (dir_ / "app.db").string(),
                                    .pool = {.size = 2, .max_overflow = 2}}));
        db_->transact([](Session& s) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        });
    }
    void TearDown() override {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::int64_t count() {
        return db_->transact(
            [](Session& s) { return s.query("SELECT count(*) FROM t").scalar<std::int64_t>(); });
    }

    std::filesystem::path dir_;
    std::optional<Database> db_;
};

TEST_F(SqliteDatabase, TransactCommitsWhenFnReturns) {
    db_->transact([](Session& s) { s.query("INSERT INTO t (v) VALUES (?1)", "a"); });
    EXPECT_EQ(count(), 1);
}

TEST_F(SqliteDatabase, TransactReturnsTheValueOfFn) {
    const auto v = db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES (?1)", "x");
        return s.query("SELECT v FROM t").scalar<std::string>();
    });
    EXPECT_EQ(v, "x");
}

TEST_F(SqliteDatabase, TransactRollsBackWhenFnThrows) {
    EXPECT_THROW(db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES (?1)", "a");
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(count(), 0);
}

TEST_F(SqliteDatabase, TransactionRollsBackWhenDestroyedUncommitted) {
    {
        strata::Transaction tx = db_->begin();
        tx.session().query("INSERT INTO t (v) VALUES (?1)", "a");
    }
    EXPECT_EQ(count(), 0);
    strata::Transaction tx = db_->begin();
    tx.session().query("INSERT INTO t (v) VALUES (?1)", "b");
    tx.commit();
    EXPECT_FALSE(tx.active());
    EXPECT_EQ(count(), 1);
}

TEST_F(SqliteDatabase, SavepointRollbackKeepsTheOuterWork) {
    db_->transact([](Session& s) {
        s.query("INSERT INTO t (v) VALUES (?1)", "outer");
        EXPECT_THROW(s.transact([](Session& inner) {
            inner.query("INSERT INTO t (v) VALUES (?1)", "inner");
            throw std::runtime_error("undo inner");
        }),
                     std::runtime_error);
        s.savepoint([](Session& inner) { inner.query("INSERT INTO t (v) VALUES (?1)", "kept"); });
    });
    const auto rows = db_->transact(
        [](Session& s) { return s.query("SELECT v FROM t ORDER BY id").as<std::string>(); });
    EXPECT_EQ(rows, (std::vector<std::string>{"outer", "kept"}));
}

TEST_F(SqliteDatabase, ReadOnlyTransactionRejectsAWrite) {
    try {
        db_->transact({.read_only = true},
                      [](Session& s) { s.query("INSERT INTO t (v) VALUES (?1)", "a"); });
        FAIL() << "the write was accepted";
    } catch (const strata::SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "25006") << e.what();
    }
    // query_only does not leak into the next transaction on the same (single) connection.
    db_->transact([](Session& s) { s.query("INSERT INTO t (v) VALUES (?1)", "b"); });
    EXPECT_EQ(count(), 1);
}

TEST_F(SqliteDatabase, IsolationLevelsAreAcceptedAsNoOps) {
    db_->transact({.isolation = strata::Isolation::read_committed},
                  [](Session& s) { s.query("INSERT INTO t (v) VALUES (?1)", "a"); });
    EXPECT_EQ(count(), 1);
}

TEST_F(SqliteDatabase, ConcurrentWritersAllCommit) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([this, i] {
            for (int j = 0; j < 10; ++j) {
                db_->transact([&](Session& s) {
                    const auto n = s.query("SELECT count(*) FROM t").scalar<std::int64_t>();
                    s.query("INSERT INTO t (v) VALUES (?1)", std::to_string(i * 100 + j + n));
                });
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(count(), 40);
}

TEST_F(SqliteDatabase, SessionIsUnusableAfterItsTransactionEnds) {
    Session* kept = nullptr;
    db_->transact([&](Session& s) { kept = &s; });
    strata::Transaction tx = db_->begin();
    Session& s = tx.session();
    tx.commit();
    EXPECT_FALSE(s.valid());
    EXPECT_THROW(s.query("SELECT 1"), strata::UsageError);
    (void)kept;
}

TEST(SqliteMemoryDatabase, UsesOneConnectionSoEveryTransactionSeesTheSameData) {
    auto db = Database::open({.url = "sqlite::memory:", .pool = {.size = 5, .max_overflow = 5}});
    EXPECT_EQ(db.pool().hard_cap(), 1U);
    db.transact([](Session& s) {
        s.execute("CREATE TABLE m (x INTEGER)");
        s.execute("INSERT INTO m VALUES (1)");
    });
    EXPECT_EQ(db.transact([](Session& s) {
        return s.query("SELECT count(*) FROM m").scalar<std::int64_t>();
    }),
              1);
}

}  // namespace

namespace {

TEST_F(SqliteDatabase, OpensANamedDatabaseFromSettings) {
    const auto url = "sqlite:///" + (dir_ / "analytics.db").string();
    strata::LoadOptions load;
    load.project_dir = dir_;
    load.environment = strata::EnvMap{{"ANALYTICS_DATABASE_URL", url},
                                      {"ANALYTICS_DB_POOL_SIZE", "3"},
                                      {"ANALYTICS_DB_MAX_OVERFLOW", "1"},
                                      {"ANALYTICS_DB_POOL_TIMEOUT", "7"},
                                      {"ANALYTICS_DB_ECHO", "true"}};
    auto settings = strata::Settings::load(load);
    auto db = Database::open(settings, "analytics");
    EXPECT_EQ(db.name(), "analytics");
    EXPECT_EQ(db.options().pool.size, 3U);
    EXPECT_EQ(db.options().pool.max_overflow, 1U);
    EXPECT_EQ(db.options().pool.timeout, std::chrono::seconds(7));
    EXPECT_TRUE(db.options().echo);
    db.transact([](Session& s) { s.execute("CREATE TABLE a (x INTEGER)"); });
    EXPECT_TRUE(std::filesystem::exists(dir_ / "analytics.db"));
}

TEST_F(SqliteDatabase, MalformedPoolSettingIsAConfigErrorNamingTheVariable) {
    try {
        strata::LoadOptions load;
        load.project_dir = dir_;
        load.environment =
            strata::EnvMap{{"DATABASE_URL", "sqlite:///x.db"}, {"DB_POOL_SIZE", "ten"}};
        auto settings = strata::Settings::load(load);
        (void)Database::open(settings);
        FAIL() << "accepted DB_POOL_SIZE=ten";
    } catch (const strata::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("DB_POOL_SIZE"), std::string::npos) << e.what();
    }
}

}  // namespace
