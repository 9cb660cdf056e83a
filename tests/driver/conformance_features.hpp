// Conformance: pipeline, copy_in, statement cache, ping, transaction state, cancel and timeout.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "driver/conformance.hpp"

namespace strata::driver::testing {

TEST_P(DriverConformance, PipelineReturnsResultsInOrder) {
    conn().execute_script("CREATE TABLE t (id bigint PRIMARY KEY)");
    std::vector<Statement> batch{
        {"INSERT INTO t (id) VALUES ($1)", {std::int64_t{1}}},
        {"INSERT INTO t (id) VALUES ($1)", {std::int64_t{2}}},
        {"SELECT count(*) FROM t", {}},
        {"SELECT id FROM t WHERE id = $1", {std::int64_t{2}}},
    };
    auto results = conn().pipeline(batch);
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(results[0].affected_rows(), 1u);
    EXPECT_EQ(results[2].scalar<std::int64_t>(), 2);
    EXPECT_EQ(results[3].scalar<std::int64_t>(), 2);
}

TEST_P(DriverConformance, PipelineStopsAtTheFirstFailure) {
    conn().execute_script("CREATE TABLE t (id bigint PRIMARY KEY)");
    std::vector<Statement> batch{
        {"INSERT INTO t (id) VALUES ($1)", {std::int64_t{1}}},
        {"INSERT INTO t (id) VALUES ($1)", {std::int64_t{1}}},
        {"INSERT INTO t (id) VALUES ($1)", {std::int64_t{3}}},
    };
    EXPECT_THROW(conn().pipeline(batch), UniqueViolation);
    EXPECT_EQ(conn().execute("SELECT count(*) FROM t WHERE id = 3").scalar<std::int64_t>(), 0);
    EXPECT_EQ(conn().transaction_state(), TransactionState::idle);
}

TEST_P(DriverConformance, ScriptResultsArriveOnePerStatement) {
    std::vector<Result> done;
    conn().execute_script(
        "CREATE TABLE t (id bigint PRIMARY KEY, name text); "
        "INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'); "
        "SELECT id, name FROM t ORDER BY id; SELECT count(*) FROM t",
        done);
    ASSERT_EQ(done.size(), 4u);
    EXPECT_EQ(done[1].affected_rows(), 2u);
    ASSERT_EQ(done[2].size(), 2u);
    EXPECT_EQ(done[2][1].get<std::int64_t>(0), 2);
    EXPECT_EQ(done[2][1].get<std::string>("name"), "b");
    EXPECT_EQ(done[3].scalar<std::int64_t>(), 2);
}

TEST_P(DriverConformance, ScriptStopsAtTheFirstFailureAndNamesItsStatement) {
    conn().execute_script("CREATE TABLE t (id bigint PRIMARY KEY)");
    conn().execute_script("INSERT INTO t (id) VALUES (1)");
    std::vector<Result> done;
    try {
        conn().execute_script(
            "SELECT 1; SELECT 'two'; INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (4)",
            done);
        FAIL() << "the duplicate key did not fail";
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.info().statement_index, std::optional<std::size_t>(2));
    }
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[1].scalar<std::string>(), "two");
    EXPECT_EQ(conn().execute("SELECT count(*) FROM t WHERE id = 4").scalar<std::int64_t>(), 0);
    EXPECT_EQ(conn().transaction_state(), TransactionState::idle);
}

TEST_P(DriverConformance, CopyInLoadsManyRows) {
    conn().execute_script("CREATE TABLE items (id bigint, name text, price " + type("numeric") +
                          ", seen timestamptz)");
    const std::vector<std::string> columns{"id", "name", "price", "seen"};
    auto writer = conn().copy_in("items", columns);
    for (std::int64_t i = 0; i < 5000; ++i) {
        writer.row(i, "item " + std::to_string(i), Numeric("1.50"), Timestamptz(i * 1'000'000));
    }
    EXPECT_EQ(writer.finish(), 5000u);
    EXPECT_EQ(count("items"), 5000);
    auto last = conn().query("SELECT name, seen FROM items WHERE id = $1", std::int64_t{4999});
    EXPECT_EQ(last[0].get<std::string>(0), "item 4999");
    EXPECT_EQ(last[0].get<Timestamptz>(1), Timestamptz(4999 * std::int64_t{1'000'000}));
}

