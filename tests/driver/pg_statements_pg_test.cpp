// PostgreSQL statement cache, pooler-safe mode, pipeline mode and binary COPY.
#include <gtest/gtest.h>

#include "driver/pg_test_support.hpp"

namespace strata::driver {
namespace {

using pgtest::connect_fresh;
using pgtest::server_prepared;

TEST(PgStatementCache, ReusesOnePreparedStatementPerSqlText) {
    auto c = connect_fresh();
    for (std::int64_t i = 0; i < 5; ++i)
        EXPECT_EQ(c.query("SELECT $1::int8 + 1", i).scalar<std::int64_t>(), i + 1);
    EXPECT_EQ(c.prepared_statements(), 1u);
    EXPECT_EQ(server_prepared(c), 1);
    (void)c.query("SELECT 2");
    EXPECT_EQ(c.prepared_statements(), 2u);
    EXPECT_EQ(server_prepared(c), 2);
}

TEST(PgStatementCache, EvictsLeastRecentlyUsedAndDeallocatesIt) {
    auto c = connect_fresh(true, 3);
    for (int i = 0; i < 10; ++i) (void)c.execute(fmt::format("SELECT {}", i));
    EXPECT_EQ(c.prepared_statements(), 3u);
    EXPECT_EQ(server_prepared(c), 3);
    auto names = c.execute("SELECT statement FROM pg_prepared_statements ORDER BY 1", {},
                           {.timeout = {}, .prepare = false})
                     .as<std::string>();
    EXPECT_EQ(names, (std::vector<std::string>{"SELECT 7", "SELECT 8", "SELECT 9"}));
}

TEST(PgStatementCache, ReplansAfterAlterTableChangesTheResultType) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE t (id int4); INSERT INTO t VALUES (7);");
    EXPECT_EQ(c.query("SELECT * FROM t").scalar<std::int32_t>(), 7);
    c.execute_script("ALTER TABLE t ADD COLUMN name text DEFAULT 'n'");
    auto r = c.query("SELECT * FROM t");
    ASSERT_EQ(r.columns(), 2u);
    EXPECT_EQ(r[0].get<std::string>("name"), "n");
    c.execute_script("ALTER TABLE t ALTER COLUMN id TYPE int8");
    EXPECT_EQ(c.query("SELECT * FROM t")[0].get<std::int64_t>("id"), 7);
}

TEST(PgStatementCache, ForgetsStatementsAfterDiscardAll) {
    auto c = connect_fresh();
    (void)c.query("SELECT 1");
    c.execute_script("DISCARD ALL");
    EXPECT_EQ(c.prepared_statements(), 0u);
    EXPECT_EQ(c.query("SELECT 1").scalar<std::int32_t>(), 1);
    (void)c.query("DISCARD ALL");
    EXPECT_EQ(c.prepared_statements(), 0u);
    EXPECT_EQ(c.query("SELECT 1").scalar<std::int32_t>(), 1);
}

TEST(PgStatementCache, ReprepareWhenParameterTypesChange) {
    auto c = connect_fresh();
    EXPECT_EQ(c.query("SELECT $1", std::int32_t{5}).scalar<std::int32_t>(), 5);
    EXPECT_EQ(c.query("SELECT $1", std::int64_t{1} << 40).scalar<std::int64_t>(),
              std::int64_t{1} << 40);
    EXPECT_EQ(c.prepared_statements(), 1u);
}

TEST(PgPoolerSafeMode, CreatesNoPreparedStatements) {
    auto c = connect_fresh(false);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(c.query("SELECT $1::int4", i).scalar<std::int32_t>(), i);
    EXPECT_EQ(c.prepared_statements(), 0u);
    EXPECT_EQ(server_prepared(c), 0);
}

TEST(PgPoolerSafeMode, UrlOptionPrepareOffTurnsItOn) {
    const std::string url = strata::testing::fresh_database_url("driver");
    auto c =
        Connection::open(url + (url.find('?') == std::string::npos ? "?" : "&") + "prepare=off");
    (void)c.query("SELECT 1");
    EXPECT_EQ(c.prepared_statements(), 0u);
    EXPECT_EQ(server_prepared(c), 0);
}

TEST(PgPipeline, RunsAHundredInsertsInOrder) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE p (id int8 PRIMARY KEY, v text)");
    std::vector<Statement> batch;
    for (std::int64_t i = 0; i < 100; ++i) {
        batch.push_back({"INSERT INTO p VALUES ($1, $2) RETURNING id",
                         {i, std::string("v") + std::to_string(i)}});
    }
    auto results = c.pipeline(batch);
    ASSERT_EQ(results.size(), 100u);
    EXPECT_EQ(results[42].scalar<std::int64_t>(), 42);
    EXPECT_EQ(c.query("SELECT count(*) FROM p").scalar<std::int64_t>(), 100);
}

TEST(PgPipeline, ThrowsTheFirstErrorAndLeavesTheConnectionUsable) {
    auto c = connect_fresh(false);  // unnamed statements in the pipeline too
    c.execute_script("CREATE TABLE p (id int8 PRIMARY KEY)");
    std::vector<Statement> batch;
    for (std::int64_t i = 0; i < 100; ++i)
        batch.push_back({"INSERT INTO p VALUES ($1)", {i == 50 ? 10 : i}});
    try {
        (void)c.pipeline(batch);
        FAIL();
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.constraint(), "p_pkey");
        // 51 statements share the failing text; the index says which one failed.
        EXPECT_EQ(e.info().statement_index, std::optional<std::size_t>(50));
    }
    // Outside a transaction block a pipeline is one implicit transaction: nothing persisted.
    EXPECT_EQ(c.query("SELECT count(*) FROM p").scalar<std::int64_t>(), 0);
    EXPECT_EQ(c.transaction_state(), TransactionState::idle);
    EXPECT_FALSE(c.is_broken());
}

