// Typed column references and the WHERE expressions built from them (every value bound).
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/orm/fragment.hpp"
#include "strata/orm/table.hpp"

namespace strata::orm {

/// A boolean SQL condition. Default-constructed = no condition (where() ignores it).
/// Compound conditions are parenthesised, so precedence is what the C++ says.
class Expr {
public:
    Expr() = default;
    explicit Expr(Fragment f) : f_(std::move(f)) {}
    [[nodiscard]] bool empty() const { return f_.empty(); }
    [[nodiscard]] const Fragment& fragment() const { return f_; }

    /// a AND b; an empty side yields the other.
    friend Expr operator&&(const Expr& a, const Expr& b) { return combine(a, b, " AND "); }
    /// a OR b; an empty side yields the other.
    friend Expr operator||(const Expr& a, const Expr& b) { return combine(a, b, " OR "); }
    /// NOT a (NOT of an empty condition is empty).
    friend Expr operator!(const Expr& a) {
        if (a.empty()) return a;
        Fragment f;
        f.text("(NOT ").append(a.f_).text(")");
        return Expr(std::move(f));
    }

private:
    static Expr combine(const Expr& a, const Expr& b, std::string_view op) {
        if (a.empty()) return b;
        if (b.empty()) return a;
        Fragment f;
        f.text("(").append(a.f_).text(op).append(b.f_).text(")");
        return Expr(std::move(f));
    }
    Fragment f_;
};

/// A condition that carries in its type the tables whose columns it reads (what col(...)
/// comparisons return), so a query refuses at compile time a column of a table it does not
/// select from. It is an Expr: it converts to one (and an Expr variable forgets the tables).
template <class... Tables>
class ExprOf : public Expr {
public:
    ExprOf() = default;
    explicit ExprOf(Fragment f) : Expr(std::move(f)) {}
    explicit ExprOf(Expr e) : Expr(std::move(e)) {}
};

namespace detail {

/// The tables a condition reads, when its type says (ExprOf); none for a plain Expr.
template <class E>
struct TablesOf {
    using type = std::tuple<>;
};
template <class... Ts>
struct TablesOf<ExprOf<Ts...>> {
    using type = std::tuple<Ts...>;
};

template <class X, class... InQuery>
inline constexpr bool kOneOf = (std::is_same_v<X, InQuery> || ...);
template <class Tables, class... InQuery>
struct AllIn;
template <class... Ts, class... InQuery>
struct AllIn<std::tuple<Ts...>, InQuery...> : std::bool_constant<(kOneOf<Ts, InQuery...> && ...)> {
};

/// Whether every table condition E reads is among InQuery.
template <class E, class... InQuery>
inline constexpr bool kReadsOnly = AllIn<typename TablesOf<E>::type, InQuery...>::value;

/// where()'s check, one message for every query: condition E reads only tables among InQuery
/// (a SELECT's FROM and JOIN tables; the one table of an UPDATE or a DELETE).
template <class E, class... InQuery>
constexpr void check_where_reads() {
    static_assert(kReadsOnly<E, InQuery...>,
                  "strata::orm: where() reads a column of a table that is not in this query's "
                  "FROM or JOIN (update<T>() and delete_from<T>() read only T); a select joins "
                  "it with join<Table>(on) before the where()");
}

}  // namespace detail

/// a AND b, a OR b, NOT a over conditions that know their tables: the result knows them all.
template <class... Ts, class... Us>
ExprOf<Ts..., Us...> operator&&(const ExprOf<Ts...>& a, const ExprOf<Us...>& b) {
    return ExprOf<Ts..., Us...>(static_cast<const Expr&>(a) && static_cast<const Expr&>(b));
}
template <class... Ts>
ExprOf<Ts...> operator&&(const ExprOf<Ts...>& a, const Expr& b) {
    return ExprOf<Ts...>(static_cast<const Expr&>(a) && b);
}
template <class... Ts>
ExprOf<Ts...> operator&&(const Expr& a, const ExprOf<Ts...>& b) {
    return ExprOf<Ts...>(a && static_cast<const Expr&>(b));
}
template <class... Ts, class... Us>
ExprOf<Ts..., Us...> operator||(const ExprOf<Ts...>& a, const ExprOf<Us...>& b) {
    return ExprOf<Ts..., Us...>(static_cast<const Expr&>(a) || static_cast<const Expr&>(b));
}
template <class... Ts>
ExprOf<Ts...> operator||(const ExprOf<Ts...>& a, const Expr& b) {
    return ExprOf<Ts...>(static_cast<const Expr&>(a) || b);
}
template <class... Ts>
ExprOf<Ts...> operator||(const Expr& a, const ExprOf<Ts...>& b) {
    return ExprOf<Ts...>(a || static_cast<const Expr&>(b));
}
template <class... Ts>
ExprOf<Ts...> operator!(const ExprOf<Ts...>& a) {
    return ExprOf<Ts...>(!static_cast<const Expr&>(a));
}

/// A trusted SQL condition with bound values, for what the builder cannot say:
/// raw("lower(\"email\") = ", value). Text is never caller data; values are bound.
template <class... Vs>
Expr raw(std::string_view sql_text, const Vs&... values) {
    Fragment f;
    f.text(sql_text);
    (f.value(driver::to_value(values)), ...);
    return Expr(std::move(f));
}

/// An ORDER BY item.
struct OrderTerm {
    Fragment f;
};

/// An ORDER BY item on a column of table T (what asc()/desc() return); a query refuses one of
/// a table it does not select from.
template <class T>
struct OrderOf : OrderTerm {};

namespace detail {

/// "schema"."table" for T.
template <class T>
const std::string& qualified_table() {
    static const std::string name = [] {
        std::string s;
        if (!TableTraits<T>::schema().empty()) {
            s = quote_identifier(TableTraits<T>::schema()) + ".";
        }
        return s + quote_identifier(Table<T>::name);
    }();
    return name;
}

/// The column name mapped to member m, or throws UsageError.
template <class T, class M>
std::string_view name_of(M T::* m) {
    std::string_view found;
    std::apply(
        [&](const auto&... c) {
            (
                [&] {
                    if constexpr (std::is_same_v<
                                      typename std::remove_cvref_t<decltype(c)>::member_type, M>) {
                        if (found.empty() && c.member == m) found = c.name;
                    }
                }(),
                ...);
        },
        Table<T>::columns);
    if (found.empty()) {
        throw UsageError(std::string("the member passed is not mapped to a column of table ") +
                         std::string(Table<T>::name));
    }
    return found;
}

}  // namespace detail

/// A column of T as an untyped reference: any `&T::member` converts to it, so lists of
/// columns of different types can be written `{&T::a, &T::b}`.
template <class T>
struct ColumnRef {
    template <class M>
    ColumnRef(M T::* m) : name(detail::name_of(m)) {}  // NOLINT(google-explicit-constructor)
    std::string_view name;
};

namespace detail {

template <class V>
inline constexpr bool kIsCharacter =
    std::is_same_v<V, char> || std::is_same_v<V, wchar_t> || std::is_same_v<V, char8_t> ||
    std::is_same_v<V, char16_t> || std::is_same_v<V, char32_t>;

/// v as the integer type C, or UsageError when C cannot hold it (300 for a std::int8_t column):
/// a cast would wrap it and compare with another value.
template <class C, class V>
C integer_in_range(const V& v) {
    if (!std::in_range<C>(v)) {
        throw UsageError("strata::orm: the value " + std::to_string(v) +
                         " does not fit the column's integer type (" +
                         std::to_string(std::numeric_limits<C>::min()) + " to " +
                         std::to_string(std::numeric_limits<C>::max()) + ")");
    }
    return static_cast<C>(v);
}

/// Whether a value of type V may be compared with a column whose value type is C: C itself or
/// std::optional of it; for an integer column any integer (not bool, not a character); for a
/// floating-point column any number; for a string column anything that is a std::string_view;
/// for other class types (Timestamptz, Uuid, ...) what converts to C. A bool column takes only
/// bool.
template <class V, class C>
consteval bool comparable_value() {
    using U = std::remove_cvref_t<V>;
    if constexpr (IsOptional<U>::value) {
        return comparable_value<typename U::value_type, C>();
    } else if constexpr (std::is_same_v<U, C>) {
        return true;
    } else if constexpr (std::is_same_v<C, bool> || std::is_same_v<U, bool> || kIsCharacter<U>) {
        return false;
    } else if constexpr (std::is_integral_v<C>) {
        return std::is_integral_v<U>;
    } else if constexpr (std::is_floating_point_v<C>) {
        return std::is_arithmetic_v<U>;
    } else if constexpr (std::is_same_v<C, std::string>) {
        return std::is_convertible_v<const V&, std::string_view>;
    } else {
        return std::is_class_v<U> && std::is_convertible_v<const U&, C>;
    }
}

}  // namespace detail

/// A typed column reference: compares only with its own value type (see comparable_value);
/// any other value is refused at compile time with one static_assert message.
template <class T, class M>
class Col {
public:
    using table_type = T;
    using value_type = unwrap_t<M>;

