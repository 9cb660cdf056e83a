// SQLite result codes map onto strata's SQLSTATE classes; echo logs statements with durations.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <vector>

#include "driver/sqlite/sqlite_errors.hpp"
#include "strata/core/log.hpp"
#include "strata/driver/connection.hpp"

namespace strata::driver::testing {
namespace {

using sqlite::Phase;
using sqlite::sqlstate_for;

TEST(SqliteErrorMapping, ConstraintCodesGetPostgresSqlstates) {
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_UNIQUE, "", Phase::step), "23505");
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_PRIMARYKEY, "", Phase::step), "23505");
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_FOREIGNKEY, "", Phase::step), "23503");
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_NOTNULL, "", Phase::step), "23502");
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_CHECK, "", Phase::step), "23514");
    EXPECT_EQ(sqlstate_for(SQLITE_CONSTRAINT_TRIGGER, "", Phase::step), "23000");
}

TEST(SqliteErrorMapping, LocksCancelsAndUnknownObjects) {
    EXPECT_EQ(sqlstate_for(SQLITE_BUSY, "database is locked", Phase::step), "55P03");
    EXPECT_EQ(sqlstate_for(SQLITE_BUSY_SNAPSHOT, "", Phase::step), "55P03");
    EXPECT_EQ(sqlstate_for(SQLITE_LOCKED, "", Phase::step), "55P03");
    EXPECT_EQ(sqlstate_for(SQLITE_INTERRUPT, "interrupted", Phase::step), "57014");
    EXPECT_EQ(sqlstate_for(SQLITE_ERROR, "no such table: main.t", Phase::prepare), "42P01");
    EXPECT_EQ(sqlstate_for(SQLITE_ERROR, "no such column: x", Phase::prepare), "42703");
    EXPECT_EQ(sqlstate_for(SQLITE_ERROR, "near \"SELEC\": syntax error", Phase::prepare), "42601");
    EXPECT_EQ(sqlstate_for(SQLITE_READONLY, "", Phase::step), "25006");
}

TEST(SqliteErrors, SyntaxErrorCarriesQueryPositionAndCallSite) {
    auto conn = Connection::open("sqlite::memory:");
    try {
        conn.execute("SELECT 1 FROM WHERE");
        ADD_FAILURE() << "no error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.sqlstate(), "42601");
        EXPECT_EQ(e.query(), "SELECT 1 FROM WHERE");
        ASSERT_TRUE(e.info().position.has_value());
        EXPECT_EQ(*e.info().position, 15);  // 1-based offset of WHERE
        EXPECT_NE(std::string(e.info().location.file_name()).find("sqlite_errors_sqlite_test"),
                  std::string::npos);
    }
}

TEST(SqliteErrors, PipelineErrorSaysWhichOfTwoIdenticalStatementsFailed) {
    auto conn = Connection::open("sqlite::memory:");
    conn.execute_script("CREATE TABLE t (a INTEGER PRIMARY KEY)");
    const Statement batch[] = {{"INSERT INTO t VALUES (1)", {}}, {"INSERT INTO t VALUES (1)", {}}};
    try {
        (void)conn.pipeline(batch);
        ADD_FAILURE() << "no error";
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.info().statement_index, std::optional<std::size_t>(1));
    }
}

TEST(SqliteErrors, UniqueViolationOnAnExplicitIndexUsesTheIndexName) {
    auto conn = Connection::open("sqlite::memory:");
    conn.execute_script(
        "CREATE TABLE t (a INTEGER, b INTEGER); "
        "CREATE UNIQUE INDEX t_a_b_uq ON t (a, b); INSERT INTO t VALUES (1, 2);");
    try {
        conn.execute("INSERT INTO t VALUES (1, 2)");
        ADD_FAILURE() << "no error";
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.constraint(), "t_a_b_uq");
        EXPECT_EQ(e.table(), "t");
        EXPECT_EQ(e.column(), "a, b");
    }
}

TEST(SqliteErrors, IntegerPrimaryKeyViolationNamesThePkey) {
    auto conn = Connection::open("sqlite::memory:");
    conn.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
    try {
        conn.execute("INSERT INTO t VALUES (1)");
        ADD_FAILURE() << "no error";
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.constraint(), "t_pkey");
    }
}

TEST(SqliteErrors, CachedStatementsSurviveSchemaChanges) {
    auto conn = Connection::open("sqlite::memory:");
    conn.execute_script("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);");
    EXPECT_EQ(conn.execute("SELECT * FROM t").columns(), 1u);
    conn.execute_script("ALTER TABLE t ADD COLUMN b INTEGER");
    EXPECT_EQ(conn.execute("SELECT * FROM t").columns(), 2u);
}

TEST(SqliteErrors, ScriptErrorsAreMappedToo) {
    auto conn = Connection::open("sqlite::memory:");
    EXPECT_THROW(conn.execute_script("CREATE TABLE t (a INTEGER); SELECT * FROM nope;"),
                 UndefinedTable);
    EXPECT_THROW(conn.execute_script("SELECT $1"), UsageError);
}

TEST(SqliteEcho, LogsEachStatementWithItsDuration) {
    std::mutex m;
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) {
        std::lock_guard lock(m);
        lines.emplace_back(line);
    });
    {
        ConnectOptions options;
        options.url = "sqlite::memory:";
        options.echo = true;
        options.echo_params = true;
        auto conn = Connection::open(options);
        conn.query("SELECT $1 AS echoed", std::int64_t{42});
    }
    log::set_sink(nullptr);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("SELECT $1 AS echoed"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(" ms"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("$1=42"), std::string::npos) << lines[0];
}

TEST(SqliteEcho, IsSilentWhenOff) {
    int count = 0;
    log::set_sink([&](log::Level, std::string_view) { ++count; });
    {
        auto conn = Connection::open("sqlite::memory:");
        conn.execute("SELECT 1");
    }
    log::set_sink(nullptr);
    EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace strata::driver::testing
