// Tests for Timestamptz: PostgreSQL / ISO-8601 parsing, formatting and the edges of the range.
#include "strata/core/timestamptz.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strata/core/error.hpp"

namespace strata {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

/// Micros since 1970 for a civil UTC time, computed independently through std::chrono.
std::int64_t micros(std::chrono::year_month_day ymd, std::chrono::microseconds tod = 0us) {
    return (sys_days(ymd).time_since_epoch() + tod).count();
}

std::string timestamptz_error(std::string_view text) {
    try {
        (void)Timestamptz::parse(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Timestamptz, ParsesPostgresOutputWithMicroseconds) {
    const auto ts = Timestamptz::parse("2024-01-02 03:04:05.123456+00");
    EXPECT_EQ(ts.unix_micros(), 1704164645123456);
    EXPECT_EQ(ts.to_string(), "2024-01-02T03:04:05.123456Z");
}

TEST(Timestamptz, ParsesIsoWithTAndZ) {
    EXPECT_EQ(Timestamptz::parse("2024-01-02T03:04:05Z").unix_micros(), 1704164645000000);
    EXPECT_EQ(Timestamptz::parse("2024-01-02t03:04:05z").unix_micros(), 1704164645000000);
}

TEST(Timestamptz, AppliesEveryOffsetForm) {
    const auto expected = Timestamptz::parse("2024-01-02T03:04:05Z");
    EXPECT_EQ(Timestamptz::parse("2024-01-02 08:34:05+05:30"), expected);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 08:34:05+0530"), expected);
    EXPECT_EQ(Timestamptz::parse("2024-01-01 19:04:05-08"), expected);
    EXPECT_EQ(Timestamptz::parse("2024-01-01 19:04:05-08:00"), expected);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 08:34:20+05:30:15"), expected);
    EXPECT_EQ(Timestamptz::parse("2024-01-01 21:34:20-05:29:45"), expected);
}

TEST(Timestamptz, AcceptsZeroToSixFractionDigits) {
    const std::int64_t base = 1704164645000000;
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05+00").unix_micros(), base);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.+00").unix_micros(), base);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.1+00").unix_micros(), base + 100000);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.12+00").unix_micros(), base + 120000);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.000001+00").unix_micros(), base + 1);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.999999+00").unix_micros(), base + 999999);
}

TEST(Timestamptz, RoundsFractionsBeyondMicroseconds) {
    const std::int64_t base = 1704164645000000;
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.0000014Z").unix_micros(), base + 1);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.0000015Z").unix_micros(), base + 2);
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05.9999999Z").unix_micros(), base + 1000000);
}

TEST(Timestamptz, AcceptsMinutePrecisionAndMidnightAsHour24) {
    EXPECT_EQ(Timestamptz::parse("2024-01-02T03:04Z").unix_micros(), 1704164640000000);
    EXPECT_EQ(Timestamptz::parse("2024-01-01 24:00:00+00"),
              Timestamptz::parse("2024-01-02 00:00:00+00"));
}

TEST(Timestamptz, FormatsIsoUtcTrimmingTheFraction) {
    EXPECT_EQ(Timestamptz(0).to_string(), "1970-01-01T00:00:00Z");
    EXPECT_EQ(Timestamptz(1704164645120000).to_string(), "2024-01-02T03:04:05.12Z");
    EXPECT_EQ(Timestamptz(1704164645000001).to_string(), "2024-01-02T03:04:05.000001Z");
    EXPECT_EQ(Timestamptz(1704164645100000).to_string(), "2024-01-02T03:04:05.1Z");
}

TEST(Timestamptz, HandlesNegativeEpochValues) {
    EXPECT_EQ(Timestamptz(-1).to_string(), "1969-12-31T23:59:59.999999Z");
    EXPECT_EQ(Timestamptz::parse("1969-12-31 23:59:59.999999+00").unix_micros(), -1);
    EXPECT_EQ(Timestamptz(-86400000000).to_string(), "1969-12-31T00:00:00Z");
    EXPECT_EQ(Timestamptz::parse("1900-01-01T00:00:00Z").unix_micros(),
              micros(std::chrono::year{1900} / 1 / 1));
}

