// Tests for sql::scan_statement_starts: a script scanned in windows gives the starts of one scan.
#include "strata/sql/scan_split.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::sql {
namespace {

/// Statements whose semicolons and line breaks hide in strings, dollar quotes, comments and a
/// BEGIN ATOMIC body, with multi-byte characters: a window cut inside any of them must not count.
std::string tricky_script() {
    std::string s = "-- données ünïcode; a comment with a semicolon\n";
    for (int i = 0; i < 40; ++i) {
        const auto n = std::to_string(i);
        s += "INSERT INTO t VALUES (" + n + ", 'a string;\nacross lines; é');\n";
        s += "/* a block comment;\n   over; lines */ SELECT " + n + ";\n";
        s += "CREATE FUNCTION f" + n + "() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n" +
             "  RETURN 1; -- ;\nEND;\n$body$;\n";
        s += "SELECT E'it''s; \\' quoted;';\n";
        s += "CREATE FUNCTION g" + n + "() RETURNS int LANGUAGE sql BEGIN ATOMIC\n  SELECT 1;\n" +
             "  SELECT 2;\nEND;\n";
    }
    return s;
}

TEST(ScanStatementStarts, WindowsOfAnySizeGiveTheStartsOfOneScan) {
    const std::string script = tricky_script();
    const auto whole = scan_statement_starts(script, script.size() * 2);
    ASSERT_GT(whole.size(), 200U);
    EXPECT_EQ(whole.front(), 0U);
    for (const std::size_t window : {1UL, 16UL, 64UL, 100UL, 333UL, 1000UL, 4096UL}) {
        EXPECT_EQ(scan_statement_starts(script, window), whole) << "window " << window;
    }
}

TEST(ScanStatementStarts, AnUnterminatedQuoteAtTheEndKeepsTheStartsBeforeIt) {
    const std::string good = tricky_script();
    const std::string script = good + "SELECT 'never closed;\nSELECT 1;\n";
    // One scan of it all: nothing scans, no starts (parse() reports the error).
    EXPECT_TRUE(scan_statement_starts(script, script.size() * 2).empty());
    // In windows: the starts before the broken statement, which begins the last piece.
    const auto whole_good = scan_statement_starts(good, good.size() * 2);
    const auto windowed = scan_statement_starts(script, 256);
    ASSERT_FALSE(windowed.empty());
    ASSERT_LE(windowed.size(), whole_good.size() + 1);
    for (std::size_t i = 0; i < windowed.size() && i < whole_good.size(); ++i) {
        EXPECT_EQ(windowed[i], whole_good[i]) << i;
    }
}

}  // namespace
}  // namespace strata::sql
