// Date: a calendar day (PostgreSQL date), proleptic Gregorian, with +/-infinity.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace strata {

/// Days since 1970-01-01 (negative before), plus PostgreSQL's +/-infinity.
/// Thread-safety: a value type.
class Date {
public:
    constexpr Date() = default;
    constexpr explicit Date(std::int32_t unix_days) : days_(unix_days) {}
    explicit Date(std::chrono::year_month_day ymd)
        : days_(static_cast<std::int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count())) {}

    /// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary dates.
    static constexpr std::int32_t kPgEpochDays = 10957;

    static constexpr Date infinity() { return Date(INT32_MAX); }
    static constexpr Date minus_infinity() { return Date(INT32_MIN); }
    /// "2024-02-29", "0044-03-15 BC", "infinity", "-infinity" (any case), within PostgreSQL's
    /// range 4714-11-24 BC .. 5874897-12-31. Leap days are checked. Throws UsageError naming
    /// the text and what is wrong with it.
    static Date parse(std::string_view text);
    /// From PostgreSQL's binary form: days since 2000-01-01, INT32_MAX/MIN for +/-infinity.
    static Date from_pg_days(std::int32_t pg_days);
    /// PostgreSQL's binary form (days since 2000-01-01; infinities map to INT32_MAX/MIN).
    [[nodiscard]] std::int32_t pg_days() const;

    [[nodiscard]] constexpr std::int32_t unix_days() const { return days_; }
    [[nodiscard]] constexpr bool is_infinite() const {
        return days_ == INT32_MAX || days_ == INT32_MIN;
    }
    /// The calendar day; std::chrono::year only spans -32767..32767, so dates outside that
    /// (and the infinities) have no meaningful ymd().
    [[nodiscard]] std::chrono::year_month_day ymd() const {
        return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days_)));
    }
    /// "YYYY-MM-DD" ISO-8601; years before 1 AD print as PostgreSQL does ("0001-01-01 BC" for
    /// astronomical year 0); "infinity", "-infinity". Parses back with parse().
    [[nodiscard]] std::string to_string() const;

    friend constexpr auto operator<=>(const Date&, const Date&) = default;

private:
    std::int32_t days_ = 0;
};

}  // namespace strata

/// Hashes the day number (unordered containers, Repository<T>::load_many on date keys).
template <>
struct std::hash<strata::Date> {
    std::size_t operator()(const strata::Date& d) const noexcept {
        return std::hash<std::int32_t>{}(d.unix_days());
    }
};
