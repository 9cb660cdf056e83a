// Bytes: PostgreSQL bytea text forms (hex and legacy escape).
#include "strata/core/bytes.hpp"

#include <fmt/format.h>

#include "core/chars.hpp"
#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

[[noreturn]] void fail(std::string_view text, std::size_t offset, std::string_view why) {
    throw UsageError(
        fmt::format("invalid bytea {}: {} at byte offset {}", detail::shown(text), why, offset));
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_octal(char c) {
    return c >= '0' && c <= '7';
}

}  // namespace

Bytes Bytes::parse_pg_text(std::string_view text) {
    std::vector<std::uint8_t> out;
    if (text.size() >= 2 && text[0] == '\\' && (text[1] == 'x' || text[1] == 'X')) {
        out.reserve((text.size() - 2) / 2);
        for (std::size_t i = 2; i < text.size();) {
            if (is_space(text[i])) {  // PostgreSQL allows whitespace between digit pairs
                ++i;
                continue;
            }
            const int high = detail::hex_value(text[i]);
            if (high < 0) fail(text, i, fmt::format("'{}' is not a hex digit", text[i]));
            if (i + 1 >= text.size()) fail(text, i, "odd number of hex digits");
            const int low = detail::hex_value(text[i + 1]);
            if (low < 0) fail(text, i + 1, fmt::format("'{}' is not a hex digit", text[i + 1]));
            out.push_back(static_cast<std::uint8_t>(high << 4 | low));
            i += 2;
        }
        return Bytes(std::move(out));
    }
    // Escape form: "\\" is a backslash, "\ooo" an octal byte, anything else is itself.
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '\\') {
            out.push_back(static_cast<std::uint8_t>(text[i++]));
        } else if (i + 1 < text.size() && text[i + 1] == '\\') {
            out.push_back('\\');
            i += 2;
        } else if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' &&
                   is_octal(text[i + 2]) && is_octal(text[i + 3])) {
            out.push_back(static_cast<std::uint8_t>((text[i + 1] - '0') * 64 +
                                                    (text[i + 2] - '0') * 8 + (text[i + 3] - '0')));
            i += 4;
        } else {
            fail(text, i,
                 "a backslash must start '\\\\' or a three-digit octal escape '\\000'..'\\377'");
        }
    }
    return Bytes(std::move(out));
}

std::string Bytes::to_hex() const {
    constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.resize(2 + data_.size() * 2);
    out[0] = '\\';
    out[1] = 'x';
    std::size_t pos = 2;
    for (const std::uint8_t b : data_) {
        out[pos++] = kHex[b >> 4];
        out[pos++] = kHex[b & 0x0f];
    }
    return out;
}

}  // namespace strata
