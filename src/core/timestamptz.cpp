// Timestamptz: parsing PostgreSQL / ISO-8601 timestamp text and formatting ISO-8601 UTC.
#include "strata/core/timestamptz.hpp"

#include <fmt/format.h>

#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
/// 4714-11-24 00:00:00 UTC BC, PostgreSQL's first instant.
constexpr std::int64_t kMinMicros = detail::kPgMinDays * kMicrosPerDay;
constexpr std::string_view kRange =
    "outside the supported range 4714-11-24T00:00:00Z BC .. 294247-01-10T04:00:54.775806Z "
    "(PostgreSQL goes on to 294276 AD, but microseconds since 1970 in 64 bits end there)";

[[noreturn]] void fail_timestamptz(std::string_view text, std::string_view why) {
    throw UsageError(fmt::format("invalid timestamptz {}: {}", detail::shown(text), why));
}

[[noreturn]] void fail_naive(std::string_view text, std::string_view what) {
    fail_timestamptz(text,
                     fmt::format("{} has no UTC offset; strata has no naive timestamps (timestamp "
                                 "without time zone): use timestamptz and write the offset, e.g. "
                                 "'2024-01-02T03:04:05Z' or '2024-01-02 03:04:05+00'",
                                 what));
}

/// Reads two digits at s[pos] into out and advances pos.
bool read_2(std::string_view s, std::size_t& pos, unsigned& out) {
    if (pos + 2 > s.size() || !detail::is_digit(s[pos]) || !detail::is_digit(s[pos + 1]))
        return false;
    out = static_cast<unsigned>((s[pos] - '0') * 10 + (s[pos + 1] - '0'));
    pos += 2;
    return true;
}

/// Parses "Z", "+HH", "+HHMM", "+HH:MM", "+HH:MM:SS" (and '-') at s[pos]; seconds east of UTC.
std::int64_t parse_offset(std::string_view text, std::string_view s, std::size_t& pos) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
        return 0;
    }
    if (s[pos] != '+' && s[pos] != '-')
        fail_timestamptz(text, "expected a UTC offset ('Z', '+HH', '+HH:MM')");
    const bool negative = s[pos] == '-';
    ++pos;
    unsigned hours = 0;
    unsigned minutes = 0;
    unsigned seconds = 0;
    if (!read_2(s, pos, hours))
        fail_timestamptz(text, "the UTC offset needs two hour digits ('+05', '-08')");
    for (unsigned* field : {&minutes, &seconds}) {
        if (pos == s.size()) break;
        const std::size_t before = pos;
        if (s[pos] == ':') ++pos;
        if (!read_2(s, pos, *field)) {
            pos = before;
            break;
        }
    }
    if (hours > 15 || minutes > 59 || seconds > 59)
        fail_timestamptz(text, "the UTC offset is out of range");
    const auto total = std::int64_t{hours} * 3600 + std::int64_t{minutes} * 60 + seconds;
    return negative ? -total : total;
}

}  // namespace

Timestamptz Timestamptz::now() {
    return Timestamptz(
        std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()));
}

