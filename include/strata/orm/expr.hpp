// Typed column references and the WHERE expressions built from them (every value bound).
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
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
struct Order {
    Fragment f;
};

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

/// A typed column reference: compares only with values convertible to its type.
template <class T, class M>
class Col {
public:
    using value_type = unwrap_t<M>;

    explicit Col(M T::* m) : name_(detail::name_of(m)) {}
    [[nodiscard]] std::string_view name() const { return name_; }
    /// "table"."column".
    [[nodiscard]] Fragment ref() const {
        Fragment f;
        f.text(detail::qualified_table<T>()).text(".").ident(name_);
        return f;
    }

    template <class V>
        requires std::convertible_to<const V&, value_type>
    static driver::Value bind(const V& v) {
        return driver::to_value(static_cast<value_type>(v));
    }

    [[nodiscard]] Expr is_null() const { return Expr(ref().text(" IS NULL")); }
    [[nodiscard]] Expr is_not_null() const { return Expr(ref().text(" IS NOT NULL")); }
    /// LIKE pattern (string columns); the pattern is bound, `%` and `_` keep their meaning.
    template <class V>
        requires std::convertible_to<const V&, std::string> && std::same_as<value_type, std::string>
    [[nodiscard]] Expr like(const V& pattern) const {
        return Expr(ref().text(" LIKE ").value(bind(pattern)));
    }
    /// column IN (...); an empty list is false.
    template <class V>
        requires std::convertible_to<const V&, value_type>
    [[nodiscard]] Expr in(std::span<const V> values) const {
        if (values.empty()) return Expr(Fragment().text("(1 = 0)"));
        Fragment f = ref();
        f.text(" IN (");
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i) f.text(", ");
            f.value(bind(values[i]));
        }
        return Expr(f.text(")"));
    }
    template <class V>
        requires std::convertible_to<const V&, value_type>
    [[nodiscard]] Expr in(const std::vector<V>& values) const {
        return in(std::span<const V>(values));
    }
    [[nodiscard]] Expr in(std::initializer_list<value_type> values) const {
        return in(std::span<const value_type>(values.begin(), values.size()));
    }
    [[nodiscard]] Order asc() const { return Order{ref().text(" ASC")}; }
    [[nodiscard]] Order desc() const { return Order{ref().text(" DESC")}; }

#define STRATA_ORM_COMPARE(op, sql)                                 \
    template <class V>                                              \
        requires std::convertible_to<const V&, value_type>          \
    friend Expr operator op(const Col& c, const V& v) {             \
        return Expr(c.ref().text(" " sql " ").value(bind(v)));      \
    }                                                               \
    template <class U, class N>                                     \
        requires std::same_as<unwrap_t<N>, value_type>              \
    friend Expr operator op(const Col& c, const Col<U, N>& other) { \
        return Expr(c.ref().text(" " sql " ").append(other.ref())); \
    }
    STRATA_ORM_COMPARE(==, "=")
    STRATA_ORM_COMPARE(!=, "<>")
    STRATA_ORM_COMPARE(<, "<")
    STRATA_ORM_COMPARE(<=, "<=")
    STRATA_ORM_COMPARE(>, ">")
    STRATA_ORM_COMPARE(>=, ">=")
#undef STRATA_ORM_COMPARE

private:
    std::string_view name_;
};

/// col(&Todo::title): the typed reference to a mapped member (UsageError when unmapped).
template <class T, class M>
    requires TableMapped<T>
Col<T, M> col(M T::* m) {
    (void)sizeof(TableTraits<T>);
    return Col<T, M>(m);
}

/// Shorthand for the order of a column: asc(&T::created_at), desc(&T::id).
template <class T, class M>
Order asc(M T::* m) {
    return col(m).asc();
}
template <class T, class M>
Order desc(M T::* m) {
    return col(m).desc();
}

}  // namespace strata::orm
