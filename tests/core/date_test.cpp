// Tests for Date: PostgreSQL date text, BC years, infinities and the range edges.
#include "strata/core/date.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strata/core/error.hpp"

namespace strata {
namespace {

using std::chrono::year;

std::string date_error(std::string_view text) {
    try {
        (void)Date::parse(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Date, ParsesIsoDatesAsDaysSinceTheEpoch) {
    EXPECT_EQ(Date::parse("1970-01-01").unix_days(), 0);
    EXPECT_EQ(Date::parse("1970-01-02").unix_days(), 1);
    EXPECT_EQ(Date::parse("2024-02-29").unix_days(), 19782);
    EXPECT_EQ(Date::parse("2024-02-29").to_string(), "2024-02-29");
}

TEST(Date, HandlesNegativeDays) {
    EXPECT_EQ(Date::parse("1969-12-31").unix_days(), -1);
    EXPECT_EQ(Date(-1).to_string(), "1969-12-31");
    EXPECT_EQ(Date::parse("0001-01-01").unix_days(), -719162);
    EXPECT_EQ(Date(-719162).to_string(), "0001-01-01");
}

TEST(Date, ParsesAndFormatsBeforeChristAsPostgresDoes) {
    EXPECT_EQ(Date::parse("0001-12-31 BC"), Date(year{0} / 12 / 31));
    EXPECT_EQ(Date::parse("0044-03-15 BC"), Date(year{-43} / 3 / 15));
    EXPECT_EQ(Date(year{0} / 1 / 1).to_string(), "0001-01-01 BC");
    EXPECT_EQ(Date(year{-43} / 3 / 15).to_string(), "0044-03-15 BC");
    EXPECT_EQ(Date::parse("0044-03-15 bc").to_string(), "0044-03-15 BC");
    EXPECT_EQ(Date::parse("2024-01-01 AD"), Date::parse("2024-01-01"));
}

TEST(Date, RoundTripsThePostgresRangeEdges) {
    const auto min = Date::parse("4714-11-24 BC");
    EXPECT_EQ(min, Date(year{-4713} / 11 / 24));
    EXPECT_EQ(min.to_string(), "4714-11-24 BC");
    const auto max = Date::parse("5874897-12-31");
    EXPECT_EQ(max.to_string(), "5874897-12-31");
    EXPECT_LT(max, Date::infinity());
    EXPECT_THAT(date_error("4714-11-23 BC"), testing::HasSubstr("range"));
    EXPECT_THAT(date_error("5874898-01-01"), testing::HasSubstr("range"));
}

TEST(Date, ParsesAndFormatsInfinity) {
    EXPECT_EQ(Date::parse("infinity"), Date::infinity());
    EXPECT_EQ(Date::parse("-Infinity"), Date::minus_infinity());
    EXPECT_EQ(Date::infinity().to_string(), "infinity");
    EXPECT_EQ(Date::minus_infinity().to_string(), "-infinity");
    EXPECT_TRUE(Date::minus_infinity().is_infinite());
}

TEST(Date, AgreesWithChronoAndRoundTripsEveryFewDays) {
    // std::chrono::year_month_day (Hinnant's algorithm) is the oracle within its +/-32767 years.
    const auto first = std::chrono::sys_days(year{-4713} / 11 / 24).time_since_epoch().count();
    const auto last = std::chrono::sys_days(year{32767} / 12 / 31).time_since_epoch().count();
    for (auto d = first; d <= last; d += 97) {
        const Date date(static_cast<std::int32_t>(d));
        const std::string text = date.to_string();
        ASSERT_EQ(Date::parse(text), date) << text;
        const auto ymd = date.ymd();
        const int y = static_cast<int>(ymd.year());
        ASSERT_EQ(ymd, std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(d))));
        ASSERT_EQ(text.ends_with(" BC"), y <= 0) << text;
    }
}

TEST(Date, ChecksLeapDays) {
    EXPECT_NO_THROW((void)Date::parse("2000-02-29"));
    EXPECT_NO_THROW((void)Date::parse("0005-02-29 BC"));  // astronomical -4 is a leap year
    EXPECT_THAT(date_error("1900-02-29"), testing::HasSubstr("not a leap year"));
    EXPECT_THAT(date_error("2023-02-29"), testing::HasSubstr("not a leap year"));
    EXPECT_THAT(date_error("2023-06-31"), testing::HasSubstr("does not exist"));
}

TEST(Date, RejectsMalformedTextNamingIt) {
    for (const char* bad :
         {"", "2024", "24-01-01", "2024-1-1", "2024/01/01", "2024-01-01x", "2024-01-01 03:00:00",
          "2024-13-01", "2024-01-00", "0000-01-01", "0000-01-01 BC", "12345678-01-01", "infinit"}) {
        EXPECT_THAT(date_error(bad), testing::StartsWith("invalid date '" + std::string(bad) + "'"))
            << bad;
    }
    EXPECT_THAT(date_error("0000-06-01"), testing::HasSubstr("no year 0"));
}

TEST(Date, ConvertsToAndFromPostgresBinaryEpoch) {
    EXPECT_EQ(Date::from_pg_days(0), Date::parse("2000-01-01"));
    EXPECT_EQ(Date::parse("1999-12-31").pg_days(), -1);
    EXPECT_EQ(Date::from_pg_days(INT32_MAX), Date::infinity());
    EXPECT_EQ(Date::from_pg_days(INT32_MIN), Date::minus_infinity());
    EXPECT_EQ(Date::minus_infinity().pg_days(), INT32_MIN);
}

}  // namespace
}  // namespace strata
