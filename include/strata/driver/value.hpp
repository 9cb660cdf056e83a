// Value: one bound parameter, backend neutral; ToValue<T> turns C++ values into it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "strata/core/bytes.hpp"
#include "strata/core/date.hpp"
#include "strata/core/json.hpp"
#include "strata/core/numeric.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"

namespace strata::driver {

/// NULL is std::monostate. Arrays are one-dimensional and have no NULL elements.
/// Each backend binds every alternative: PostgreSQL with its exact type OID (binary format for
/// fixed-width types), SQLite with the storage class documented in docs/sqlite.md.
using Value = std::variant<std::monostate, bool, std::int16_t, std::int32_t, std::int64_t, float,
                           double, std::string, Bytes, Timestamptz, Date, Uuid, Json, Numeric,
                           std::vector<bool>, std::vector<std::int16_t>, std::vector<std::int32_t>,
                           std::vector<std::int64_t>, std::vector<float>, std::vector<double>,
                           std::vector<std::string>, std::vector<Uuid>, std::vector<Timestamptz>,
                           std::vector<Date>, std::vector<Numeric>>;

/// Customisation point: specialise ToValue<T> with `static Value convert(const T&)` to bind a
/// user type (an enum, a strong id) as a parameter.
template <class T, class = void>
struct ToValue {
    static Value convert(const T& v)
        requires std::is_constructible_v<Value, T>
    {
        return Value(v);
    }
};

/// Fixed-width integers PostgreSQL has no type of their own for, bound as the narrowest signed
/// type that holds every value: std::int8_t and std::uint8_t as smallint, std::uint16_t as
/// integer, std::uint32_t as bigint. std::uint64_t has none (use std::int64_t or Numeric).
template <>
struct ToValue<std::int8_t> {
    static Value convert(std::int8_t v) { return Value(std::int16_t{v}); }
};
template <>
struct ToValue<std::uint8_t> {
    static Value convert(std::uint8_t v) { return Value(std::int16_t{v}); }
};
template <>
struct ToValue<std::uint16_t> {
    static Value convert(std::uint16_t v) { return Value(std::int32_t{v}); }
};
template <>
struct ToValue<std::uint32_t> {
    static Value convert(std::uint32_t v) { return Value(std::int64_t{v}); }
};
template <>
struct ToValue<std::string_view> {
    static Value convert(std::string_view v) { return Value(std::string(v)); }
};
template <>
struct ToValue<const char*> {
    static Value convert(const char* v) { return Value(std::string(v)); }
};
template <std::size_t N>
struct ToValue<char[N]> {
    static Value convert(const char (&v)[N]) { return Value(std::string(v)); }
};
template <>
struct ToValue<std::nullopt_t> {
    static Value convert(std::nullopt_t) { return Value(std::monostate{}); }
};
template <class T>
struct ToValue<std::optional<T>> {
    static Value convert(const std::optional<T>& v) {
        return v ? ToValue<T>::convert(*v) : Value(std::monostate{});
    }
};

template <class T>
Value to_value(const T& v) {
    return ToValue<std::remove_cvref_t<T>>::convert(v);
}

}  // namespace strata::driver
