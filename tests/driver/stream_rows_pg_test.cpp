// Connection::for_each_row: rows handed over as they arrive (libpq single-row mode).
#include <gtest/gtest.h>

#include <stdexcept>

#include "driver/pg_test_support.hpp"
#include "strata/core/error.hpp"

namespace strata::driver {
namespace {

using pgtest::connect_fresh;

// 1/(3-g) fails on the third row: a statement that buffers its whole result before handing
// any row over would throw before the first callback.
constexpr const char* kFailsOnRowThree =
    "SELECT g, 10 / (3 - g) AS q FROM generate_series(1, $1::int4) AS g";

TEST(StreamRows, DecodesEachRowAndCountsThem) {
    for (const bool prepare : {true, false}) {
        auto c = connect_fresh(prepare);
        std::vector<std::int64_t> seen;
        const auto n = c.for_each_row(
            "SELECT g::int8, 'r' || g AS name FROM generate_series(1, $1::int4) AS g",
            std::vector<Value>{to_value(std::int32_t{1000})}, [&](const Row& row) {
                seen.push_back(row.get<std::int64_t>(0));
                EXPECT_EQ(row.get<std::string>(1), "r" + std::to_string(seen.back()));
            });
        EXPECT_EQ(n, 1000u);
        ASSERT_EQ(seen.size(), 1000u);
        EXPECT_EQ(seen.front(), 1);
        EXPECT_EQ(seen.back(), 1000);
        EXPECT_EQ(c.query("SELECT 1").scalar<std::int32_t>(), 1);  // the connection is usable
    }
}

TEST(StreamRows, RowsBeforeAFailureArriveBeforeItIsThrown) {
    for (const bool prepare : {true, false}) {
        auto c = connect_fresh(prepare);
        std::vector<std::int32_t> seen;
        EXPECT_THROW(
            (void)c.for_each_row(kFailsOnRowThree, std::vector<Value>{to_value(std::int32_t{5})},
                                 [&](const Row& row) { seen.push_back(row.get<std::int32_t>(0)); }),
            SqlError);
        EXPECT_EQ(seen, (std::vector<std::int32_t>{1, 2}));
        EXPECT_EQ(c.query("SELECT 2").scalar<std::int32_t>(), 2);
    }
}

TEST(StreamRows, ACallbackThatThrowsStopsTheRowsAndLeavesTheConnectionReady) {
    auto c = connect_fresh();
    int calls = 0;
    EXPECT_THROW((void)c.for_each_row("SELECT g FROM generate_series(1, 100) AS g", {},
                                      [&](const Row&) {
                                          if (++calls == 3) throw std::runtime_error("stop");
                                      }),
                 std::runtime_error);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(c.query("SELECT 3").scalar<std::int32_t>(), 3);
}

TEST(StreamRows, AStatementGoneStaleAfterDdlIsPreparedAgain) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE t (id int4); INSERT INTO t VALUES (7);");
    int total = 0;
    (void)c.for_each_row("SELECT * FROM t", {}, [&](const Row& r) { total += r.get<int>(0); });
    c.execute_script("ALTER TABLE t ALTER COLUMN id TYPE int8");
    std::int64_t wide = 0;
    const auto n =
        c.for_each_row("SELECT * FROM t", {}, [&](const Row& r) { wide = r.get<std::int64_t>(0); });
    EXPECT_EQ(n, 1u);
    EXPECT_EQ(total, 7);
    EXPECT_EQ(wide, 7);
}

TEST(StreamRows, NoRowsAndCommandsWithoutRows) {
    auto c = connect_fresh();
    int calls = 0;
    EXPECT_EQ(c.for_each_row("SELECT 1 WHERE false", {}, [&](const Row&) { ++calls; }), 0u);
    EXPECT_EQ(c.for_each_row("CREATE TABLE u (id int)", {}, [&](const Row&) { ++calls; }), 0u);
    EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace strata::driver
