// PostgreSQL type OIDs strata binds and decodes, and network-order byte helpers.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace strata::driver::pg {

namespace oid {
inline constexpr std::uint32_t kBool = 16, kBytea = 17, kChar = 18, kName = 19, kInt8 = 20,
                               kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26, kJson = 114,
                               kXml = 142, kFloat4 = 700, kFloat8 = 701, kUnknown = 705,
                               kBpchar = 1042, kVarchar = 1043, kDate = 1082, kTimestamp = 1114,
                               kTimestamptz = 1184, kNumeric = 1700, kUuid = 2950, kJsonb = 3802;
inline constexpr std::uint32_t kBoolArray = 1000, kByteaArray = 1001, kCharArray = 1002,
                               kNameArray = 1003, kInt2Array = 1005, kInt4Array = 1007,
                               kTextArray = 1009, kBpcharArray = 1014, kVarcharArray = 1015,
                               kInt8Array = 1016, kFloat4Array = 1021, kFloat8Array = 1022,
                               kOidArray = 1028, kTimestampArray = 1115, kDateArray = 1182,
                               kTimestamptzArray = 1185, kNumericArray = 1231, kJsonArray = 199,
                               kUuidArray = 2951, kJsonbArray = 3807;
}  // namespace oid

/// Microseconds / days between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
inline constexpr std::int64_t kPgEpochMicros = 946'684'800'000'000;
inline constexpr std::int32_t kPgEpochDays = 10'957;

/// Element type of a one-dimensional array type; 0 when oid is not an array strata decodes.
std::uint32_t array_element(std::uint32_t array_oid);
/// The array type of an element type; 0 when unknown.
std::uint32_t array_of(std::uint32_t element_oid);
/// Types whose binary form strata decodes (so a statement whose columns are all such types
/// gets binary results).
bool binary_decodable(std::uint32_t type_oid);
/// Types whose text form is plain text (std::string accepts them); false for types strata
/// decodes into a dedicated C++ type (ints, uuid, timestamptz, ...).
bool is_textual(std::uint32_t type_oid);
/// "int8", "timestamp without time zone", "oid 16401" for types strata does not know.
std::string type_name(std::uint32_t type_oid);

/// Reads a network-order T at bytes[pos]; the caller has checked that sizeof(T) bytes remain.
template <class T>
inline T read_be(std::string_view bytes, std::size_t pos = 0) {
    static_assert(std::is_integral_v<T>);
    std::make_unsigned_t<T> u = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        u = static_cast<std::make_unsigned_t<T>>((u << 8) |
                                                 static_cast<unsigned char>(bytes[pos + i]));
    }
    return static_cast<T>(u);
}

template <class T>
inline void append_be(std::string& out, T value) {
    static_assert(std::is_integral_v<T>);
    auto u = static_cast<std::make_unsigned_t<T>>(value);
    char buf[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        buf[sizeof(T) - 1 - i] = static_cast<char>(u & 0xFF);
        u = static_cast<std::make_unsigned_t<T>>(u >> 8);
    }
    out.append(buf, sizeof(T));
}

inline double read_float8(std::string_view bytes) {
    auto bits = read_be<std::uint64_t>(bytes);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}
inline float read_float4(std::string_view bytes) {
    auto bits = read_be<std::uint32_t>(bytes);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

}  // namespace strata::driver::pg
