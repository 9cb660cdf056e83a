// Timestamptz: an instant in UTC with microsecond precision (PostgreSQL timestamptz).
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace strata {

/// A UTC instant, microseconds since 1970-01-01T00:00:00Z, plus PostgreSQL's +/-infinity.
/// There is deliberately no naive timestamp type: strata refuses `timestamp without time zone`.
/// Thread-safety: a value type.
class Timestamptz {
public:
    constexpr Timestamptz() = default;
    constexpr explicit Timestamptz(std::int64_t unix_micros) : micros_(unix_micros) {}
    explicit Timestamptz(std::chrono::sys_time<std::chrono::microseconds> t)
        : micros_(t.time_since_epoch().count()) {}

    /// Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary timestamps.
    static constexpr std::int64_t kPgEpochMicros = 946'684'800'000'000;

    /// The current time (system clock), truncated to microseconds.
    static Timestamptz now();
    static constexpr Timestamptz infinity() { return Timestamptz(INT64_MAX); }
    static constexpr Timestamptz minus_infinity() { return Timestamptz(INT64_MIN); }
    /// Parses ISO-8601 / PostgreSQL output: "2024-01-02 03:04:05.123456+00", "...T...Z",
    /// offsets "+05", "+05:30", "+0530", "-08:00:15", "infinity", "-infinity", years BC
    /// ("0044-03-15 12:00:00+00 BC"). Fractions beyond 6 digits are rounded to microseconds.
    /// Throws UsageError naming the text; text without an offset is refused (no naive
    /// timestamps). Range: 4714-11-24 BC .. 294247-01-10T04:00:54.775806Z (PostgreSQL allows up
    /// to 294276 AD, but INT64_MAX microseconds since 1970 is reached earlier).
    static Timestamptz parse(std::string_view text);
    /// From PostgreSQL's binary form: microseconds since 2000-01-01 UTC, INT64_MAX/MIN for
    /// +/-infinity. Throws UsageError for the few values beyond strata's range.
    static Timestamptz from_pg_micros(std::int64_t pg_micros);
    /// PostgreSQL's binary form (infinities map to INT64_MAX/MIN). Throws UsageError when the
    /// value has no PostgreSQL representation.
    [[nodiscard]] std::int64_t pg_micros() const;

    [[nodiscard]] constexpr std::int64_t unix_micros() const { return micros_; }
    [[nodiscard]] constexpr bool is_infinite() const {
        return micros_ == INT64_MAX || micros_ == INT64_MIN;
    }
    [[nodiscard]] std::chrono::sys_time<std::chrono::microseconds> time_point() const {
        return std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(micros_));
    }
    /// ISO-8601 in UTC: "2024-01-02T03:04:05.123456Z" (fraction trimmed), "infinity",
    /// "-infinity"; years before 1 AD as PostgreSQL writes them: "0044-03-15T12:00:00Z BC".
    /// Parses back with parse(), and PostgreSQL accepts it as input.
    [[nodiscard]] std::string to_string() const;

    friend constexpr auto operator<=>(const Timestamptz&, const Timestamptz&) = default;

private:
    std::int64_t micros_ = 0;
};

}  // namespace strata

/// Hashes the instant (unordered containers, Repository<T>::load_many on timestamptz keys).
template <>
struct std::hash<strata::Timestamptz> {
    std::size_t operator()(const strata::Timestamptz& t) const noexcept {
        return std::hash<std::int64_t>{}(t.unix_micros());
    }
};