    explicit Col(M T::* m) : name_(detail::name_of(m)) {}
    [[nodiscard]] std::string_view name() const { return name_; }
    /// "table"."column".
    [[nodiscard]] Fragment ref() const {
        Fragment f;
        f.text(detail::qualified_table<T>()).text(".").ident(name_);
        return f;
    }

    /// v as a parameter of this column's type (an empty std::optional is NULL).
    template <class V>
        requires(detail::comparable_value<V, value_type>())
    static driver::Value bind(const V& v) {
        if constexpr (IsOptional<V>::value) {
            return v ? bind(*v) : driver::Value{};
        } else if constexpr (std::is_integral_v<value_type> && !std::is_same_v<value_type, bool> &&
                             !std::is_same_v<V, value_type>) {
            return driver::to_value(detail::integer_in_range<value_type>(v));
        } else {
            return driver::to_value(static_cast<value_type>(v));
        }
    }

    [[nodiscard]] ExprOf<T> is_null() const { return ExprOf<T>(ref().text(" IS NULL")); }
    [[nodiscard]] ExprOf<T> is_not_null() const { return ExprOf<T>(ref().text(" IS NOT NULL")); }
    /// LIKE pattern (string columns); the pattern is bound, `%` and `_` keep their meaning.
    template <class V>
    [[nodiscard]] ExprOf<T> like(const V& pattern) const {
        static_assert(std::is_same_v<value_type, std::string>,
                      "strata::orm: like() is for text columns; this column's value type is not "
                      "std::string");
        static_assert(std::is_convertible_v<const V&, std::string_view>,
                      "strata::orm: like() takes a text pattern (std::string, std::string_view "
                      "or a string literal)");
        if constexpr (std::is_same_v<value_type, std::string> &&
                      std::is_convertible_v<const V&, std::string_view>) {
            return ExprOf<T>(ref().text(" LIKE ").value(bind(pattern)));
        } else {
            return {};
        }
    }
    /// column IN (...); an empty list is false.
    template <class V>
    [[nodiscard]] ExprOf<T> in(std::span<const V> values) const {
        static_assert(detail::comparable_value<V, value_type>(),
                      "strata::orm: in() takes values of the column's own value type");
        if constexpr (detail::comparable_value<V, value_type>()) {
            if (values.empty()) return ExprOf<T>(Fragment().text("(1 = 0)"));
            Fragment f = ref();
            f.text(" IN (");
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (i) f.text(", ");
                f.value(bind(values[i]));
            }
            return ExprOf<T>(f.text(")"));
        } else {
            return {};
        }
    }
    template <class V>
    [[nodiscard]] ExprOf<T> in(const std::vector<V>& values) const {
        return in(std::span<const V>(values));
    }
    [[nodiscard]] ExprOf<T> in(std::initializer_list<value_type> values) const {
        return in(std::span<const value_type>(values.begin(), values.size()));
    }
    [[nodiscard]] OrderOf<T> asc() const { return {{ref().text(" ASC")}}; }
    [[nodiscard]] OrderOf<T> desc() const { return {{ref().text(" DESC")}}; }

