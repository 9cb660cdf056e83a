// Tests for sql::parse and statement_kind: trees, kinds and locations.
#include "strata/sql/parse_tree.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "strata/sql/parse_error.hpp"

namespace strata::sql {
namespace {

TEST(ParseTree, ListsTheNodeTypeOfEachStatement) {
    auto tree = parse(
        "CREATE TABLE t (a int);\n"
        "CREATE INDEX CONCURRENTLY t_a ON t (a);\n"
        "SELECT 1");
    EXPECT_EQ(tree.kinds(), (std::vector<std::string>{"CreateStmt", "IndexStmt", "SelectStmt"}));
    EXPECT_GE(tree.version(), 150000);
    EXPECT_LT(tree.version(), 160000);
}

TEST(ParseTree, ExposesNodeFieldsSuchAsTheConcurrentFlag) {
    auto tree = parse("CREATE INDEX CONCURRENTLY t_a ON t (a); CREATE INDEX t_b ON t (b)");
    const auto& stmts = tree.statements();
    ASSERT_EQ(stmts.size(), 2U);
    const auto& first = statement_body(stmts[0].node);
    EXPECT_EQ(first.at("idxname"), "t_a");
    EXPECT_TRUE(first.value("concurrent", false));
    EXPECT_EQ(first.at("relation").at("relname"), "t");
    EXPECT_FALSE(statement_body(stmts[1].node).value("concurrent", false));
}

TEST(ParseTree, LocatesStatementsLikeSplit) {
    std::string script = "\xEF\xBB\xBF-- create\nCREATE TABLE t (a int);\n\n  SELECT 1  ";
    auto parsed = parse(script, "s.sql").statements();
    auto split_up = split(script, "s.sql");
    ASSERT_EQ(parsed.size(), 2U);
    ASSERT_EQ(split_up.size(), 2U);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(parsed[i].source.text, split_up[i].text);
        EXPECT_EQ(parsed[i].source.offset, split_up[i].offset);
        EXPECT_EQ(parsed[i].source.line, split_up[i].line);
        EXPECT_EQ(parsed[i].source.column, split_up[i].column);
        EXPECT_EQ(parsed[i].source.leading_comments, split_up[i].leading_comments);
    }
    EXPECT_EQ(parsed[0].source.leading_comments, std::vector<std::string>{"-- create"});
    EXPECT_EQ(parsed[1].source.text, "SELECT 1");
    EXPECT_EQ(parsed[1].source.line, 4);
    EXPECT_EQ(parsed[1].source.column, 3);
}

TEST(ParseTree, IsEmptyForAnEmptyScript) {
    EXPECT_TRUE(parse("").statements().empty());
    EXPECT_TRUE(parse("-- only a comment").statements().empty());
}

TEST(ParseTree, ReportsSyntaxErrorsWithFileLineAndColumn) {
    try {
        (void)parse("SELECT 1;\n\nSELECT * FROM WHERE", "q.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_STREQ(e.what(), "q.sql:3:15: syntax error at or near \"WHERE\"");
    }
}

TEST(ParseTree, GivesTheSameTreesWhenCalledFromSeveralThreadsAtOnce) {
    const std::string script =
        "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);\nSELECT 'x' FROM t";
    const auto expected = parse(script).statements();
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                auto got = parse(script).statements();
                bool same = got.size() == expected.size();
                for (std::size_t k = 0; same && k < got.size(); ++k) {
                    same = got[k].node == expected[k].node &&
                           got[k].source.text == expected[k].source.text;
                }
                if (!same) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(StatementKind, AcceptsANodeOrItsRawStmtWrapper) {
    auto node = nlohmann::json::parse(R"({"VacuumStmt": {"is_vacuumcmd": true}})");
    EXPECT_EQ(statement_kind(node), "VacuumStmt");
    EXPECT_EQ(statement_kind(nlohmann::json{{"stmt", node}, {"stmt_len", 6}}), "VacuumStmt");
    EXPECT_TRUE(statement_body(node).at("is_vacuumcmd").get<bool>());
}

TEST(StatementKind, RejectsSomethingThatIsNoNode) {
    EXPECT_THROW((void)statement_kind(nlohmann::json::array()), UsageError);
    EXPECT_THROW((void)statement_kind(nlohmann::json{{"a", 1}, {"b", 2}}), UsageError);
}

}  // namespace
}  // namespace strata::sql
