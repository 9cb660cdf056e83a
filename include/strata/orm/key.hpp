// Primary keys of any type and shape: the key type, the key of a row, the conditions on keys.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/core/numeric.hpp"
#include "strata/orm/expr.hpp"

namespace strata::orm {

namespace detail {

template <class T, std::size_t I>
using column_member_t =
    typename std::tuple_element_t<I, typename TableTraits<T>::Columns>::member_type;

template <class T, class Seq = std::make_index_sequence<TableTraits<T>::kPrimaryKeys>>
struct KeyOf;
template <class T, std::size_t... I>
struct KeyOf<T, std::index_sequence<I...>> {
    using type = std::tuple<column_member_t<T, TableTraits<T>::kPkIndices[I]>...>;
};
template <class T>
struct KeyOf<T, std::index_sequence<0>> {
    using type = column_member_t<T, TableTraits<T>::kPkIndex>;
};

}  // namespace detail

/// The type of T's primary key: the member's type when one column is flagged kPrimaryKey; for a
/// composite key, a std::tuple of the flagged members' types in the order of Table<T>::columns.
template <TableMapped T>
using key_t = typename detail::KeyOf<T>::type;

/// Whether T's primary key has several columns.
template <TableMapped T>
inline constexpr bool kCompositeKey = TableTraits<T>::kPrimaryKeys > 1;

/// Hash and equality of keys as the database compares them: std::hash and == of the type, except
/// Numeric, compared by value (1.5 = 1.50 in SQL, while Numeric's == also compares the scale),
/// and tuples (composite keys) element by element.
template <class K>
struct KeyHash {
    std::size_t operator()(const K& k) const { return std::hash<K>{}(k); }
};
template <class K>
struct KeyEqual {
    bool operator()(const K& a, const K& b) const { return a == b; }
};
template <>
struct KeyEqual<Numeric> {
    bool operator()(const Numeric& a, const Numeric& b) const {
        return a.significant() == b.significant();
    }
};
template <class... Ks>
struct KeyHash<std::tuple<Ks...>> {
    std::size_t operator()(const std::tuple<Ks...>& k) const {
        return std::apply(
            [](const Ks&... e) {
                std::size_t h = 0;
                ((h ^= KeyHash<Ks>{}(e) + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U)), ...);
                return h;
            },
            k);
    }
};
template <class... Ks>
struct KeyEqual<std::tuple<Ks...>> {
    bool operator()(const std::tuple<Ks...>& a, const std::tuple<Ks...>& b) const {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return (KeyEqual<Ks>{}(std::get<I>(a), std::get<I>(b)) && ...);
        }(std::index_sequence_for<Ks...>{});
    }
};

/// Whether KeyHash<K> works: std::hash<K> is enabled (for a tuple: for each element).
template <class K>
inline constexpr bool kKeyHashable = std::is_default_constructible_v<std::hash<K>>;
template <class... Ks>
inline constexpr bool kKeyHashable<std::tuple<Ks...>> = (kKeyHashable<Ks> && ...);

/// The primary key of row.
template <TableMapped T>
key_t<T> key_of(const T& row) {
    using Traits = TableTraits<T>;
    if constexpr (!kCompositeKey<T>) {
        return row.*(std::get<Traits::kPkIndex>(Table<T>::columns).member);
    } else {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return key_t<T>(row.*(std::get<Traits::kPkIndices[I]>(Table<T>::columns).member)...);
        }(std::make_index_sequence<Traits::kPrimaryKeys>{});
    }
}

