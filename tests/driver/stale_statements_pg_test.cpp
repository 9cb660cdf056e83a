// Cached prepared statements after DDL: every path that runs them (single statements, timed
// runs, pipelines) recovers by one rule, and inside a transaction the error is retryable.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "driver/pg_test_support.hpp"

namespace strata::driver {
namespace {

/// A pipeline that selects every column of t for each id, so the result type follows t.
std::vector<Statement> select_all(std::int64_t first, std::int64_t last) {
    std::vector<Statement> out;
    for (std::int64_t id = first; id <= last; ++id) {
        out.push_back({"SELECT * FROM t WHERE id = $1", {to_value(id)}});
    }
    return out;
}

class StaleStatements : public ::testing::Test {
protected:
    void SetUp() override {
        c_.execute_script(
            "CREATE TABLE t (id int8 PRIMARY KEY, v text);"
            "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 5) g");
        ASSERT_EQ(c_.pipeline(select_all(1, 5)).size(), 5u);  // prepares and caches the text
        ASSERT_GE(c_.prepared_statements(), 1u);
        // Another session changes the table's row type under the cached statement.
        auto other = Connection::open(url_);
        other.execute_script("ALTER TABLE t ADD COLUMN extra text DEFAULT 'x'");
    }
    std::string url_ = strata::testing::fresh_database_url("stale");
    Connection c_ = Connection::open(url_);
};

TEST_F(StaleStatements, PipelineOutsideATransactionRunsAgainAndSeesTheNewColumn) {
    const auto results = c_.pipeline(select_all(1, 5));
    ASSERT_EQ(results.size(), 5u);
    EXPECT_EQ(results[0].columns(), 3u);
    EXPECT_EQ(results[4][0].get<std::string>("extra"), "x");
    EXPECT_EQ(c_.transaction_state(), TransactionState::idle);
}

TEST_F(StaleStatements, PipelineWithWritesIsNotAppliedTwice) {
    // The failed pass was one implicit transaction, rolled back whole: the insert before the
    // stale select must exist exactly once after the rerun.
    std::vector<Statement> batch{{"INSERT INTO t (id, v) VALUES ($1, 'new')", {to_value(100)}}};
    for (auto& s : select_all(1, 2)) batch.push_back(std::move(s));
    const auto results = c_.pipeline(batch);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(c_.query("SELECT count(*) FROM t WHERE id = 100").scalar<std::int64_t>(), 1);
}

TEST_F(StaleStatements, PipelineInsideATransactionThrowsARetryableStaleStatement) {
    c_.execute_script("BEGIN");
    try {
        (void)c_.pipeline(select_all(1, 3));
        FAIL() << "a stale statement ran inside a transaction";
    } catch (const StaleStatement& e) {
        EXPECT_TRUE(e.is_retryable());
        EXPECT_EQ(e.sqlstate(), "0A000");
        EXPECT_NE(std::string(e.what()).find("run it again"), std::string::npos) << e.what();
    }
    c_.execute_script("ROLLBACK");
    // The cache was forgotten: the same work in a new transaction succeeds at once.
    c_.execute_script("BEGIN");
    EXPECT_EQ(c_.pipeline(select_all(1, 3)).at(2).columns(), 3u);
    c_.execute_script("COMMIT");
}

TEST_F(StaleStatements, SingleStatementInsideATransactionThrowsARetryableStaleStatement) {
    (void)c_.query("SELECT * FROM t WHERE id = $1", std::int64_t{1});  // cached before the DDL?
    auto other = Connection::open(url_);
    other.execute_script("ALTER TABLE t ADD COLUMN more int4 DEFAULT 1");
    c_.execute_script("BEGIN");
    EXPECT_THROW((void)c_.query("SELECT * FROM t WHERE id = $1", std::int64_t{1}), StaleStatement);
    c_.execute_script("ROLLBACK");
    EXPECT_EQ(c_.query("SELECT * FROM t WHERE id = $1", std::int64_t{1}).columns(), 4u);
}

TEST_F(StaleStatements, TimedRunOutsideATransactionRunsAgain) {
    const Value id[] = {to_value(std::int64_t{2})};
    const auto r = c_.execute("SELECT * FROM t WHERE id = $1", id,
                              {.timeout = std::chrono::milliseconds{5'000}, .prepare = {}});
    EXPECT_EQ(r.columns(), 3u);
}

TEST_F(StaleStatements, OneStaleStatementForgetsTheWholeCache) {
    (void)c_.query("SELECT 1");           // another cached statement
    (void)c_.pipeline(select_all(1, 1));  // stale: forgets both, reruns, prepares one
    EXPECT_EQ(c_.prepared_statements(), 1u);
    EXPECT_EQ(pgtest::server_prepared(c_), 1);  // the stale ones were deallocated
}

}  // namespace
}  // namespace strata::driver
