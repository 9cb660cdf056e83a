// Date: parsing and formatting of PostgreSQL date text.
#include "strata/core/date.hpp"

#include <fmt/format.h>

#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

/// PostgreSQL's last date, 5874897-12-31.
constexpr std::int64_t kPgMaxDays = detail::days_from_civil(5874897, 12, 31);

[[noreturn]] void fail_date(std::string_view text, std::string_view why) {
    throw UsageError(fmt::format("invalid date {}: {}", detail::shown(text), why));
}

}  // namespace

Date Date::parse(std::string_view text) {
    std::string_view s = detail::trim(text);
    if (detail::iequals(s, "infinity") || detail::iequals(s, "+infinity")) return infinity();
    if (detail::iequals(s, "-infinity")) return minus_infinity();
    const bool bc = detail::strip_era(s);
    detail::CivilDate civil;
    const char* why = nullptr;
    const std::size_t used = detail::scan_civil_date(s, civil, &why);
    if (used == 0) fail_date(text, why);
    if (used != s.size()) fail_date(text, "unexpected text after YYYY-MM-DD");
    if (!detail::resolve_era(civil, bc, &why)) fail_date(text, why);
    const std::int64_t days = detail::days_from_civil(civil.year, civil.month, civil.day);
    if (days < detail::kPgMinDays || days > kPgMaxDays) {
        fail_date(text, "outside PostgreSQL's date range 4714-11-24 BC .. 5874897-12-31");
    }
    return Date(static_cast<std::int32_t>(days));
}

Date Date::from_pg_days(std::int32_t pg_days) {
    if (pg_days == INT32_MAX) return infinity();
    if (pg_days == INT32_MIN) return minus_infinity();
    const std::int64_t days = std::int64_t{pg_days} + kPgEpochDays;
    if (days >= INT32_MAX || days <= INT32_MIN) {
        throw UsageError(
            fmt::format("PostgreSQL date {} (days since 2000-01-01) is out of range", pg_days));
    }
    return Date(static_cast<std::int32_t>(days));
}

std::int32_t Date::pg_days() const {
    if (is_infinite()) return days_;
    return static_cast<std::int32_t>(std::int64_t{days_} - kPgEpochDays);
}

std::string Date::to_string() const {
    if (days_ == INT32_MAX) return "infinity";
    if (days_ == INT32_MIN) return "-infinity";
    std::string out;
    out.reserve(16);
    bool bc = false;
    detail::append_civil_date(out, detail::civil_from_days(days_), &bc);
    if (bc) out += " BC";
    return out;
}

}  // namespace strata
