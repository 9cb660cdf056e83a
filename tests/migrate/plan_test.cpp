// Tests of splitting long migration sections in pieces: statements, lines and errors stay exact.
#include "migrate/plan.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "strata/migrate/errors.hpp"

namespace strata::migrate {
namespace {

/// "-- migrate:up\n" then filler INSERTs up to about bytes, then tail; line 2 is the first.
Migration long_migration(std::size_t bytes, const std::string& tail, int* tail_line) {
    std::string text = "-- migrate:up\n";
    int line = 2;
    for (int i = 0; text.size() < bytes; ++i, ++line) {
        text += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'é filler text');\n";
    }
    *tail_line = line;
    text += tail;
    return parse_migration("db/migrations/20240101000000_long.sql", text);
}

TEST(PlanPieces, ALongSectionSplitsIntoTheSameStatementsWithTheirFileLines) {
    // A BEGIN ATOMIC body right across the first 1 MB cut: the scanner cuts it at its inner
    // semicolons, the piece does not parse and is extended.
    std::string body = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC\n";
    for (int i = 0; i < 200; ++i) body += "  SELECT " + std::to_string(i) + ";\n";
    body += "END;\n  SELECT 'after';\n";
    int tail_line = 0;
    const auto m = long_migration((std::size_t{1} << 20) - 1500, body, &tail_line);
    std::vector<std::size_t> seen;
    const auto step = prepare_step(m, Direction::up, driver::Backend::postgres, 150000, false,
                                   [&](std::size_t done, std::size_t) { seen.push_back(done); });
    ASSERT_GE(seen.size(), 1U);
    ASSERT_GE(step.statements.size(), 3U);
    const auto& fn = step.statements[step.statements.size() - 2];
    EXPECT_EQ(fn.line, tail_line);
    EXPECT_TRUE(fn.sql.starts_with("CREATE FUNCTION f()")) << fn.sql.substr(0, 40);
    EXPECT_TRUE(fn.sql.ends_with("END")) << fn.sql.substr(fn.sql.size() - 20);
    const auto& last = step.statements.back();
    EXPECT_EQ(last.sql, "SELECT 'after'");
    EXPECT_EQ(last.line, tail_line + 202);
    EXPECT_EQ(last.column, 3);
    EXPECT_EQ(step.statements.front().line, 2);
}

TEST(PlanPieces, StatementsAreViewsIntoTheMigrationsTextWithTheirFileLines) {
    // PostgreSQL: a section of several pieces; SQLite: a long one too (its splitter counted
    // each statement's line from the start of the section: 2 MB took minutes).
    for (const auto& [backend, bytes] :
         {std::pair{driver::Backend::postgres, std::size_t{2} << 20},
          std::pair{driver::Backend::sqlite, std::size_t{2} << 20}}) {
        int tail_line = 0;
        const auto m = long_migration(
            bytes, "SELECT 'last';\n-- migrate:down\n\n  DELETE FROM t;\nSELECT 2;\n", &tail_line);
        const auto inside = [&](std::string_view sql) {
            return sql.data() >= m.source->data() &&
                   sql.data() + sql.size() <= m.source->data() + m.source->size();
        };
        const auto up = prepare_step(m, Direction::up, backend, 150000);
        ASSERT_GE(up.statements.size(), 2U);
        for (const auto& st : up.statements) ASSERT_TRUE(inside(st.sql)) << st.line;
        EXPECT_EQ(up.statements.front().line, 2);
        EXPECT_EQ(up.statements.back().sql, "SELECT 'last'");
        EXPECT_EQ(up.statements.back().line, tail_line);
        // The down section starts below the up one: its statements keep the file's lines.
        const auto down = prepare_step(m, Direction::down, backend, 150000);
        ASSERT_EQ(down.statements.size(), 2U);
        EXPECT_TRUE(inside(down.statements[0].sql));
        EXPECT_EQ(down.statements[0].sql, "DELETE FROM t");
        EXPECT_EQ(down.statements[0].line, tail_line + 3);
        EXPECT_EQ(down.statements[0].column, 3);
        EXPECT_EQ(down.statements[1].line, tail_line + 4);
    }
}

TEST(PlanPieces, ASyntaxErrorInADownSectionNamesItsFileLine) {
    const auto m =
        parse_migration("db/migrations/20240101000000_x.sql",
                        "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\nDROP TABEL x;\n");
    try {
        (void)prepare_step(m, Direction::down, driver::Backend::postgres, 150000);
        FAIL() << "parsed";
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find(":5:6:"), std::string::npos) << e.what();
    }
}

TEST(PlanPieces, ASyntaxErrorFarIntoALongSectionNamesItsLineAndColumn) {
    int tail_line = 0;
    const auto m =
        long_migration(std::size_t{3} << 20, "SELECT 1;\nCREATE TABEL x (id int);\n", &tail_line);
    try {
        (void)prepare_step(m, Direction::up, driver::Backend::postgres, 150000);
        FAIL() << "parsed";
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find(":" + std::to_string(tail_line + 1) + ":8:"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace strata::migrate
