// Private calendar helpers shared by Date and Timestamptz: civil <-> day count, text scanning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/chars.hpp"

namespace strata::detail {

/// A proleptic Gregorian day; year is astronomical (0 = 1 BC, -1 = 2 BC).
struct CivilDate {
    std::int64_t year = 1970;
    unsigned month = 1;
    unsigned day = 1;
};

/// Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil). Unlike
/// std::chrono::year (limited to +/-32767) this covers PostgreSQL's whole date range.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// The inverse of days_from_civil (Hinnant's civil_from_days).
constexpr CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap_year(std::int64_t y) {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

/// PostgreSQL's first day, 4714-11-24 BC (Julian day 0), as days since 1970-01-01.
inline constexpr std::int64_t kPgMinDays = days_from_civil(-4713, 11, 24);

/// Scans "Y...Y-MM-DD" (at least four year digits, as PostgreSQL prints) at the start of text
/// into out (year as written, not yet BC-adjusted). Returns the characters consumed, or 0 with
/// *why set when the text does not start with a valid calendar date.
std::size_t scan_civil_date(std::string_view text, CivilDate& out, const char** why);

/// Applies a BC marker (year Y BC is astronomical 1 - Y) and checks the day exists in its month
/// (leap years included). False with *why set when it does not.
bool resolve_era(CivilDate& date, bool bc, const char** why);

/// Removes a trailing " BC" / " AD" era marker (any case); true when it was BC.
bool strip_era(std::string_view& text);

/// Appends "YYYY-MM-DD" for an astronomical year; years <= 0 print as their BC number
/// (the caller appends " BC" when *bc is set).
void append_civil_date(std::string& out, const CivilDate& date, bool* bc);

/// Appends v as exactly two digits.
inline void append_2(std::string& out, unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

/// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

/// Text without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

/// text quoted for an error message: at most 80 characters, control and non-ASCII bytes as \xNN.
std::string shown(std::string_view text);

}  // namespace strata::detail
