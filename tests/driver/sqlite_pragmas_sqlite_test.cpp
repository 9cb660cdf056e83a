// SQLite connections are opened in WAL mode with foreign keys on and the configured busy_timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "driver/sqlite_test_support.hpp"
#include "strata/driver/connection.hpp"

namespace strata::driver::testing {
namespace {

std::string pragma(Connection& conn, const std::string& name) {
    auto r = conn.execute("PRAGMA " + name);
    return r.at(0).get<std::string>(0);
}

std::int64_t pragma_int(Connection& conn, const std::string& name) {
    return conn.execute("PRAGMA " + name).scalar<std::int64_t>();
}

TEST(SqlitePragmas, FileDatabaseUsesWalWithNormalSynchronous) {
    auto conn = Connection::open(temp_db_url());
    EXPECT_EQ(pragma(conn, "journal_mode"), "wal");
    EXPECT_EQ(pragma_int(conn, "synchronous"), 1);  // NORMAL
}

TEST(SqlitePragmas, ForeignKeysAreEnforced) {
    auto conn = Connection::open("sqlite::memory:");
    EXPECT_EQ(pragma_int(conn, "foreign_keys"), 1);
}

TEST(SqlitePragmas, InMemoryDatabaseKeepsItsMemoryJournal) {
    auto conn = Connection::open("sqlite::memory:");
    EXPECT_EQ(pragma(conn, "journal_mode"), "memory");
}

TEST(SqlitePragmas, BusyTimeoutComesFromTheOptions) {
    ConnectOptions options;
    options.url = "sqlite::memory:";
    options.sqlite_busy_timeout = std::chrono::milliseconds(1234);
    auto conn = Connection::open(options);
    EXPECT_EQ(pragma_int(conn, "busy_timeout"), 1234);
}

TEST(SqliteLocking, SecondWriterFailsWithLockNotAvailableAfterTheBusyTimeout) {
    const std::string url = temp_db_url("busy");
    auto first = Connection::open(url);
    first.execute_script("CREATE TABLE t (id INTEGER)");
    ConnectOptions options;
    options.url = url;
    options.sqlite_busy_timeout = std::chrono::milliseconds(150);
    auto second = Connection::open(options);

    first.execute("BEGIN IMMEDIATE");
    first.execute("INSERT INTO t (id) VALUES (1)");
    const auto start = std::chrono::steady_clock::now();
    try {
        second.execute("INSERT INTO t (id) VALUES (2)");
        ADD_FAILURE() << "the second writer did not wait for the lock";
    } catch (const LockNotAvailable& e) {
        EXPECT_EQ(e.sqlstate(), "55P03");
    }
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(140));
    first.execute("COMMIT");
    second.execute("INSERT INTO t (id) VALUES (2)");
    EXPECT_EQ(first.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 2);
}

TEST(SqliteLocking, SecondWriterWaitsForTheFirstToCommitThenSucceeds) {
    const std::string url = temp_db_url("wait");
    auto first = Connection::open(url);
    first.execute_script("CREATE TABLE t (id INTEGER)");
    auto second = Connection::open(url);  // default busy_timeout: 5 s

    first.execute("BEGIN IMMEDIATE");
    first.execute("INSERT INTO t (id) VALUES (1)");
    std::thread committer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        first.execute("COMMIT");
    });
    const auto start = std::chrono::steady_clock::now();
    EXPECT_NO_THROW(second.execute("INSERT INTO t (id) VALUES (2)"));
    const auto waited = std::chrono::steady_clock::now() - start;
    committer.join();
    EXPECT_GE(waited, std::chrono::milliseconds(150));
    EXPECT_EQ(second.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 2);
}

TEST(SqliteLocking, ReadersSeeCommittedDataWhileAWriterIsOpen) {
    const std::string url = temp_db_url("wal_read");
    auto writer = Connection::open(url);
    writer.execute_script("CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1);");
    auto reader = Connection::open(url);
    writer.execute("BEGIN IMMEDIATE");
    writer.execute("INSERT INTO t (id) VALUES (2)");
    // WAL: the reader is not blocked by the writer and sees only committed rows.
    EXPECT_EQ(reader.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 1);
    writer.execute("COMMIT");
    EXPECT_EQ(reader.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 2);
}

}  // namespace
}  // namespace strata::driver::testing
