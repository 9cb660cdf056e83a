// Private ASCII character helpers shared by the core parsers (locale-independent, constexpr).
#pragma once

namespace strata::detail {

/// An ASCII decimal digit (unlike std::isdigit, independent of the locale).
constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// The value of an ASCII hex digit of either case, or -1.
constexpr int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace strata::detail
