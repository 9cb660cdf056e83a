// Tests for sql::parse_in_pieces: the same statements, trees and locations as parse(), in pieces.
#include "strata/sql/parse_pieces.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "strata/sql/parse_error.hpp"

namespace strata::sql {
namespace {

// Pieces of 4 KB: the same code paths as the default 1 MB pieces, on scripts of a few pieces.
constexpr std::size_t kPiece = 4096;

std::vector<ParsedStatement> in_pieces(const std::string& script, std::vector<std::size_t>* done,
                                       const NeedsTree& needs_tree = {}) {
    std::vector<ParsedStatement> out;
    parse_in_pieces(
        script, "long.sql", [&](ParsedStatement& s) { out.push_back(std::move(s)); },
        [&](std::size_t d, std::size_t total) {
            EXPECT_EQ(total, script.size());
            if (done != nullptr) done->push_back(d);
        },
        needs_tree, kPiece);
    return out;
}

// About 2.25 pieces: a function whose BEGIN ATOMIC body holds semicolons, placed so that the first
// piece's cut falls inside it, statements spanning lines, and multi-byte characters before them.
std::string long_script() {
    std::string s = "-- données: ünïcode before the first statement\n";
    int i = 0;
    while (s.size() < kPiece - 40) {
        s += "INSERT INTO t (id, name)\n  VALUES (" + std::to_string(i++) + ", 'é');\n";
    }
    s += "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC\n";
    for (int k = 0; k < 3; ++k) s += "  SELECT " + std::to_string(k) + ";\n";
    s += "END;\n";
    while (s.size() < 2 * kPiece + kPiece / 4) {
        s += "UPDATE t SET name = 'x' WHERE id = " + std::to_string(i++) + ";\n";
    }
    return s;
}

TEST(ParseInPieces, ALongScriptGivesTheStatementsTreesAndLocationsOfAWholeParse) {
    const std::string script = long_script();
    std::vector<std::size_t> done;
    const auto pieces = in_pieces(script, &done);
    const auto whole = parse(script, "long.sql").statements();
    ASSERT_EQ(pieces.size(), whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        ASSERT_EQ(pieces[i].source.text, whole[i].source.text) << i;
        ASSERT_EQ(pieces[i].source.line, whole[i].source.line) << i;
        ASSERT_EQ(pieces[i].source.column, whole[i].source.column) << i;
        ASSERT_EQ(pieces[i].source.offset, whole[i].source.offset) << i;
        ASSERT_EQ(pieces[i].kind, whole[i].kind) << i;
        ASSERT_EQ(pieces[i].node, whole[i].node) << i;
    }
    // Progress after each piece, increasing, the last one at the end of the script.
    ASSERT_GE(done.size(), 3U);
    for (std::size_t i = 1; i < done.size(); ++i) EXPECT_GT(done[i], done[i - 1]);
    EXPECT_LE(done.front(), kPiece + kPiece / 2);
    EXPECT_EQ(done.back(), script.size());
}

TEST(ParseInPieces, OnlyTheStatementsTheCallerSelectsGetATree) {
    const std::string script = long_script();
    const auto pieces = in_pieces(script, nullptr,
                                  [](std::string_view text) { return text.starts_with("CREATE"); });
    const auto whole = parse(script, "long.sql").statements();
    ASSERT_EQ(pieces.size(), whole.size());
    std::size_t with_tree = 0;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(pieces[i].source.offset, whole[i].source.offset) << i;
        if (pieces[i].kind.empty()) {
            EXPECT_TRUE(pieces[i].node.is_null());
            continue;
        }
        ++with_tree;
        EXPECT_EQ(pieces[i].kind, "CreateFunctionStmt");
        EXPECT_EQ(pieces[i].node, whole[i].node);  // locations are the script's
    }
    EXPECT_EQ(with_tree, 1U);
}

TEST(ParseInPieces, ASyntaxErrorDeepInALongScriptIsReportedAtItsLineAndColumn) {
    std::string script = long_script();
    const auto lines_before = static_cast<int>(std::count(script.begin(), script.end(), '\n'));
    script += "SELECT 1;\n  SELEC 2;\n";
    try {
        (void)in_pieces(script, nullptr);
        FAIL() << "no ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), lines_before + 2);
        EXPECT_EQ(e.column(), 3);
        EXPECT_NE(std::string(e.what()).find("long.sql:"), std::string::npos) << e.what();
    }
}

TEST(ParseInPieces, TheDefaultPieceIsAMegabyte) {
    std::string script;
    for (int i = 0; script.size() < kParsePieceBytes + kParsePieceBytes / 2; ++i) {
        script += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'some padding text');\n";
    }
    std::vector<std::size_t> done;
    std::size_t statements = 0;
    parse_in_pieces(
        script, "mb.sql", [&](ParsedStatement&) { ++statements; },
        [&](std::size_t d, std::size_t) { done.push_back(d); });
    EXPECT_EQ(statements, static_cast<std::size_t>(std::count(script.begin(), script.end(), ';')));
    ASSERT_EQ(done.size(), 2U);
    EXPECT_GE(done.front(), kParsePieceBytes);
    EXPECT_LT(done.front(), kParsePieceBytes + 100);
}

TEST(ParseInPieces, AShortScriptIsParsedWholeWithOneProgressCall) {
    std::vector<std::size_t> done;
    const auto pieces = in_pieces("CREATE TABLE t (a int);\nSELECT 1;\n", &done);
    ASSERT_EQ(pieces.size(), 2U);
    EXPECT_EQ(pieces[1].kind, "SelectStmt");
    EXPECT_EQ(pieces[1].source.line, 2);
    EXPECT_EQ(done, (std::vector<std::size_t>{34}));
}

TEST(LeadingKeyword, SkipsSpacesAndCommentsAndUpperCasesTheFirstWord) {
    EXPECT_EQ(leading_keyword("insert into t values (1)"), "INSERT");
    EXPECT_EQ(leading_keyword("\n  -- a row\n/* more */ Insert INTO t VALUES (1)"), "INSERT");
    EXPECT_EQ(leading_keyword("COMMIT"), "COMMIT");
    EXPECT_EQ(leading_keyword("(SELECT 1)"), "");
    EXPECT_EQ(leading_keyword("insert2 x"), "");  // not a keyword: an identifier
    EXPECT_EQ(leading_keyword("-- only a comment"), "");
    EXPECT_EQ(leading_keyword(""), "");
}

}  // namespace
}  // namespace strata::sql