TEST(PgScript, ACopyFromStdinInAScriptFailsAndTheConnectionStaysUsable) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE t (id bigint)");
    std::vector<Result> done;
    EXPECT_THROW(c.execute_script("SELECT 1; COPY t FROM STDIN; SELECT 3", done), SqlError);
    EXPECT_EQ(done.size(), 1u);
    EXPECT_FALSE(c.is_broken());
    EXPECT_EQ(c.query("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
}

TEST(PgScript, ACopyToStdoutInAScriptIsReadPastAndTheRestRuns) {
    auto c = connect_fresh();
    std::vector<Result> done;
    c.execute_script(
        "SELECT 1; COPY (SELECT g FROM generate_series(1, 1000) g) TO STDOUT; "
        "SELECT 3",
        done);
    ASSERT_EQ(done.size(), 3u);  // the COPY's own result included
    EXPECT_EQ(done[2].scalar<std::int32_t>(), 3);
    EXPECT_EQ(c.query("SELECT 4").scalar<std::int32_t>(), 4);
}

TEST(PgScript, AConnectionLostMidScriptKeepsTheResultsBeforeIt) {
    auto c = connect_fresh();
    std::vector<Result> done;
    EXPECT_THROW(c.execute_script("SELECT 'before'; SELECT pg_terminate_backend(pg_backend_pid()); "
                                  "SELECT 'after'",
                                  done),
                 ConnectionError);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].scalar<std::string>(), "before");
    EXPECT_TRUE(c.is_broken());
}

TEST(PgCopy, LoadsTenThousandRowsOfEveryTypeWithNulls) {
    auto c = connect_fresh();
    c.execute_script(
        "CREATE TABLE k (i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, b bool, t text, "
        "by bytea, ts timestamptz, d date, u uuid, j jsonb, js json, n numeric, a int8[], vc "
        "varchar)");
    const std::vector<std::string> cols = {"i2", "i4", "i8", "f4", "f8", "b", "t", "by",
                                           "ts", "d",  "u",  "j",  "js", "n", "a", "vc"};
    auto w = c.copy_in("k", cols);
    const auto u = Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    for (std::int64_t i = 0; i < 10'000; ++i) {
        if (i % 100 == 0) {
            std::vector<Value> nulls(cols.size());
            w.write_row(nulls);
            continue;
        }
        w.row(static_cast<std::int16_t>(i % 1000), static_cast<std::int32_t>(i), i, 1.5f,
              0.25 * static_cast<double>(i), i % 2 == 0, "text " + std::to_string(i),
              Bytes(std::string_view("\0\1", 2)), Timestamptz(i * 1'000'000),
              Date(static_cast<std::int32_t>(-i)), u, Json(nlohmann::json{{"i", i}}),
              Json(nlohmann::json{1}), Numeric("-" + std::to_string(i) + ".0500"),
              std::vector<std::int64_t>{i, -i}, std::string("v"));
    }
    EXPECT_EQ(w.finish(), 10'000u);
    EXPECT_EQ(c.query("SELECT count(*) FROM k").scalar<std::int64_t>(), 10'000);
    EXPECT_EQ(c.query("SELECT count(*) FROM k WHERE i8 IS NULL").scalar<std::int64_t>(), 100);
    auto r = c.query("SELECT * FROM k WHERE i8 = 4321");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].get<std::int16_t>("i2"), 321);
    EXPECT_EQ(r[0].get<std::string>("t"), "text 4321");
    EXPECT_EQ(r[0].get<Timestamptz>("ts"), Timestamptz(4321'000'000));
    EXPECT_EQ(r[0].get<Date>("d"), Date(-4321));
    EXPECT_EQ(r[0].get<Uuid>("u"), u);
    EXPECT_EQ(r[0].get<Json>("j"), Json(nlohmann::json{{"i", 4321}}));
    EXPECT_EQ(r[0].get<Numeric>("n").to_string(), "-4321.0500");
    EXPECT_EQ(r[0].get<std::vector<std::int64_t>>("a"), (std::vector<std::int64_t>{4321, -4321}));
    EXPECT_EQ(r[0].get<Bytes>("by"), Bytes(std::string_view("\0\1", 2)));
}

TEST(PgCopy, AbortedLoadWritesNothing) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE k (id int8, v text)");
    {
        const std::vector<std::string> cols;
        auto w = c.copy_in("k", cols);
        for (std::int64_t i = 0; i < 50'000; ++i) w.row(i, std::string("x"));
    }  // destroyed unfinished
    EXPECT_EQ(c.query("SELECT count(*) FROM k").scalar<std::int64_t>(), 0);
    EXPECT_FALSE(c.is_broken());
}

TEST(PgCopy, RejectsAValueOfTheWrongTypeNamingTheColumn) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE k (id int8, v uuid)");
    const std::vector<std::string> cols = {"id", "v"};
    auto w = c.copy_in("k", cols);
    EXPECT_THROW(w.row(std::int64_t{1}, std::int64_t{2}), UsageError);
}

}  // namespace
}  // namespace strata::driver