TEST(Timestamptz, ParsesAndFormatsInfinity) {
    EXPECT_EQ(Timestamptz::parse("infinity"), Timestamptz::infinity());
    EXPECT_EQ(Timestamptz::parse("+Infinity"), Timestamptz::infinity());
    EXPECT_EQ(Timestamptz::parse("-infinity"), Timestamptz::minus_infinity());
    EXPECT_EQ(Timestamptz::infinity().to_string(), "infinity");
    EXPECT_EQ(Timestamptz::minus_infinity().to_string(), "-infinity");
    EXPECT_TRUE(Timestamptz::infinity().is_infinite());
    EXPECT_FALSE(Timestamptz(0).is_infinite());
    EXPECT_LT(Timestamptz::minus_infinity(), Timestamptz::parse("4714-11-24 00:00:00+00 BC"));
}

TEST(Timestamptz, ParsesYearsBeforeOneThousandAndBeforeChrist) {
    EXPECT_EQ(Timestamptz::parse("0044-03-15 12:00:00+00").unix_micros(),
              micros(std::chrono::year{44} / 3 / 15, 12h));
    // PostgreSQL prints astronomical year 0 as 0001 BC and year -43 as 0044 BC.
    EXPECT_EQ(Timestamptz::parse("0001-12-31 23:59:59.999999+00 BC").unix_micros(),
              micros(std::chrono::year{0} / 12 / 31, 24h - 1us));
    EXPECT_EQ(Timestamptz::parse("0044-03-15 12:00:00+00 BC").unix_micros(),
              micros(std::chrono::year{-43} / 3 / 15, 12h));
    EXPECT_EQ(Timestamptz::parse("0044-03-15T12:00:00Z bc"),
              Timestamptz::parse("0044-03-15 12:00:00+00 BC"));
}

TEST(Timestamptz, FormatsBeforeChristAsPostgresDoes) {
    const auto last_bc = Timestamptz::parse("0001-12-31 23:59:59.999999+00 BC");
    EXPECT_EQ(last_bc.to_string(), "0001-12-31T23:59:59.999999Z BC");
    EXPECT_EQ(Timestamptz(last_bc.unix_micros() + 1).to_string(), "0001-01-01T00:00:00Z");
    EXPECT_EQ(Timestamptz::parse("0001-01-01 00:00:00-01 BC").to_string(),
              "0001-01-01T01:00:00Z BC");
}

TEST(Timestamptz, RoundTripsThePostgresMinimum) {
    const auto min = Timestamptz::parse("4714-11-24 00:00:00+00 BC");
    EXPECT_EQ(min.unix_micros(), micros(std::chrono::year{-4713} / 11 / 24));
    EXPECT_EQ(min.to_string(), "4714-11-24T00:00:00Z BC");
    EXPECT_EQ(Timestamptz::parse(min.to_string()), min);
    EXPECT_THAT(timestamptz_error("4714-11-23 23:59:59.999999+00 BC"), testing::HasSubstr("range"));
}

TEST(Timestamptz, RoundTripsTheLargestRepresentableInstant) {
    const Timestamptz max(INT64_MAX - 1);
    EXPECT_EQ(max.to_string(), "294247-01-10T04:00:54.775806Z");
    EXPECT_EQ(Timestamptz::parse(max.to_string()), max);
    EXPECT_EQ(Timestamptz::parse("294247-01-10 04:00:54.775806+00"), max);
    EXPECT_THAT(timestamptz_error("294247-01-10 04:00:54.775807+00"), testing::HasSubstr("range"));
    EXPECT_THAT(timestamptz_error("294276-12-31 23:59:59.999999+00"), testing::HasSubstr("294276"));
}

TEST(Timestamptz, RoundTripsMicrosecondsAcrossTheRange) {
    const std::int64_t lo = Timestamptz::parse("4714-11-24 00:00:00+00 BC").unix_micros();
    const std::int64_t hi = INT64_MAX - 1;
    const std::int64_t step = hi / 20011 - lo / 20011;  // prime: varied times and fractions
    int checked = 0;
    for (std::int64_t v = lo; v < hi - step; v += step, ++checked) {
        const Timestamptz ts(v);
        ASSERT_EQ(Timestamptz::parse(ts.to_string()), ts) << ts.to_string();
    }
    EXPECT_GE(checked, 20000);
}

