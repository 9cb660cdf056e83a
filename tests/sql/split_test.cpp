// Tests for sql::split: statement boundaries, locations and leading comments.
#include "strata/sql/split.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "strata/sql/parse_error.hpp"

namespace strata::sql {
namespace {

std::vector<std::string> texts(const std::vector<Statement>& statements) {
    std::vector<std::string> out;
    for (const auto& s : statements) out.push_back(s.text);
    return out;
}

// Every statement's offset and length must point at its text in the original script.
void expect_offsets_point_into(std::string_view script, const std::vector<Statement>& stmts) {
    for (const auto& s : stmts) {
        EXPECT_EQ(s.length, s.text.size());
        EXPECT_EQ(script.substr(s.offset, s.length), s.text);
    }
}

TEST(Split, KeepsDollarQuotedBodiesWithSemicolonsAndNestedTagsWhole) {
    std::string script =
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $fn$\n"
        "BEGIN\n"
        "  PERFORM $$ ; $$;\n"
        "  RETURN 1;\n"
        "END;\n"
        "$fn$;\n"
        "SELECT 2;\n";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_TRUE(stmts[0].text.starts_with("CREATE FUNCTION f()"));
    EXPECT_TRUE(stmts[0].text.ends_with("END;\n$fn$"));
    EXPECT_EQ(stmts[1].text, "SELECT 2");
    EXPECT_EQ(stmts[1].line, 7);
    EXPECT_EQ(stmts[1].column, 1);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, KeepsBeginAtomicBodiesWhole) {
    std::string script =
        "CREATE FUNCTION g() RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n"
        "  SELECT 1;\n"
        "  SELECT 2;\n"
        "END;\n"
        "SELECT 3;";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_TRUE(stmts[0].text.ends_with("SELECT 2;\nEND"));
    EXPECT_EQ(stmts[1].text, "SELECT 3");
    EXPECT_EQ(stmts[1].line, 6);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, IgnoresSemicolonsInLineAndNestedBlockComments) {
    std::string script =
        "-- a; b\n"
        "SELECT 1 /* x; /* y; */ z; */;\n"
        "/* one; /* two; */ */ SELECT 2;";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[0].text, "SELECT 1");
    EXPECT_EQ(stmts[0].leading_comments, std::vector<std::string>{"-- a; b"});
    EXPECT_EQ(stmts[0].line, 2);
    EXPECT_EQ(stmts[1].text, "SELECT 2");
    EXPECT_EQ(stmts[1].leading_comments, std::vector<std::string>{"/* one; /* two; */ */"});
    EXPECT_EQ(stmts[1].line, 3);
    EXPECT_EQ(stmts[1].column, 23);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, IgnoresSemicolonsInStringsWithEscapedQuotes) {
    std::string script = R"(SELECT 'it''s; fine';SELECT E'\'; still\\';SELECT "we""ird;" FROM t)";
    auto stmts = split(script);
    EXPECT_EQ(texts(stmts),
              (std::vector<std::string>{R"(SELECT 'it''s; fine')", R"(SELECT E'\'; still\\')",
                                        R"(SELECT "we""ird;" FROM t)"}));
    expect_offsets_point_into(script, stmts);
}

TEST(Split, EStringEndingInEscapedQuoteDoesNotHideTheNextComment) {
    // The trailing-token scan must read E'\'' as one string, or the comment would look like text.
    std::string script = "SELECT E'\\'' -- trailing; remark\n;SELECT 1";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[0].text, "SELECT E'\\''");
}

TEST(Split, OffsetsCountTheByteOrderMarkButColumnsDoNot) {
    std::string script = "\xEF\xBB\xBFSELECT 1;\nSELECT 2;";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[0].offset, 3U);
    EXPECT_EQ(stmts[0].line, 1);
    EXPECT_EQ(stmts[0].column, 1);
    EXPECT_EQ(stmts[1].offset, 13U);
    EXPECT_EQ(stmts[1].line, 2);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, HandlesCrlfLineEndings) {
    std::string script = "SELECT 1;\r\n-- about two\r\n  SELECT\r\n  2\r\n;\r\n";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[1].text, "SELECT\r\n  2");
    EXPECT_EQ(stmts[1].line, 3);
    EXPECT_EQ(stmts[1].column, 3);
    EXPECT_EQ(stmts[1].leading_comments, std::vector<std::string>{"-- about two"});
    expect_offsets_point_into(script, stmts);
}

