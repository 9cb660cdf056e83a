// Table<T>: the declaration that maps a struct to a table, checked at compile time.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "strata/driver/cell.hpp"
#include "strata/driver/result.hpp"
#include "strata/driver/row_mapping.hpp"
#include "strata/driver/value.hpp"

namespace strata::orm {

/// Column flags, or-ed together in column(...).
inline constexpr unsigned kPrimaryKey = 1U;  ///< part of the primary key
inline constexpr unsigned kGenerated = 2U;   ///< filled by the server (identity, DEFAULT now()):
                                             ///< left out of INSERT and returned by it

/// One mapped member: column name, member pointer and flags. It has the shape of
/// driver::Field, so the same tuple decodes rows (Row::as<T>()).
template <class T, class M>
struct Column {
    std::string_view name;
    M T::* member;
    unsigned flags = 0;
    using struct_type = T;
    using member_type = M;
};

/// column("title", &Todo::title), column("id", &Todo::id, kPrimaryKey | kGenerated).
template <class T, class M>
constexpr Column<T, M> column(std::string_view name, M T::* member, unsigned flags = 0) {
    return Column<T, M>{name, member, flags};
}

/// Specialise next to the struct; one declaration serves the query builder, the repository and
/// row decoding:
///
///     template <> struct strata::orm::Table<Todo> {
///         static constexpr std::string_view name = "todos";
///         static constexpr std::string_view schema = "app";          // optional
///         static constexpr auto columns = std::make_tuple(
///             column("id", &Todo::id, kPrimaryKey | kGenerated),
///             column("title", &Todo::title),
///             column("deleted_at", &Todo::deleted_at));               // soft delete, detected
///     };
///
/// A column named `deleted_at` makes the table soft-delete (override the name with
/// `static constexpr std::string_view soft_delete_column = "removed_at";`, or "" for none); a
/// column named `updated_at` is set by Repository::update_by_id.
template <class T>
struct Table;

template <class T>
concept TableMapped = requires {
    { Table<T>::name } -> std::convertible_to<std::string_view>;
    Table<T>::columns;
};

using driver::IsOptional;

/// The member type without std::optional: what values compared with the column convert to.
template <class M>
using unwrap_t = typename driver::Unoptional<M>::type;

/// A member type strata can both bind and decode.
template <class M>
concept Storable = requires(const M& m, const driver::Cell& c) {
    { driver::ToValue<M>::convert(m) } -> std::same_as<driver::Value>;
    { driver::Decoder<M>::decode(c) } -> std::same_as<M>;
};

namespace detail {

template <class T>
inline constexpr std::size_t kColumnCount = std::tuple_size_v<decltype(Table<T>::columns)>;

template <class T>
consteval std::array<std::string_view, kColumnCount<T>> column_names() {
    return std::apply(
        [](const auto&... c) { return std::array<std::string_view, sizeof...(c)>{c.name...}; },
        Table<T>::columns);
}

template <class T>
consteval bool names_unique() {
    constexpr auto names = column_names<T>();
    for (std::size_t i = 0; i < names.size(); ++i)
        for (std::size_t j = i + 1; j < names.size(); ++j)
            if (names[i] == names[j]) return false;
    return true;
}

template <class T>
consteval bool names_nonempty() {
    for (auto n : column_names<T>())
        if (n.empty()) return false;
    return true;
}

template <class T, class Tuple>
struct AllBelongTo;
template <class T, class... Cs>
struct AllBelongTo<T, std::tuple<Cs...>>
    : std::bool_constant<(std::is_same_v<typename Cs::struct_type, T> && ...)> {};

template <class Tuple>
struct AllStorable;
template <class... Cs>
struct AllStorable<std::tuple<Cs...>>
    : std::bool_constant<(Storable<typename Cs::member_type> && ...)> {};

/// std::uint64_t (or another 64-bit unsigned type), alone or in a std::optional: no PostgreSQL
/// integer type holds every value.
template <class M>
inline constexpr bool kUnsigned64 = std::is_integral_v<typename driver::Unoptional<M>::type> &&
                                    std::is_unsigned_v<typename driver::Unoptional<M>::type> &&
                                    sizeof(typename driver::Unoptional<M>::type) == 8;

template <class Tuple>
struct AnyUnsigned64;
template <class... Cs>
struct AnyUnsigned64<std::tuple<Cs...>>
    : std::bool_constant<(kUnsigned64<typename Cs::member_type> || ...)> {};

template <class T>
consteval std::size_t count_flag(unsigned flag) {
    return std::apply(
        [flag](const auto&... c) { return (std::size_t{(c.flags & flag) != 0} + ... + 0); },
        Table<T>::columns);
}

template <class T>
consteval std::string_view soft_delete_name() {
    if constexpr (requires { Table<T>::soft_delete_column; }) {
        return Table<T>::soft_delete_column;
    } else {
        return "deleted_at";
    }
}

template <class T>
consteval std::size_t index_of_name(std::string_view name) {
    if (name.empty()) return kColumnCount<T>;
    constexpr auto names = column_names<T>();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    return kColumnCount<T>;
}

/// Indices of the columns flagged flag, in declaration order.
template <class T, unsigned Flag>
consteval auto flagged_indices() {
    std::array<std::size_t, count_flag<T>(Flag)> out{};
    std::size_t i = 0;
    std::size_t n = 0;
    std::apply(
        [&](const auto&... c) {
            (
                [&] {
                    if (c.flags & Flag) out[n++] = i;
                    ++i;
                }(),
                ...);
        },
        Table<T>::columns);
    return out;
}

template <class T>
consteval std::size_t primary_key_index() {
    std::size_t i = 0;
    std::size_t found = kColumnCount<T>;
    std::apply(
        [&](const auto&... c) {
            ((found = (found == kColumnCount<T> && (c.flags & kPrimaryKey)) ? i : found, ++i), ...);
        },
        Table<T>::columns);
    return found;
}

}  // namespace detail

/// Compile-time facts about a mapped table, and the checks that give readable errors.
template <TableMapped T>
struct TableTraits {
    using Columns = std::remove_cvref_t<decltype(Table<T>::columns)>;
    static_assert(detail::AllBelongTo<T, Columns>::value,
                  "strata::orm::Table<T>: every column(...) must point to a member of T itself "
                  "(a member pointer of another struct was given)");
    static_assert(!detail::AnyUnsigned64<Columns>::value,
                  "strata::orm::Table<T>: a std::uint64_t member has no PostgreSQL integer type "
                  "that holds every value: map it as std::int64_t (bigint) or Numeric "
                  "(numeric(20)); std::int8_t and std::uint8_t map to smallint, std::uint16_t to "
                  "integer, std::uint32_t to bigint");
    static_assert(
        detail::AllStorable<Columns>::value || detail::AnyUnsigned64<Columns>::value,
        "strata::orm::Table<T>: a member has a type strata cannot bind and decode "
        "(use bool, integers, double, std::string, Bytes, Timestamptz, Date, Uuid, Json, "
        "Numeric, vectors of those, std::optional of any, or specialise ToValue/Decoder)");
    static_assert(detail::names_nonempty<T>(), "strata::orm::Table<T>: a column has an empty name");
    static_assert(detail::names_unique<T>(), "strata::orm::Table<T>: a column is named twice");