TEST_P(DriverConformance, AbandonedCopyInLeavesNothing) {
    conn().execute_script("CREATE TABLE items (id bigint, name text)");
    const std::vector<std::string> columns{"id", "name"};
    {
        auto writer = conn().copy_in("items", columns);
        for (std::int64_t i = 0; i < 100; ++i) writer.row(i, "x");
    }  // destroyed unfinished: aborted
    EXPECT_EQ(count("items"), 0);
    EXPECT_TRUE(conn().ping());
    EXPECT_EQ(conn().transaction_state(), TransactionState::idle);
}

TEST_P(DriverConformance, StatementCacheGrowsAndIsBounded) {
    ConnectOptions options;
    options.url = url();
    options.statement_cache_size = 4;
    auto c = Connection::open(options);
    const std::size_t before = c.prepared_statements();
    c.query("SELECT $1 + 0", std::int64_t{1});
    c.query("SELECT $1 + 0", std::int64_t{2});
    EXPECT_EQ(c.prepared_statements(), before + 1);
    for (int i = 1; i <= 10; ++i) c.execute("SELECT " + std::to_string(i));
    EXPECT_LE(c.prepared_statements(), 4u);
    EXPECT_GE(c.prepared_statements(), 1u);
}

TEST_P(DriverConformance, PingsAndReportsVersionAndBackend) {
    EXPECT_TRUE(conn().ping());
    EXPECT_GT(conn().server_version(), 0);
    EXPECT_EQ(conn().backend(), GetParam().backend);
    EXPECT_FALSE(conn().redacted_url().empty());
}

TEST_P(DriverConformance, TracksTransactionState) {
    EXPECT_EQ(conn().transaction_state(), TransactionState::idle);
    conn().execute("BEGIN");
    EXPECT_EQ(conn().transaction_state(), TransactionState::in_transaction);
    conn().execute("COMMIT");
    EXPECT_EQ(conn().transaction_state(), TransactionState::idle);
}

TEST_P(DriverConformance, RolledBackTransactionLeavesNothing) {
    conn().execute_script("CREATE TABLE t (id bigint)");
    conn().execute("BEGIN");
    conn().execute("INSERT INTO t (id) VALUES (1)");
    conn().execute("ROLLBACK");
    EXPECT_EQ(count("t"), 0);
}

TEST_P(DriverConformance, TimeoutCancelsALongQueryAndTheConnectionStaysUsable) {
    ExecOptions options;
    options.timeout = std::chrono::milliseconds(200);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(conn().execute(long_running_sql(), {}, options), QueryCanceled);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    EXPECT_EQ(conn().execute("SELECT 1").scalar<std::int64_t>(), 1);
    // The timeout applied to that call only.
    EXPECT_EQ(conn().execute("SELECT 2").scalar<std::int64_t>(), 2);
}

TEST_P(DriverConformance, CancelHandleStopsARunningQueryFromAnotherThread) {
    auto handle = conn().cancel_handle();
    std::atomic<bool> done{false};
    std::thread canceler([&] {
        // No head start by sleeping: cancel until the query is seen ending (the event). A
        // cancel that lands before the query starts is a no-op, so it is simply sent again.
        while (!done) {
            handle->cancel();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling interval
        }
    });
    const auto start = std::chrono::steady_clock::now();
    try {
        conn().execute(long_running_sql());
        ADD_FAILURE() << "the query was not canceled";
    } catch (const QueryCanceled& e) {
        EXPECT_EQ(e.sqlstate(), "57014");
    } catch (...) {
        done = true;
        canceler.join();
        throw;
    }
    done = true;
    canceler.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    EXPECT_TRUE(conn().ping());
    EXPECT_EQ(conn().execute("SELECT 1").scalar<std::int64_t>(), 1);
}

}  // namespace strata::driver::testing
