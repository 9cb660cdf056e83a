// Uuid: RFC 4122 / RFC 9562 text form and random version 4 and 7 generation.
#include "strata/core/uuid.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "core/chars.hpp"
#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

[[noreturn]] void fail_uuid(std::string_view text, std::string_view why) {
    throw UsageError(fmt::format("invalid uuid {}: {}", detail::shown(text), why));
}

void random_bytes(std::uint8_t* out, int n) {
    if (RAND_bytes(out, n) != 1) throw Error("uuid: OpenSSL RAND_bytes failed to produce bytes");
}

}  // namespace

Uuid Uuid::parse(std::string_view text) {
    std::string_view s = text;
    if (!s.empty() && s.front() == '{') {
        if (s.back() != '}') fail_uuid(text, "an opening '{' needs a closing '}'");
        s = s.substr(1, s.size() - 2);
    }
    const bool hyphens = s.size() == 36;
    if (!hyphens && s.size() != 32) {
        fail_uuid(text, "expected 32 hex digits, optionally as 8-4-4-4-12 with hyphens");
    }
    std::array<std::uint8_t, 16> bytes{};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (hyphens && (i == 4 || i == 6 || i == 8 || i == 10)) {
            if (s[pos] != '-') fail_uuid(text, fmt::format("expected '-' at position {}", pos + 1));
            ++pos;
        }
        const int high = detail::hex_value(s[pos]);
        const int low = detail::hex_value(s[pos + 1]);
        if (high < 0 || low < 0) {
            fail_uuid(text,
                      fmt::format("'{}' at position {} is not a hex digit",
                                  high < 0 ? s[pos] : s[pos + 1], high < 0 ? pos + 1 : pos + 2));
        }
        bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
        pos += 2;
    }
    return Uuid(bytes);
}

Uuid Uuid::random_v4() {
    std::array<std::uint8_t, 16> b{};
    random_bytes(b.data(), 16);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    return Uuid(b);
}

Uuid Uuid::random_v7() {
    // RFC 9562 method 2 style: 48-bit Unix milliseconds, then 74 bits treated as one counter that
    // starts at a random value each millisecond and is incremented within it, so UUIDs from one
    // process sort in creation order even within a millisecond or when the clock steps back.
    static std::mutex mutex;
    static std::uint64_t last_ms = 0;
    static std::uint64_t counter_high = 0;  // 12 bits (rand_a)
    static std::uint64_t counter_low = 0;   // 62 bits (rand_b)

    std::uint64_t random[2];
    random_bytes(reinterpret_cast<std::uint8_t*>(random), sizeof random);
    const auto now_ms =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    std::uint64_t ms = 0;
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    {
        const std::lock_guard lock(mutex);
        if (now_ms > last_ms) {
            last_ms = now_ms;
            counter_high = random[0] & 0x0ff;  // top bit clear: room to count within the ms
            counter_low = random[1] & 0x3fff'ffff'ffff'ffffULL;
        } else {
            // Same (or an earlier) millisecond: step by a random amount below 2^32.
            counter_low += (random[1] & 0xffff'ffffULL) + 1;
            if (counter_low > 0x3fff'ffff'ffff'ffffULL) {
                counter_low &= 0x3fff'ffff'ffff'ffffULL;
                if (++counter_high > 0x0fff) {  // exhausted: borrow the next millisecond
                    ++last_ms;
                    counter_high = 0;
                }
            }
        }
        ms = last_ms;
        high = counter_high;
        low = counter_low;
    }
    std::array<std::uint8_t, 16> b{};
    for (int i = 0; i < 6; ++i)
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>(0x70 | (high >> 8));
    b[7] = static_cast<std::uint8_t>(high);
    b[8] = static_cast<std::uint8_t>(0x80 | (low >> 56));
    for (int i = 0; i < 7; ++i)
        b[9 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(low >> (48 - 8 * i));
    return Uuid(b);
}

std::string Uuid::to_string() const {
    constexpr char kHex[] = "0123456789abcdef";
    std::string out(36, '-');
    std::size_t pos = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) ++pos;
        out[pos++] = kHex[bytes_[i] >> 4];
        out[pos++] = kHex[bytes_[i] & 0x0f];
    }
    return out;
}

}  // namespace strata
