// Inline decoders for the PostgreSQL binary values most rows are made of (the rows' fast path).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "strata/core/date.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"

namespace strata::driver::binary {

/// The network-order unsigned integer U at p.
template <class U>
inline U load_be(const char* p) {
    U u;
    std::memcpy(&u, p, sizeof u);
    if constexpr (std::endian::native == std::endian::little) {
        if constexpr (sizeof(U) == 8) u = __builtin_bswap64(u);
        if constexpr (sizeof(U) == 4) u = __builtin_bswap32(u);
        if constexpr (sizeof(U) == 2) u = __builtin_bswap16(u);
    }
    return u;
}

/// FastBinary<T>::accepts(oid, size) says whether a binary cell of that type and size is read
/// straight by read() (size < 0: NULL, never accepted); every other cell (text format, SQLite,
/// another type, NULL) goes through Decoder<T>, which decides and reports. enabled is false for
/// types without a fast path.
template <class T>
struct FastBinary {
    static constexpr bool enabled = false;
};

// NOLINTBEGIN(bugprone-suspicious-stringview-data-usage): read() gets exactly the bytes
// accepts() checked the size of; load_be reads sizeof(U) of them, never up to a terminator.

/// A fixed-width binary type: oid and byte size.
template <std::uint32_t Oid, std::size_t Size>
struct FixedBinary {
    static constexpr bool enabled = true;
    static bool accepts(std::uint32_t oid, std::int64_t size) {
        return oid == Oid && size == static_cast<std::int64_t>(Size);
    }
};

template <>
struct FastBinary<bool> : FixedBinary<16, 1> {
    static bool read(std::string_view d) { return d[0] != 0; }
};
template <>
struct FastBinary<std::int16_t> : FixedBinary<21, 2> {
    static std::int16_t read(std::string_view d) {
        return static_cast<std::int16_t>(load_be<std::uint16_t>(d.data()));
    }
};
template <>
struct FastBinary<std::int32_t> : FixedBinary<23, 4> {
    static std::int32_t read(std::string_view d) {
        return static_cast<std::int32_t>(load_be<std::uint32_t>(d.data()));
    }
};
template <>
struct FastBinary<std::int64_t> : FixedBinary<20, 8> {
    static std::int64_t read(std::string_view d) {
        return static_cast<std::int64_t>(load_be<std::uint64_t>(d.data()));
    }
};
template <>
struct FastBinary<double> : FixedBinary<701, 8> {
    static double read(std::string_view d) {
        return std::bit_cast<double>(load_be<std::uint64_t>(d.data()));
    }
};
template <>
struct FastBinary<float> : FixedBinary<700, 4> {
    static float read(std::string_view d) {
        return std::bit_cast<float>(load_be<std::uint32_t>(d.data()));
    }
};
/// timestamptz: microseconds since 2000-01-01, with the two infinities at the int64 limits.
template <>
struct FastBinary<Timestamptz> : FixedBinary<1184, 8> {
    static Timestamptz read(std::string_view d) {
        const auto pg = static_cast<std::int64_t>(load_be<std::uint64_t>(d.data()));
        if (pg == std::numeric_limits<std::int64_t>::max()) return Timestamptz::infinity();
        if (pg == std::numeric_limits<std::int64_t>::min()) return Timestamptz::minus_infinity();
        return Timestamptz(pg + 946'684'800'000'000);
    }
};
/// date: days since 2000-01-01, with the two infinities at the int32 limits.
template <>
struct FastBinary<Date> : FixedBinary<1082, 4> {
    static Date read(std::string_view d) {
        const auto pg = static_cast<std::int32_t>(load_be<std::uint32_t>(d.data()));
        if (pg == std::numeric_limits<std::int32_t>::max()) return Date::infinity();
        if (pg == std::numeric_limits<std::int32_t>::min()) return Date::minus_infinity();
        return Date(pg + 10'957);
    }
};
template <>
struct FastBinary<Uuid> : FixedBinary<2950, 16> {
    static Uuid read(std::string_view d) {
        std::array<std::uint8_t, 16> b{};
        std::memcpy(b.data(), d.data(), 16);
        return Uuid(b);
    }
};
/// text and varchar: the bytes as they are.
template <>
struct FastBinary<std::string> {
    static constexpr bool enabled = true;
    static bool accepts(std::uint32_t oid, std::int64_t size) {
        return (oid == 25 || oid == 1043) && size >= 0;
    }
    static std::string read(std::string_view d) { return std::string(d); }
};

// NOLINTEND(bugprone-suspicious-stringview-data-usage)

}  // namespace strata::driver::binary
