// Value: one bound parameter, backend neutral; ToValue<T> turns C++ values into it.
#pragma once

#include <concepts>
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

namespace detail {

/// 64-bit unsigned integers (std::uint64_t, unsigned long long), alone or in a std::optional:
/// no PostgreSQL integer type holds every value.
template <class T>
inline constexpr bool kUnsigned64 =
    std::is_integral_v<T> && std::is_unsigned_v<T> && sizeof(T) == 8;
template <class T>
inline constexpr bool kUnsigned64<std::optional<T>> = kUnsigned64<T>;

/// The character types, alone or in a std::optional: Value would take one as its code ('A' as
/// the integer 65). std::int8_t and std::uint8_t (signed and unsigned char) are small integers.
template <class T>
inline constexpr bool kCharacter =
    std::is_same_v<T, char> || std::is_same_v<T, char8_t> || std::is_same_v<T, char16_t> ||
    std::is_same_v<T, char32_t> || std::is_same_v<T, wchar_t>;
template <class T>
inline constexpr bool kCharacter<std::optional<T>> = kCharacter<T>;

}  // namespace detail

/// Customisation point: specialise ToValue<T> with `static Value convert(const T&)` to bind a
/// user type (an enum, a strong id) as a parameter.
template <class T, class = void>
struct ToValue {
    static Value convert(const T& v)
        requires(std::is_constructible_v<Value, T> && !detail::kCharacter<T>)
    {
        return Value(v);
    }
};

/// T can be a query parameter: ToValue<T> converts it (a Value alternative, one of the
/// conversions below, or a user's specialisation).
template <class T>
concept Bindable = requires(const T& v) {
    { ToValue<T>::convert(v) } -> std::same_as<Value>;
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
    static Value convert(const std::optional<T>& v)
        requires Bindable<T>
    {
        return v ? ToValue<T>::convert(*v) : Value(std::monostate{});
    }
};

/// v as a query parameter. A type that cannot be bound fails to compile with one static_assert
/// saying what to pass instead (rather than a list of ToValue candidates, or a char bound as its
/// code).
template <class T>
Value to_value(const T& v) {
    using U = std::remove_cvref_t<T>;
    static_assert(Bindable<U> || !detail::kUnsigned64<U>,
                  "strata::driver::to_value: a std::uint64_t query parameter cannot be bound: use "
                  "std::int64_t or strata::Numeric (no PostgreSQL integer type holds every value; "
                  "std::uint8_t binds as smallint, std::uint16_t as integer, std::uint32_t as "
                  "bigint)");
    static_assert(Bindable<U> || !detail::kCharacter<U>,
                  "strata::driver::to_value: a char (or char8_t, char16_t, char32_t, wchar_t) "
                  "query parameter would be bound as its character code: use std::string(1, c) "
                  "or an integer type");
    static_assert(Bindable<U> || detail::kUnsigned64<U> || detail::kCharacter<U>,
                  "strata::driver::to_value: strata cannot bind a query parameter of this type: "
                  "use one of the Value types (bool, integers, float, double, std::string, Bytes, "
                  "Timestamptz, Date, Uuid, Json, Numeric, vectors of those, std::optional of "
                  "any) or specialise strata::driver::ToValue<T>");
    if constexpr (Bindable<U>) {
        return ToValue<U>::convert(v);
    } else {
        return Value{};
    }
}

}  // namespace strata::driver