TEST(Split, DropsEmptyStatementsAndTrailingWhitespace) {
    std::string script = " ;; SELECT 1 ;  ;\n\n  \t";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 1U);
    EXPECT_EQ(stmts[0].text, "SELECT 1");
    EXPECT_EQ(stmts[0].column, 5);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, AcceptsALastStatementWithoutSemicolon) {
    std::string script = "SELECT 1;\n  SELECT 2  -- done\n";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[1].text, "SELECT 2");
    EXPECT_EQ(stmts[1].line, 2);
    EXPECT_EQ(stmts[1].column, 3);
    expect_offsets_point_into(script, stmts);
}

TEST(Split, ReturnsNothingForEmptyOrCommentOnlyScripts) {
    EXPECT_TRUE(split("").empty());
    EXPECT_TRUE(split("\xEF\xBB\xBF").empty());
    EXPECT_TRUE(split("  -- nothing\n/* here; */\n").empty());
}

TEST(Split, CountsColumnsInCharactersNotBytes) {
    std::string script = "SELECT 'é';  SELECT 2";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[1].offset, 14U);
    EXPECT_EQ(stmts[1].column, 14);
}

TEST(Split, LeavesACommentAfterTheSemicolonOnThePreviousLineOut) {
    std::string script =
        "SELECT 1; -- about one\n"
        "-- strata:no-transaction\n"
        "/* block\n   comment */\n"
        "SELECT 2;";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_TRUE(stmts[0].leading_comments.empty());
    EXPECT_EQ(stmts[1].leading_comments,
              (std::vector<std::string>{"-- strata:no-transaction", "/* block\n   comment */"}));
    EXPECT_EQ(stmts[1].line, 5);
}

TEST(Split, KeepsDollarSignsInsideIdentifiersAndParameters) {
    std::string script = "SELECT a$b$c, $1 FROM t$x$ -- $x$ is no quote\n;SELECT 2";
    auto stmts = split(script);
    ASSERT_EQ(stmts.size(), 2U);
    EXPECT_EQ(stmts[0].text, "SELECT a$b$c, $1 FROM t$x$");
}

TEST(Split, ReportsSyntaxErrorsAsFileLineColumn) {
    std::string script = "SELECT 1;\nSELECT 2;\nCREATE TABEL t (a int);\n";
    try {
        (void)split(script, "migrations/001.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "migrations/001.sql");
        EXPECT_EQ(e.line(), 3);
        EXPECT_EQ(e.column(), 8);
        EXPECT_STREQ(e.what(), "migrations/001.sql:3:8: syntax error at or near \"TABEL\"");
    }
}

TEST(Split, LocatesErrorsAfterAByteOrderMarkAndMultibyteCharacters) {
    try {
        (void)split("\xEF\xBB\xBFSELECT 'é', + FROM x");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "<sql>");
        EXPECT_EQ(e.line(), 1);
        EXPECT_EQ(e.column(), 15);
        EXPECT_EQ(e.message(), "syntax error at or near \"FROM\"");
    }
}

TEST(Split, ReportsAnUnterminatedStringWhereItStarts) {
    try {
        (void)split("SELECT 1;\n  SELECT 'oops", "a.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(e.column(), 10);
        EXPECT_TRUE(e.message().starts_with("unterminated quoted string")) << e.message();
    }
}

TEST(Split, RejectsNulBytesWithTheirLocation) {
    std::string script = "SELECT 1;\nSELECT '";
    script += '\0';
    script += "';";
    try {
        (void)split(script, "x.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_STREQ(e.what(), "x.sql:2:9: NUL byte in SQL text");
    }
}

TEST(Split, RejectsInvalidUtf8WithItsLocation) {
    try {
        (void)split("SELECT 1;\nSELECT $$ab\xFF$$", "x.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_STREQ(e.what(), "x.sql:2:12: invalid UTF-8 byte sequence in SQL text");
    }
    EXPECT_THROW((void)split("SELECT '\xC0\xAF'"), ParseError);      // overlong '/'
    EXPECT_THROW((void)split("SELECT '\xED\xA0\x80'"), ParseError);  // a surrogate
    EXPECT_NO_THROW((void)split("SELECT '\xF0\x9F\x98\x80'"));       // U+1F600
}

TEST(Split, ParseErrorIsAUsageError) {
    EXPECT_THROW((void)split("SELEC 1"), UsageError);
}

}  // namespace
}  // namespace strata::sql
