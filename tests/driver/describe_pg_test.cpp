// driver::describe: parameter and result types from the server, the statement never run.
#include <gtest/gtest.h>

#include "strata/core/error.hpp"
#include "strata/driver/describe.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver {
namespace {

Connection describe_db() {
    auto conn = Connection::open(strata::testing::fresh_database_url("describe"));
    conn.execute_script(
        "CREATE TABLE author (id bigserial PRIMARY KEY, name text NOT NULL, born date);"
        "INSERT INTO author (name) VALUES ('kept');");
    return conn;
}

TEST(Describe, ReportsParameterTypesAndColumnSources) {
    auto conn = describe_db();
    const auto d = describe(conn, "SELECT id, name, born, 1 + $2 AS n FROM author WHERE name = $1");
    ASSERT_EQ(d.param_types.size(), 2U);
    EXPECT_EQ(d.param_types[0], 25U);  // text
    EXPECT_EQ(d.param_types[1], 23U);  // int4
    ASSERT_EQ(d.columns.size(), 4U);
    EXPECT_EQ(d.columns[0].name, "id");
    EXPECT_EQ(d.columns[0].type_oid, 20U);
    EXPECT_NE(d.columns[0].table_oid, 0U);
    EXPECT_EQ(d.columns[0].column_number, 1);
    EXPECT_EQ(d.columns[2].column_number, 3);
    EXPECT_EQ(d.columns[3].table_oid, 0U);  // an expression has no source column
}

TEST(Describe, NeverExecutesTheStatement) {
    auto conn = describe_db();
    const auto d = describe(conn, "DELETE FROM author RETURNING id");
    EXPECT_EQ(d.columns.size(), 1U);
    EXPECT_EQ(conn.query("SELECT count(*) FROM author").scalar<std::int64_t>(), 1);
}

TEST(Describe, ThrowsTheServersErrorForAnUnknownColumn) {
    auto conn = describe_db();
    EXPECT_THROW((void)describe(conn, "SELECT nope FROM author"), UndefinedColumn);
    EXPECT_THROW((void)describe(conn, "SELECT 1 WHERE $1 IS NULL"),
                 SqlError);  // type cannot be inferred
    EXPECT_TRUE(conn.ping());
}

TEST(Describe, RefusesSqlite) {
    auto conn = Connection::open("sqlite::memory:");
    EXPECT_THROW((void)describe(conn, "SELECT 1"), UsageError);
}

}  // namespace
}  // namespace strata::driver
