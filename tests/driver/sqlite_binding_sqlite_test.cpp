// SQLite parameters ($N, ?, ?NNN) and the stored text forms of timestamps, dates, uuids, arrays.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>

#include "strata/driver/connection.hpp"

namespace strata::driver::testing {
namespace {

class SqliteBinding : public ::testing::Test {
protected:
    Connection conn_ = Connection::open("sqlite::memory:");

    /// The storage class and raw value SQLite holds for one bound value.
    std::pair<std::string, std::string> stored(const Value& v) {
        const Value params[] = {v};
        auto r = conn_.execute("SELECT typeof($1), CAST($1 AS TEXT)", params);
        return {r[0].get<std::string>(0), r[0].get<std::optional<std::string>>(1).value_or("")};
    }
};

TEST_F(SqliteBinding, DollarParameterCanBeUsedTwice) {
    auto r = conn_.query("SELECT $1 || '-' || $1", "x");
    EXPECT_EQ(r.scalar<std::string>(), "x-x");
}

TEST_F(SqliteBinding, DollarParametersMapByNumberNotByOrderOfAppearance) {
    auto r = conn_.query("SELECT $2, $1", "first", "second");
    EXPECT_EQ(r[0].get<std::string>(0), "second");
    EXPECT_EQ(r[0].get<std::string>(1), "first");
}

TEST_F(SqliteBinding, PlainAndNumberedQuestionMarksWork) {
    EXPECT_EQ(conn_.query("SELECT ? + ?", 1, 2).scalar<std::int64_t>(), 3);
    EXPECT_EQ(conn_.query("SELECT ?2 - ?1", 1, 10).scalar<std::int64_t>(), 9);
}

TEST_F(SqliteBinding, NamedParametersAreRefused) {
    EXPECT_THROW(conn_.query("SELECT :name", "x"), UsageError);
}

TEST_F(SqliteBinding, WrongParameterCountIsAUsageError) {
    EXPECT_THROW(conn_.query("SELECT $1, $2", 1), UsageError);
    EXPECT_THROW(conn_.query("SELECT $1", 1, 2), UsageError);
}

TEST_F(SqliteBinding, SeveralStatementsInOneExecuteAreRefused) {
    conn_.execute_script("CREATE TABLE t (id INTEGER)");
    EXPECT_THROW(conn_.execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"), UsageError);
    EXPECT_EQ(conn_.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
    // A trailing semicolon or comment is still one statement.
    EXPECT_NO_THROW(conn_.execute("INSERT INTO t VALUES (1); -- done"));
    conn_.execute_script("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);");
    EXPECT_EQ(conn_.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 3);
}

TEST_F(SqliteBinding, PrepareOffKeepsNoStatementsAndStillWorks) {
    ConnectOptions options;
    options.url = "sqlite::memory:";
    options.prepare = false;
    auto conn = Connection::open(options);
    EXPECT_EQ(conn.query("SELECT $1 + 1", 1).scalar<std::int64_t>(), 2);
    EXPECT_EQ(conn.prepared_statements(), 0u);
    EXPECT_EQ(conn_.query("SELECT $1 + 1", 1).scalar<std::int64_t>(), 2);
    EXPECT_EQ(conn_.prepared_statements(), 1u);
}

TEST_F(SqliteBinding, CancelAfterTheConnectionClosedReportsFailure) {
    auto conn = std::make_optional(Connection::open("sqlite::memory:"));
    auto handle = conn->cancel_handle();
    EXPECT_TRUE(handle->cancel());
    conn.reset();
    EXPECT_FALSE(handle->cancel());
}

TEST_F(SqliteBinding, EmptyStatementGivesAnEmptyResult) {
    auto r = conn_.execute("  -- nothing here\n");
    EXPECT_EQ(r.size(), 0u);
    EXPECT_EQ(r.columns(), 0u);
}

TEST_F(SqliteBinding, TimestampsAreStoredAsUtcTextWithSixFractionDigits) {
    EXPECT_EQ(stored(Timestamptz(1'704'164'645'123'456)),
              std::make_pair(std::string("text"), std::string("2024-01-02T03:04:05.123456Z")));
    EXPECT_EQ(stored(Timestamptz(0)).second, "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(stored(Timestamptz(-1)).second, "1969-12-31T23:59:59.999999Z");
    EXPECT_EQ(stored(Timestamptz::infinity()).second, "infinity");
}

TEST_F(SqliteBinding, TimestampTextOrderIsTimeOrder) {
    conn_.execute_script("CREATE TABLE ev (at TIMESTAMPTZ)");
    for (std::int64_t micros :
         std::initializer_list<std::int64_t>{1'704'164'645'000'000, 1'704'164'645'000'001,
                                             1'000'000, 999'999, 1'704'164'645'100'000}) {
        conn_.query("INSERT INTO ev (at) VALUES ($1)", Timestamptz(micros));
    }
    auto got = conn_.execute("SELECT at FROM ev ORDER BY at").as<Timestamptz>();
    ASSERT_EQ(got.size(), 5u);
    EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
    EXPECT_EQ(got.front(), Timestamptz(999'999));
}

TEST_F(SqliteBinding, OtherTypesUseTheDocumentedStorage) {
    EXPECT_EQ(stored(true), std::make_pair(std::string("integer"), std::string("1")));
    EXPECT_EQ(stored(Date(0)), std::make_pair(std::string("text"), std::string("1970-01-01")));
    EXPECT_EQ(stored(Uuid::parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).second,
              "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT_EQ(stored(Numeric("12.340")),
              std::make_pair(std::string("text"), std::string("12.340")));
    EXPECT_EQ(stored(Json(nlohmann::json{{"a", 1}})).second, R"({"a":1})");
    EXPECT_EQ(stored(std::vector<std::int64_t>{1, 2}).second, "[1,2]");
    EXPECT_EQ(stored(std::vector<std::string>{"a", "b\""}).second, R"(["a","b\""])");
    EXPECT_EQ(stored(1.5).first, "real");
    EXPECT_EQ(stored(std::numeric_limits<double>::quiet_NaN()).second, "NaN");
    EXPECT_EQ(stored(Bytes()).first, "blob");
    EXPECT_EQ(stored(std::string()).first, "text");
    EXPECT_EQ(stored(std::monostate{}).first, "null");
}

TEST_F(SqliteBinding, CellsCarryTheDeclaredColumnType) {
    conn_.execute_script(
        "CREATE TABLE t (at TIMESTAMPTZ, n INTEGER); "
        "INSERT INTO t VALUES ('2024-01-02T03:04:05.000000Z', 7)");
    auto r = conn_.execute("SELECT at, n, n + 1 AS m FROM t");
    EXPECT_EQ(r[0].cell(0).kind, Cell::Kind::text);
    EXPECT_EQ(r[0].cell(0).declared_type, "TIMESTAMPTZ");
    EXPECT_EQ(r[0].cell(1).kind, Cell::Kind::integer);
    EXPECT_EQ(r[0].cell(1).i, 7);
    EXPECT_EQ(r[0].cell(2).declared_type, "");
}

TEST_F(SqliteBinding, UuidDecodesFromASixteenByteBlob) {
    const Uuid id = Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    auto r = conn_.execute("SELECT X'a0eebc999c0b4ef8bb6d6bb9bd380a11'");
    EXPECT_EQ(r.scalar<Uuid>(), id);
}

TEST_F(SqliteBinding, ManyRowsMaterialiseIntact) {
    auto r = conn_.execute(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) "
        "SELECT x, 'row ' || x, zeroblob(x % 7) FROM c");
    ASSERT_EQ(r.size(), 20000u);
    EXPECT_EQ(r[19999].get<std::string>(1), "row 20000");
    EXPECT_EQ(r[12345].get<Bytes>(2).size(), 12346u % 7);
    EXPECT_EQ(r[0].get<std::string>(1), "row 1");
}

}  // namespace
}  // namespace strata::driver::testing