Timestamptz Timestamptz::parse(std::string_view text) {
    std::string_view s = detail::trim(text);
    if (detail::iequals(s, "infinity") || detail::iequals(s, "+infinity")) return infinity();
    if (detail::iequals(s, "-infinity")) return minus_infinity();
    const bool bc = detail::strip_era(s);

    detail::CivilDate civil;
    const char* why = nullptr;
    std::size_t pos = detail::scan_civil_date(s, civil, &why);
    if (pos == 0) fail_timestamptz(text, why);
    if (pos == s.size()) fail_naive(text, "a date without a time");
    if (s[pos] != ' ' && s[pos] != 'T' && s[pos] != 't') {
        fail_timestamptz(text, "expected 'T' or a space between the date and the time");
    }
    ++pos;

    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    if (!read_2(s, pos, hour) || pos == s.size() || s[pos] != ':') {
        fail_timestamptz(text, "expected the time as HH:MM:SS");
    }
    ++pos;
    if (!read_2(s, pos, minute)) fail_timestamptz(text, "expected the time as HH:MM:SS");
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!read_2(s, pos, second)) fail_timestamptz(text, "expected two digits of seconds");
    }
    std::int64_t fraction = 0;  // microseconds
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        bool round_up = false;
        for (; pos < s.size() && detail::is_digit(s[pos]); ++pos, ++digits) {
            if (digits < 6) {
                fraction = fraction * 10 + (s[pos] - '0');
            } else if (digits == 6) {
                round_up = s[pos] >= '5';  // beyond microseconds: round, as PostgreSQL does
            }
        }
        for (int i = digits; i < 6; ++i) fraction *= 10;
        if (round_up) ++fraction;
    }
    if (pos == s.size()) fail_naive(text, "a timestamp");
    const std::int64_t offset = parse_offset(text, s, pos);
    if (pos != s.size()) fail_timestamptz(text, "unexpected text after the UTC offset");

    if (!detail::resolve_era(civil, bc, &why)) fail_timestamptz(text, why);
    if (minute > 59) fail_timestamptz(text, "the minute is not between 00 and 59");
    if (second > 60) fail_timestamptz(text, "the second is not between 00 and 60");
    if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || fraction != 0))) {
        fail_timestamptz(text, "the hour is not between 00 and 23 (or exactly 24:00:00)");
    }

    const std::int64_t days = detail::days_from_civil(civil.year, civil.month, civil.day);
    const std::int64_t time_of_day =
        (std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second - offset) *
            kMicrosPerSecond +
        fraction;
    std::int64_t micros = 0;
    if (__builtin_mul_overflow(days, kMicrosPerDay, &micros) ||
        __builtin_add_overflow(micros, time_of_day, &micros) || micros < kMinMicros ||
        micros == INT64_MAX) {
        fail_timestamptz(text, kRange);
    }
    return Timestamptz(micros);
}

Timestamptz Timestamptz::from_pg_micros(std::int64_t pg_micros) {
    if (pg_micros == INT64_MAX) return infinity();
    if (pg_micros == INT64_MIN) return minus_infinity();
    std::int64_t micros = 0;
    if (__builtin_add_overflow(pg_micros, kPgEpochMicros, &micros) || micros == INT64_MAX) {
        throw UsageError(
            fmt::format("PostgreSQL timestamptz {} (microseconds since 2000-01-01) "
                        "is {}",
                        pg_micros, kRange));
    }
    return Timestamptz(micros);
}

std::int64_t Timestamptz::pg_micros() const {
    if (is_infinite()) return micros_;
    std::int64_t pg = 0;
    if (__builtin_sub_overflow(micros_, kPgEpochMicros, &pg) || pg == INT64_MIN) {
        throw UsageError(
            fmt::format("timestamptz {} microseconds since 1970 has no PostgreSQL "
                        "representation",
                        micros_));
    }
    return pg;
}

std::string Timestamptz::to_string() const {
    if (micros_ == INT64_MAX) return "infinity";
    if (micros_ == INT64_MIN) return "-infinity";
    std::int64_t days = micros_ / kMicrosPerDay;
    std::int64_t rest = micros_ % kMicrosPerDay;
    if (rest < 0) {
        --days;
        rest += kMicrosPerDay;
    }
    std::string out;
    out.reserve(32);
    bool bc = false;
    detail::append_civil_date(out, detail::civil_from_days(days), &bc);
    auto seconds = static_cast<unsigned>(rest / kMicrosPerSecond);
    auto fraction = static_cast<unsigned>(rest % kMicrosPerSecond);
    out.push_back('T');
    detail::append_2(out, seconds / 3600);
    out.push_back(':');
    detail::append_2(out, seconds / 60 % 60);
    out.push_back(':');
    detail::append_2(out, seconds % 60);
    if (fraction != 0) {
        char digits[7] = {'.', '0', '0', '0', '0', '0', '0'};
        int last = 6;
        for (int i = 6; i >= 1; --i, fraction /= 10)
            digits[i] = static_cast<char>('0' + fraction % 10);
        while (digits[last] == '0') --last;
        out.append(digits, static_cast<std::size_t>(last) + 1);
    }
    out.push_back('Z');
    if (bc) out += " BC";
    return out;
}

}  // namespace strata