TEST(Timestamptz, ChecksLeapDays) {
    EXPECT_EQ(Timestamptz::parse("2024-02-29 00:00:00Z").unix_micros(),
              micros(std::chrono::year{2024} / 2 / 29));
    EXPECT_NO_THROW((void)Timestamptz::parse("2000-02-29 00:00:00Z"));
    EXPECT_NO_THROW((void)Timestamptz::parse("0001-02-29 00:00:00Z BC"));  // year 0 is leap
    EXPECT_THAT(timestamptz_error("2023-02-29 00:00:00Z"), testing::HasSubstr("not a leap year"));
    EXPECT_THAT(timestamptz_error("1900-02-29 00:00:00Z"), testing::HasSubstr("not a leap year"));
    EXPECT_THAT(timestamptz_error("0002-02-29 00:00:00Z BC"),
                testing::HasSubstr("not a leap year"));
    EXPECT_THAT(timestamptz_error("2024-04-31 00:00:00Z"), testing::HasSubstr("does not exist"));
}

TEST(Timestamptz, RefusesTextWithoutOffsetAsNaiveTimestamp) {
    const std::string message = timestamptz_error("2024-01-02 03:04:05");
    EXPECT_THAT(message, testing::HasSubstr("'2024-01-02 03:04:05'"));
    EXPECT_THAT(message, testing::HasSubstr("no naive timestamps"));
    EXPECT_THAT(message, testing::HasSubstr("use timestamptz"));
    EXPECT_THAT(timestamptz_error("2024-01-02T03:04:05.5"),
                testing::HasSubstr("no naive timestamps"));
    EXPECT_THAT(timestamptz_error("2024-01-02"), testing::HasSubstr("no naive timestamps"));
}

TEST(Timestamptz, RejectsMalformedTextNamingIt) {
    for (const char* bad :
         {"", "now", "2024-1-02 03:04:05Z", "2024-13-01 00:00:00Z", "2024-00-01 00:00:00Z",
          "2024-01-32 00:00:00Z", "2024-01-02 25:00:00Z", "2024-01-02 24:00:01Z",
          "2024-01-02 03:60:00Z", "2024-01-02 03:04:61Z", "2024-01-02X03:04:05Z",
          "2024-01-02 03:04:05+16", "2024-01-02 03:04:05+05:60", "2024-01-02 03:04:05+5",
          "2024-01-02 03:04:05Z junk", "2024-01-02 3:04:05Z", "0000-01-01 00:00:00Z",
          "12345678-01-01 00:00:00Z", "2024-01-02 03:04:05ZZ"}) {
        const std::string message = timestamptz_error(bad);
        EXPECT_THAT(message, testing::StartsWith("invalid timestamptz '" + std::string(bad) + "'"))
            << bad;
    }
}

TEST(Timestamptz, ShowsControlBytesInErrorsEscaped) {
    EXPECT_THAT(timestamptz_error(std::string_view("2024\x01-01", 8)),
                testing::HasSubstr("2024\\x01"));
}

TEST(Timestamptz, ConvertsToAndFromPostgresBinaryEpoch) {
    EXPECT_EQ(Timestamptz::from_pg_micros(0), Timestamptz::parse("2000-01-01T00:00:00Z"));
    EXPECT_EQ(Timestamptz::parse("2000-01-01T00:00:00.000001Z").pg_micros(), 1);
    EXPECT_EQ(Timestamptz::from_pg_micros(INT64_MAX), Timestamptz::infinity());
    EXPECT_EQ(Timestamptz::from_pg_micros(INT64_MIN), Timestamptz::minus_infinity());
    EXPECT_EQ(Timestamptz::infinity().pg_micros(), INT64_MAX);
    // 294276-12-31 23:59:59.999999 as PostgreSQL stores it: beyond 64-bit Unix microseconds.
    EXPECT_THROW((void)Timestamptz::from_pg_micros(9223371331199999999), UsageError);
}

TEST(Timestamptz, NowIsTheCurrentTimeAndAdvances) {
    const auto a = Timestamptz::now();
    const auto b = Timestamptz::now();
    EXPECT_LE(a, b);
    EXPECT_GT(a, Timestamptz::parse("2024-01-01T00:00:00Z"));
    EXPECT_LT(a, Timestamptz::parse("2200-01-01T00:00:00Z"));
}

TEST(Timestamptz, AgreesWithChronoTimePoint) {
    const auto ts = Timestamptz::parse("2024-01-02T03:04:05.5Z");
    EXPECT_EQ(Timestamptz(ts.time_point()), ts);
    EXPECT_EQ(ts.time_point(), sys_days(std::chrono::year{2024} / 1 / 2) + 3h + 4min + 5500ms);
}

}  // namespace
}  // namespace strata
