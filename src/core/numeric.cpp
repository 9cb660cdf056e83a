// Numeric: validation and canonicalisation of exact decimal text (PostgreSQL numeric input rules).
#include "strata/core/numeric.hpp"

#include <fmt/format.h>

#include "core/chars.hpp"
#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

/// PostgreSQL refuses exponents beyond +/-NUMERIC_MAX_PRECISION.
constexpr int kMaxExponent = 1000;

[[noreturn]] void fail_numeric(std::string_view text, std::string_view why) {
    throw UsageError(fmt::format("invalid numeric {}: {}", detail::shown(text), why));
}

std::string canonical(std::string_view text) {
    const std::string_view s = detail::trim(text);
    if (detail::iequals(s, "nan")) return "NaN";
    if (detail::iequals(s, "infinity") || detail::iequals(s, "+infinity") ||
        detail::iequals(s, "inf") || detail::iequals(s, "+inf")) {
        return "Infinity";
    }
    if (detail::iequals(s, "-infinity") || detail::iequals(s, "-inf")) return "-Infinity";

    std::size_t pos = 0;
    bool negative = false;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) negative = s[pos++] == '-';
    const std::size_t int_begin = pos;
    while (pos < s.size() && detail::is_digit(s[pos])) ++pos;
    const std::string_view int_digits = s.substr(int_begin, pos - int_begin);
    std::string_view frac_digits;
    if (pos < s.size() && s[pos] == '.') {
        const std::size_t frac_begin = ++pos;
        while (pos < s.size() && detail::is_digit(s[pos])) ++pos;
        frac_digits = s.substr(frac_begin, pos - frac_begin);
    }
    if (int_digits.empty() && frac_digits.empty()) {
        fail_numeric(text, "expected digits, 'NaN', 'Infinity' or '-Infinity'");
    }
    long exponent = 0;
    if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
        ++pos;
        bool exp_negative = false;
        if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) exp_negative = s[pos++] == '-';
        if (pos == s.size() || !detail::is_digit(s[pos]))
            fail_numeric(text, "the exponent has no digits");
        for (; pos < s.size() && detail::is_digit(s[pos]); ++pos) {
            exponent = exponent * 10 + (s[pos] - '0');
            if (exponent > kMaxExponent) fail_numeric(text, "the exponent is beyond +/-1000");
        }
        if (exp_negative) exponent = -exponent;
    }
    if (pos != s.size())
        fail_numeric(text, fmt::format("unexpected '{}' at offset {}", s[pos], pos));

    // value = (int_digits frac_digits) * 10^(exponent - frac_digits.size()); PostgreSQL keeps
    // max(0, scale - exponent) digits after the point.
    std::string digits;
    digits.reserve(int_digits.size() + frac_digits.size());
    digits.append(int_digits).append(frac_digits);
    const long point = static_cast<long>(int_digits.size()) + exponent;
    const auto count = static_cast<long>(digits.size());
    std::string integer;
    std::string fraction;
    if (point >= count) {
        integer = digits;
        integer.append(static_cast<std::size_t>(point - count), '0');
    } else if (point <= 0) {
        fraction.assign(static_cast<std::size_t>(-point), '0');
        fraction.append(digits);
    } else {
        integer = digits.substr(0, static_cast<std::size_t>(point));
        fraction = digits.substr(static_cast<std::size_t>(point));
    }
    const std::size_t first = integer.find_first_not_of('0');
    integer = first == std::string::npos ? "0" : integer.substr(first);
    const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string::npos;

    std::string out;
    out.reserve(integer.size() + fraction.size() + 2);
    if (negative && !zero) out.push_back('-');
    out.append(integer);
    if (!fraction.empty()) out.append(".").append(fraction);
    return out;
}

}  // namespace

Numeric Numeric::parse(std::string_view text) {
    Numeric n;
    n.text_ = canonical(text);
    return n;
}

Numeric::Numeric(std::string_view text) : Numeric(parse(text)) {}

}  // namespace strata
