// Tests for Numeric: canonical exact decimal text following PostgreSQL's numeric input rules.
#include "strata/core/numeric.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strata/core/error.hpp"

namespace strata {
namespace {

std::string canon(std::string_view text) {
    return Numeric(text).to_string();
}

std::string numeric_error(std::string_view text) {
    try {
        (void)Numeric(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Numeric, DefaultsToZero) {
    EXPECT_EQ(Numeric().to_string(), "0");
}

TEST(Numeric, KeepsPlainDecimalsAndTheirScale) {
    EXPECT_EQ(canon("12.3400"), "12.3400");
    EXPECT_EQ(canon("-12.34"), "-12.34");
    EXPECT_EQ(canon("0.000"), "0.000");
    EXPECT_EQ(canon("42"), "42");
}

TEST(Numeric, StripsLeadingZerosSignsAndWhitespace) {
    EXPECT_EQ(canon("007.50"), "7.50");
    EXPECT_EQ(canon("+5"), "5");
    EXPECT_EQ(canon(".5"), "0.5");
    EXPECT_EQ(canon("-.5"), "-0.5");
    EXPECT_EQ(canon("5."), "5");
    EXPECT_EQ(canon("  12 "), "12");
    EXPECT_EQ(canon("000"), "0");
}

TEST(Numeric, TurnsNegativeZeroIntoZero) {
    EXPECT_EQ(canon("-0"), "0");
    EXPECT_EQ(canon("-0.00"), "0.00");
    EXPECT_EQ(canon("-000.0e5"), "0");
}

TEST(Numeric, ExpandsExponents) {
    EXPECT_EQ(canon("1.5e3"), "1500");
    EXPECT_EQ(canon("1e-3"), "0.001");
    EXPECT_EQ(canon("1E+2"), "100");
    EXPECT_EQ(canon("1.50e1"), "15.0");
    EXPECT_EQ(canon("1.500e-3"), "0.001500");
    EXPECT_EQ(canon("-12.5e-1"), "-1.25");
    EXPECT_EQ(canon("0.0e-2"), "0.000");
    EXPECT_EQ(canon("123e-2"), "1.23");
    EXPECT_EQ(canon("1e1000"), "1" + std::string(1000, '0'));
    EXPECT_EQ(canon("1e-1000"), "0." + std::string(999, '0') + "1");
}

TEST(Numeric, AcceptsSpecialValuesInAnyCase) {
    EXPECT_EQ(canon("NaN"), "NaN");
    EXPECT_EQ(canon("nan"), "NaN");
    EXPECT_EQ(canon("INFINITY"), "Infinity");
    EXPECT_EQ(canon("+infinity"), "Infinity");
    EXPECT_EQ(canon("-Infinity"), "-Infinity");
    EXPECT_EQ(canon("-inf"), "-Infinity");
    EXPECT_TRUE(Numeric("nan").is_nan());
    EXPECT_FALSE(Numeric("Infinity").is_finite());
    EXPECT_TRUE(Numeric("1.5").is_finite());
}

TEST(Numeric, KeepsThousandDigitNumbersExact) {
    std::string big;
    for (int i = 0; i < 1000; ++i) big.push_back(static_cast<char>('1' + i % 9));
    EXPECT_EQ(canon(big), big);
    EXPECT_EQ(canon("-" + big + "." + big), "-" + big + "." + big);
    EXPECT_EQ(canon("0000" + big), big);
}

TEST(Numeric, ComparesCanonicalText) {
    EXPECT_EQ(Numeric("1.50"), Numeric("001.50"));
    EXPECT_EQ(Numeric("1.5e0"), Numeric("1.5"));
    EXPECT_NE(Numeric("1.5"), Numeric("1.50"));  // scale is part of the value, as in PostgreSQL
}

TEST(Numeric, RejectsMalformedTextNamingIt) {
    for (const char* bad : {"", " ", "abc", "1.2.3", "1e", "1e+", "--1", "+-1", "1 2", ".", "-",
                            "e5", "1,5", "0x10", "1e1001", "1e-1001", "NaNa", "1_000"}) {
        EXPECT_THAT(numeric_error(bad),
                    testing::StartsWith("invalid numeric '" + std::string(bad) + "'"))
            << bad;
    }
    EXPECT_THAT(numeric_error("12x"), testing::HasSubstr("unexpected 'x' at offset 2"));
    EXPECT_THAT(numeric_error("1e5000"), testing::HasSubstr("exponent"));
}

}  // namespace
}  // namespace strata
