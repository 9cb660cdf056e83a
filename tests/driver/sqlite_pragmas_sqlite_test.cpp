// SQLite connections are opened in WAL mode with foreign keys on and the configured busy_timeout.
#include <gtest/gtest.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
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

/// True when thread tid of this process is in nanosleep/clock_nanosleep (Linux
/// /proc/self/task/<tid>/syscall): where SQLite's busy handler waits between lock attempts.
bool thread_in_sleep_syscall(pid_t tid) {
    std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/syscall");
    long number = -1;
    if (!(in >> number)) return false;  // "running", or the thread is gone
    return number == SYS_clock_nanosleep || number == SYS_nanosleep;
}

TEST(SqliteLocking, SecondWriterWaitsForTheFirstToCommitThenSucceeds) {
    const std::string url = temp_db_url("wait");
    auto first = Connection::open(url);
    first.execute_script("CREATE TABLE t (id INTEGER)");
    auto second = Connection::open(url);  // default busy_timeout: 5 s

    first.execute("BEGIN IMMEDIATE");
    first.execute("INSERT INTO t (id) VALUES (1)");
    std::atomic<pid_t> writer_tid{0};
    std::atomic<bool> inserted{false};
    std::thread writer([&] {
        writer_tid = static_cast<pid_t>(::syscall(SYS_gettid));
        EXPECT_NO_THROW(second.execute("INSERT INTO t (id) VALUES (2)"));
        inserted = true;
    });
    // The event, not a sleep: the second writer is seen sleeping in SQLite's busy handler (its
    // thread in a sleep system call), i.e. it is waiting for the lock the first one holds.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    bool waiting = false;
    while (!waiting && !inserted && std::chrono::steady_clock::now() < deadline) {
        waiting = writer_tid != 0 && thread_in_sleep_syscall(writer_tid);
    }
    EXPECT_TRUE(waiting) << "the second writer was never seen waiting";
    EXPECT_FALSE(inserted) << "the second writer did not wait for the first";
    first.execute("COMMIT");
    writer.join();
    EXPECT_TRUE(inserted);
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
