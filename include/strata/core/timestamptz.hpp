// Timestamptz: an instant in UTC with microsecond precision (PostgreSQL timestamptz).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
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

    static Timestamptz now();
    static constexpr Timestamptz infinity() { return Timestamptz(INT64_MAX); }
    static constexpr Timestamptz minus_infinity() { return Timestamptz(INT64_MIN); }
    /// Parses ISO-8601 / PostgreSQL output: "2024-01-02 03:04:05.123456+00", "...T...Z",
    /// offsets "+05:30", "infinity", "-infinity", years BC ("... BC"). Throws UsageError.
    static Timestamptz parse(std::string_view text);

    [[nodiscard]] constexpr std::int64_t unix_micros() const { return micros_; }
    [[nodiscard]] constexpr bool is_infinite() const {
        return micros_ == INT64_MAX || micros_ == INT64_MIN;
    }
    [[nodiscard]] std::chrono::sys_time<std::chrono::microseconds> time_point() const {
        return std::chrono::sys_time<std::chrono::microseconds>(std::chrono::microseconds(micros_));
    }
    /// ISO-8601 in UTC: "2024-01-02T03:04:05.123456Z" (fraction trimmed), "infinity", "-infinity".
    [[nodiscard]] std::string to_string() const;

    friend constexpr auto operator<=>(const Timestamptz&, const Timestamptz&) = default;

private:
    std::int64_t micros_ = 0;
};

}  // namespace strata