namespace detail {

/// `"schema"."table"."column"` for T's column at index i.
template <class T>
Fragment column_ref(std::size_t i) {
    Fragment f;
    f.text(qualified_table<T>()).text(".").ident(TableTraits<T>::kNames[i]);
    return f;
}

/// `("t"."a", "t"."b")`: the key columns as a row value.
template <class T>
Fragment key_row() {
    Fragment f;
    f.text("(");
    for (std::size_t i = 0; i < TableTraits<T>::kPrimaryKeys; ++i) {
        if (i) f.text(", ");
        f.append(column_ref<T>(TableTraits<T>::kPkIndices[i]));
    }
    return f.text(")");
}

/// `($1, $2)`: the key's values as a row value, each bound.
template <class... Ks>
Fragment& append_key_values(Fragment& f, const std::tuple<Ks...>& k) {
    f.text("(");
    std::apply(
        [&](const Ks&... e) {
            bool first = true;
            (
                [&] {
                    if (!first) f.text(", ");
                    first = false;
                    f.value(driver::to_value(e));
                }(),
                ...);
        },
        k);
    return f.text(")");
}

/// Instantiated by the Repository methods' catch-all overloads: one readable message instead of
/// a page of overload candidates when an id is not of the key's type or shape.
template <class T, class K>
void reject_key() {
    static_assert(
        std::is_convertible_v<const K&, key_t<T>>,
        "Repository<T>: the id does not convert to Repository<T>::Key, the type of T's primary "
        "key: the member's type, or for a composite key (several columns flagged kPrimaryKey) a "
        "std::tuple of those members' types in the order of Table<T>::columns, e.g. "
        "get_by_id({user_id, day})");
}

/// Whether any column of T's primary key is server-generated (never sent by INSERT).
template <class T>
consteval bool key_generated() {
    for (auto i : TableTraits<T>::kPkIndices) {
        bool generated = false;
        std::size_t at = 0;
        std::apply(
            [&](const auto&... c) {
                ((generated = generated || (at++ == i && (c.flags & kGenerated) != 0)), ...);
            },
            Table<T>::columns);
        if (generated) return true;
    }
    return false;
}

template <TableMapped T>
auto single_key_col() {
    return Col<T, key_t<T>>(std::get<TableTraits<T>::kPkIndex>(Table<T>::columns).member);
}

}  // namespace detail

/// The condition "T's primary key is k": `"t"."id" = $1`, or for a composite key
/// `("t"."a" = $1 AND "t"."b" = $2)`.
template <TableMapped T>
Expr key_equals(const key_t<T>& k) {
    if constexpr (!kCompositeKey<T>) {
        return detail::single_key_col<T>() == k;
    } else {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return (Expr(detail::column_ref<T>(TableTraits<T>::kPkIndices[I])
                             .text(" = ")
                             .value(driver::to_value(std::get<I>(k)))) &&
                    ...);
        }(std::make_index_sequence<TableTraits<T>::kPrimaryKeys>{});
    }
}

/// The condition "T's primary key is one of keys", one condition for any number of keys:
/// `"t"."id" IN ($1, $2)`, or for a composite key `("t"."a", "t"."b") IN (VALUES ($1, $2),
/// ($3, $4))` (row values: PostgreSQL, SQLite 3.15 and later). No keys: false.
template <TableMapped T>
Expr key_in(std::span<const key_t<T>> keys) {
    if constexpr (!kCompositeKey<T>) {
        return detail::single_key_col<T>().in(keys);
    } else {
        if (keys.empty()) return Expr(Fragment().text("(1 = 0)"));
        Fragment f = detail::key_row<T>();
        f.text(" IN (VALUES ");
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (i) f.text(", ");
            detail::append_key_values(f, keys[i]);
        }
        return Expr(f.text(")"));
    }
}

/// The condition "T's primary key sorts after k" (keyset pagination): `"t"."id" > $1`, or the
/// row comparison `("t"."a", "t"."b") > ($1, $2)` (lexicographic).
template <TableMapped T>
Expr key_after(const key_t<T>& k) {
    if constexpr (!kCompositeKey<T>) {
        return detail::single_key_col<T>() > k;
    } else {
        Fragment f = detail::key_row<T>();
        f.text(" > ");
        return Expr(std::move(detail::append_key_values(f, k)));
    }
}

/// ORDER BY items for T's primary key, ascending, column by column.
template <TableMapped T>
std::vector<OrderTerm> key_order() {
    std::vector<OrderTerm> out;
    out.reserve(TableTraits<T>::kPrimaryKeys);
    for (std::size_t i = 0; i < TableTraits<T>::kPrimaryKeys; ++i)
        out.push_back(OrderTerm{detail::column_ref<T>(TableTraits<T>::kPkIndices[i]).text(" ASC")});
    return out;
}

}  // namespace strata::orm