    // Each comparison takes any V and static_asserts, so a wrong value gives one message
    // instead of a list of every operator candidate. `== empty optional` is IS NULL and
    // `!= empty optional` IS NOT NULL (as SQLAlchemy's `== None`).
#define STRATA_ORM_COMPARE(op, sql)                                                              \
    template <class V>                                                                           \
    friend ExprOf<T> operator op(const Col & c, const V & v) {                                   \
        static_assert(detail::comparable_value<V, value_type>(),                                 \
                      "strata::orm: a column is compared with a value of another type; compare " \
                      "with the column's own value type or std::optional of it (a bool column "  \
                      "takes only bool, a text column only strings, a number column only "       \
                      "numbers)");                                                               \
        if constexpr (detail::comparable_value<V, value_type>()) {                               \
            return c.compare(" " sql " ", v);                                                    \
        } else {                                                                                 \
            return {};                                                                           \
        }                                                                                        \
    }                                                                                            \
    template <class U, class N>                                                                  \
    friend ExprOf<T, U> operator op(const Col & c, const Col<U, N>& other) {                     \
        static_assert(std::is_same_v<unwrap_t<N>, value_type>,                                   \
                      "strata::orm: two columns of different value types are compared");         \
        return ExprOf<T, U>(c.ref().text(" " sql " ").append(other.ref()));                      \
    }
    STRATA_ORM_COMPARE(==, "=")
    STRATA_ORM_COMPARE(!=, "<>")
    STRATA_ORM_COMPARE(<, "<")
    STRATA_ORM_COMPARE(<=, "<=")
    STRATA_ORM_COMPARE(>, ">")
    STRATA_ORM_COMPARE(>=, ">=")
#undef STRATA_ORM_COMPARE

private:
    template <class V>
    [[nodiscard]] ExprOf<T> compare(std::string_view op, const V& v) const {
        if constexpr (IsOptional<V>::value) {
            if (!v && op == " = ") return is_null();
            if (!v && op == " <> ") return is_not_null();
        }
        return ExprOf<T>(ref().text(op).value(bind(v)));
    }

