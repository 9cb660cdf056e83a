// Date: a calendar day (PostgreSQL date), proleptic Gregorian, with +/-infinity.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
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

    static constexpr Date infinity() { return Date(INT32_MAX); }
    static constexpr Date minus_infinity() { return Date(INT32_MIN); }
    /// "2024-02-29", "0044-03-15 BC", "infinity", "-infinity". Throws UsageError.
    static Date parse(std::string_view text);

    [[nodiscard]] constexpr std::int32_t unix_days() const { return days_; }
    [[nodiscard]] constexpr bool is_infinite() const {
        return days_ == INT32_MAX || days_ == INT32_MIN;
    }
    [[nodiscard]] std::chrono::year_month_day ymd() const {
        return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days_)));
    }
    /// "YYYY-MM-DD" ISO-8601 (astronomical years are printed as PostgreSQL does: "0001-01-01 BC").
    [[nodiscard]] std::string to_string() const;

    friend constexpr auto operator<=>(const Date&, const Date&) = default;

private:
    std::int32_t days_ = 0;
};

}  // namespace strata
