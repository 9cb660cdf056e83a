// Tests for sql::fingerprint and sql::normalize.
#include "strata/sql/fingerprint.hpp"

#include <gtest/gtest.h>

#include "strata/sql/parse_error.hpp"

namespace strata::sql {
namespace {

TEST(Fingerprint, IsEqualForTheSameQueryWithOtherLiteralsAndSpacing) {
    auto a = fingerprint("SELECT * FROM users WHERE id = 1 AND name = 'ann'");
    auto b = fingerprint("select *\n  from users\n where id = 42 -- hi\n   and name = 'bob'");
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.size(), 16U);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
}

TEST(Fingerprint, DiffersForADifferentQuery) {
    EXPECT_NE(fingerprint("SELECT * FROM users WHERE id = 1"),
              fingerprint("SELECT * FROM users WHERE email = 1"));
}

TEST(Fingerprint, IgnoresAByteOrderMark) {
    EXPECT_EQ(fingerprint("\xEF\xBB\xBFSELECT 1"), fingerprint("SELECT 2"));
}

TEST(Fingerprint, ThrowsParseErrorForInvalidSql) {
    try {
        (void)fingerprint("SELECT FROM FROM", "q.sql");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 1);
        EXPECT_EQ(e.column(), 13);
    }
}

TEST(Normalize, ReplacesLiteralsWithParameters) {
    EXPECT_EQ(normalize("SELECT a FROM t WHERE b = 'x' AND c > 3"),
              "SELECT a FROM t WHERE b = $1 AND c > $2");
}

}  // namespace
}  // namespace strata::sql