    std::string_view name_;
};

namespace detail {

/// Whether set(&T::m, v) takes a V for a member of type M: what a comparison with m's column
/// takes (comparable_value); std::optional of it or std::nullopt only when M is a std::optional
/// (a nullable column).
template <class V, class M>
consteval bool settable_value() {
    using U = std::remove_cvref_t<V>;
    if constexpr (IsOptional<M>::value) {
        return std::is_same_v<U, std::nullopt_t> || comparable_value<V, unwrap_t<M>>();
    } else {
        return !IsOptional<U>::value && comparable_value<V, M>();
    }
}

/// The parameter UpdateQuery::set and Patch::set send for member type M (an empty
/// std::optional or std::nullopt is NULL); any other value type is one static_assert.
template <class T, class M, class V>
driver::Value set_parameter(const V& v) {
    static_assert(settable_value<V, M>(),
                  "strata::orm: set() takes the member's own value type (std::optional of it "
                  "or std::nullopt only for a std::optional member); a bool member takes only "
                  "bool, a text member only strings, a number member only numbers");
    if constexpr (settable_value<V, M>() &&
                  !std::is_same_v<std::remove_cvref_t<V>, std::nullopt_t>) {
        return Col<T, M>::bind(v);
    } else {
        return {};  // NULL for std::nullopt (and nothing after a failed static_assert)
    }
}

}  // namespace detail

/// col(&Todo::title): the typed reference to a mapped member (UsageError when unmapped).
template <class T, class M>
    requires TableMapped<T>
Col<T, M> col(M T::* m) {
    (void)sizeof(TableTraits<T>);
    return Col<T, M>(m);
}

/// Shorthand for the order of a column: asc(&T::created_at), desc(&T::id).
template <class T, class M>
OrderOf<T> asc(M T::* m) {
    return col(m).asc();
}
template <class T, class M>
OrderOf<T> desc(M T::* m) {
    return col(m).desc();
}

}  // namespace strata::orm