    static constexpr std::size_t kColumns = detail::kColumnCount<T>;
    static constexpr auto kNames = detail::column_names<T>();
    static constexpr std::size_t kPrimaryKeys = detail::count_flag<T>(kPrimaryKey);
    /// Index of the first primary-key column (kColumns when none).
    static constexpr std::size_t kPkIndex = detail::primary_key_index<T>();
    /// Indices of every primary-key column in declaration order (a composite key's members).
    static constexpr auto kPkIndices = detail::flagged_indices<T, kPrimaryKey>();
    static constexpr std::size_t kSoftDeleteIndex =
        detail::index_of_name<T>(detail::soft_delete_name<T>());
    static constexpr std::size_t kUpdatedAtIndex = detail::index_of_name<T>("updated_at");
    static constexpr bool kSoftDelete = kSoftDeleteIndex < kColumns;
    static constexpr bool kHasUpdatedAt = kUpdatedAtIndex < kColumns;

    static constexpr std::string_view schema() {
        if constexpr (requires { Table<T>::schema; }) {
            return Table<T>::schema;
        } else {
            return {};
        }
    }
};

}  // namespace strata::orm

namespace strata::driver {

/// A Table<T> declaration is also T's RowMapping: Row::as<T>() decodes mapped structs.
template <class T>
    requires orm::TableMapped<T>
struct RowMapping<T> {
    static_assert(orm::TableTraits<T>::kColumns > 0);
    static constexpr auto fields = orm::Table<T>::columns;
};

}  // namespace strata::driver
