// The query builder: SELECT, INSERT, UPDATE and DELETE over mapped tables, every value bound.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/orm/expr.hpp"

namespace strata::orm {

namespace detail {

/// `"t"."a", "t"."b", ...` (qualified) or `"a", "b", ...`.
template <class T>
const std::string& column_list(bool qualified) {
    static const auto build = [](bool q) {
        std::string s;
        for (std::size_t i = 0; i < TableTraits<T>::kColumns; ++i) {
            if (i) s += ", ";
            if (q) s += qualified_table<T>() + ".";
            s += quote_identifier(TableTraits<T>::kNames[i]);
        }
        return s;
    };
    static const std::string with = build(true);
    static const std::string without = build(false);
    return qualified ? with : without;
}

/// Calls fn(name, value) for each column of v that INSERT sends (not server-generated).
template <class T, class Fn>
void for_each_insert_value(const T& v, Fn&& fn) {
    std::apply(
        [&](const auto&... c) {
            (
                [&] {
                    if (!(c.flags & kGenerated)) fn(c.name, driver::to_value(v.*(c.member)));
                }(),
                ...);
        },
        Table<T>::columns);
}

/// Names of the columns INSERT sends.
template <class T>
const std::vector<std::string>& insert_columns() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        std::apply(
            [&](const auto&... c) {
                (
                    [&] {
                        if (!(c.flags & kGenerated)) out.emplace_back(c.name);
                    }(),
                    ...);
            },
            Table<T>::columns);
        return out;
    }();
    return names;
}

inline void append_where(Fragment& f, const Expr& where) {
    if (!where.empty()) f.text(" WHERE ").append(where.fragment());
}

}  // namespace detail

/// SELECT <columns> FROM T [JOIN ...] [WHERE] [ORDER BY] [LIMIT] [OFFSET] [FOR UPDATE].
/// Joined... are the joined tables in order, U for join<U>() and std::optional<U> for
/// left_join<U>(): fetch() decodes a row into T without joins, else into
/// std::tuple<T, Joined...> (row_type). The type checks at compile time that every column a
/// condition or an ORDER BY reads belongs to T or a joined table.
/// A value type: each call returns the builder for chaining. Not thread-safe while modified.
template <TableMapped T, class... Joined>
class SelectQuery {
public:
    /// What fetch() decodes each row into.
    using row_type = std::conditional_t<sizeof...(Joined) == 0, T, std::tuple<T, Joined...>>;
    /// Whether U is the FROM table or a joined table.
    template <class U>
    static constexpr bool kHasTable =
        std::is_same_v<U, T> || (std::is_same_v<U, unwrap_t<Joined>> || ...);
    /// Whether U is the FROM table or an inner-joined table (a row always has it).
    template <class U>
    static constexpr bool kAlwaysHasTable =
        std::is_same_v<U, T> || (std::is_same_v<U, Joined> || ...);

    /// ANDs cond with the conditions so far (an empty cond adds nothing). A plain Expr (raw(),
    /// soft_delete_filter) is not checked; a col(...) condition must read only this query's
    /// tables.
    SelectQuery& where(const Expr& cond) & {
        where_ = where_ && cond;
        return *this;
    }
    SelectQuery&& where(const Expr& cond) && { return std::move(where(cond)); }
    template <class... Us>
    SelectQuery& where(const ExprOf<Us...>& cond) & {
        detail::check_where_reads<ExprOf<Us...>, T, unwrap_t<Joined>...>();
        return where(static_cast<const Expr&>(cond));
    }
    template <class... Us>
    SelectQuery&& where(const ExprOf<Us...>& cond) && {
        return std::move(where(cond));
    }
    /// where(cond) only when condition holds; make(), called only then, builds the condition
    /// (so `where_if(name.has_value(), [&] { return col(&T::name) == *name; })` is safe).
    template <class Fn>
        requires std::invocable<Fn&>
    SelectQuery& where_if(bool condition, Fn&& make) & {
        if (condition) where(make());
        return *this;
    }
    template <class Fn>
        requires std::invocable<Fn&>
    SelectQuery&& where_if(bool condition, Fn&& make) && {
        return std::move(where_if(condition, std::forward<Fn>(make)));
    }
    template <class E>
        requires std::derived_from<E, Expr>
    SelectQuery& where_if(bool condition, const E& cond) & {
        if (condition) where(cond);
        return *this;
    }
    template <class E>
        requires std::derived_from<E, Expr>
    SelectQuery&& where_if(bool condition, const E& cond) && {
        return std::move(where_if(condition, cond));
    }

    /// [INNER] JOIN U ON on: rows then decode into std::tuple<T, ..., U>.
    template <TableMapped U, class On>
        requires std::derived_from<On, Expr>
    [[nodiscard]] SelectQuery<T, Joined..., U> join(const On& on) const& {
        return SelectQuery(*this).template add_join<U, U>(" JOIN ", on);
    }
    template <TableMapped U, class On>
        requires std::derived_from<On, Expr>
    [[nodiscard]] SelectQuery<T, Joined..., U> join(const On& on) && {
        return std::move(*this).template add_join<U, U>(" JOIN ", on);
    }
    /// LEFT JOIN U ON on: the tuple element is std::optional<U>, nullopt when no U row matched
    /// (told by U's primary-key column being NULL). Put conditions on U (e.g.
    /// soft_delete_filter<U>()) in on, not in where(), or rows without a U are dropped.
    template <TableMapped U, class On>
        requires std::derived_from<On, Expr>
    [[nodiscard]] SelectQuery<T, Joined..., std::optional<U>> left_join(const On& on) const& {
        return SelectQuery(*this).template add_join<U, std::optional<U>>(" LEFT JOIN ", on);
    }
    template <TableMapped U, class On>
        requires std::derived_from<On, Expr>
    [[nodiscard]] SelectQuery<T, Joined..., std::optional<U>> left_join(const On& on) && {
        return std::move(*this).template add_join<U, std::optional<U>>(" LEFT JOIN ", on);
    }

    SelectQuery& order_by(const OrderTerm& o) & {
        order_.push_back(o);
        return *this;
    }
    SelectQuery&& order_by(const OrderTerm& o) && { return std::move(order_by(o)); }
    template <class U>
    SelectQuery& order_by(const OrderOf<U>& o) & {
        static_assert(kHasTable<U>,
                      "strata::orm: order_by() names a column of a table that is not in this "
                      "query's FROM or JOIN");
        return order_by(static_cast<const OrderTerm&>(o));
    }
    template <class U>
    SelectQuery&& order_by(const OrderOf<U>& o) && {
        return std::move(order_by(o));
    }
    SelectQuery& limit(std::int64_t n) & {
        limit_ = n;
        return *this;
    }
    SelectQuery&& limit(std::int64_t n) && { return std::move(limit(n)); }
    SelectQuery& offset(std::int64_t n) & {
        offset_ = n;
        return *this;
    }
    SelectQuery&& offset(std::int64_t n) && { return std::move(offset(n)); }
    /// FOR UPDATE (PostgreSQL; SQLite has no row locks, its writers are serialised: omitted).
    SelectQuery& for_update() & {
        for_update_ = true;
        return *this;
    }
    SelectQuery&& for_update() && { return std::move(for_update()); }
    /// FOR UPDATE SKIP LOCKED (a work queue). Omitted on SQLite like for_update().
    SelectQuery& skip_locked() & {
        for_update_ = true;
        skip_locked_ = true;
        return *this;
    }
    SelectQuery&& skip_locked() && { return std::move(skip_locked()); }

    [[nodiscard]] const Expr& condition() const { return where_; }

    /// The statement for dialect: the columns of T, then those of each joined table in order.
    [[nodiscard]] Sql to_sql(Dialect dialect = Dialect::postgres) const {
        Fragment f;
        f.text("SELECT ").text(detail::column_list<T>(true));
        (f.text(", ").text(detail::column_list<unwrap_t<Joined>>(true)), ...);
        return finish(std::move(f), dialect, true);
    }
    /// The statement selecting only U's columns (U is T or an inner-joined table): the joins
    /// filter, fetch<U>() decodes U.
    template <class U>
    [[nodiscard]] Sql to_sql_of(Dialect dialect = Dialect::postgres) const {
        static_assert(kAlwaysHasTable<U>,
                      "strata::orm: fetch<U>()/to_sql_of<U>(): U is not this query's FROM table "
                      "or an inner-joined table");
        Fragment f;
        f.text("SELECT ").text(detail::column_list<U>(true));
        return finish(std::move(f), dialect, true);
    }
    /// SELECT count(*) with the same FROM/JOIN/WHERE (no ORDER BY/LIMIT/OFFSET).
    [[nodiscard]] Sql count_sql(Dialect dialect = Dialect::postgres) const {
        Fragment f;
        f.text("SELECT count(*)");
        return finish(std::move(f), dialect, false);
    }
    /// SELECT EXISTS (SELECT 1 ... ) with the same FROM/JOIN/WHERE.
    [[nodiscard]] Sql exists_sql(Dialect dialect = Dialect::postgres) const {
        Fragment f;
        f.text("SELECT EXISTS (SELECT 1");
        Sql s = finish(std::move(f), dialect, false);
        s.text += ")";
        return s;
    }

private:
    template <TableMapped, class...>
    friend class SelectQuery;

    template <class U, class J, class On>
    SelectQuery<T, Joined..., J> add_join(std::string_view kind, const On& on) && {
        static_assert(!kHasTable<U>,
                      "strata::orm: join<U>(): U is already in this query (the builder has no "
                      "table aliases for self-joins; use raw SQL)");
        static_assert(detail::kReadsOnly<On, T, unwrap_t<Joined>..., U>,
                      "strata::orm: join<U>(on): the ON condition reads a column of a table "
                      "that is neither in this query's FROM or earlier JOINs nor U");
        if constexpr (!std::is_same_v<J, U>) {
            static_assert(TableTraits<U>::kPkIndex < TableTraits<U>::kColumns,
                          "strata::orm: left_join<U>(): Table<U> has no kPrimaryKey column, so a "
                          "missing U row cannot be told from a row of NULLs");
        }
        SelectQuery<T, Joined..., J> out;
        out.joins_ = std::move(joins_);
        out.joins_.text(kind).text(detail::qualified_table<U>()).text(" ON ").append(on.fragment());
        out.where_ = std::move(where_);
        out.order_ = std::move(order_);
        out.limit_ = limit_;
        out.offset_ = offset_;
        out.for_update_ = for_update_;
        out.skip_locked_ = skip_locked_;
        return out;
    }
    Sql finish(Fragment f, Dialect dialect, bool tail) const {
        f.text(" FROM ").text(detail::qualified_table<T>()).append(joins_);
        detail::append_where(f, where_);
        if (tail) {
            for (std::size_t i = 0; i < order_.size(); ++i) {
                f.text(i == 0 ? " ORDER BY " : ", ").append(order_[i].f);
            }
            if (limit_) f.text(" LIMIT ").value(*limit_);
            if (offset_) f.text(" OFFSET ").value(*offset_);
            if (for_update_ && dialect == Dialect::postgres) {
                f.text(" FOR UPDATE");
                if (skip_locked_) f.text(" SKIP LOCKED");
            }
        }
        return f.render(dialect);
    }

    Fragment joins_;
    Expr where_;
    std::vector<OrderTerm> order_;
    std::optional<std::int64_t> limit_;
    std::optional<std::int64_t> offset_;
    bool for_update_ = false;
    bool skip_locked_ = false;
};

/// INSERT INTO T (non-generated columns) VALUES (...), ... [ON CONFLICT ...] [RETURNING ...].
template <TableMapped T>
class InsertQuery {
public:
    /// Adds one row.
    InsertQuery& values(const T& row) & {
        Fragment r;
        r.text(rows_ == 0 ? " VALUES (" : ", (");
        bool first = true;
        detail::for_each_insert_value(row, [&](std::string_view, driver::Value v) {
            if (!first) r.text(", ");
            first = false;
            r.value(std::move(v));
        });
        values_.append(r.text(")"));
        ++rows_;
        return *this;
    }
    InsertQuery&& values(const T& row) && { return std::move(values(row)); }
    InsertQuery& values(std::span<const T> rows) & {
        for (const auto& r : rows) values(r);
        return *this;
    }
    InsertQuery&& values(std::span<const T> rows) && { return std::move(values(rows)); }

    /// ON CONFLICT (columns): follow with do_update(...) or do_nothing().
    InsertQuery& on_conflict(std::initializer_list<ColumnRef<T>> columns) & {
        conflict_ = Fragment{};
        conflict_.text(" ON CONFLICT (");
        list(conflict_, columns);
        conflict_.text(")");
        conflict_names_.clear();
        for (const auto& c : columns) conflict_names_.push_back(c.name);
        return *this;
    }
    InsertQuery&& on_conflict(std::initializer_list<ColumnRef<T>> columns) && {
        return std::move(on_conflict(columns));
    }
    /// DO UPDATE SET c = excluded.c for each column (the values of the row proposed).
    InsertQuery& do_update(std::initializer_list<ColumnRef<T>> columns) & {
        if (conflict_.empty()) throw UsageError("do_update() needs on_conflict(columns) first");
        if (columns.size() == 0)
            throw UsageError("do_update() needs at least one column to update");
        action_ = Fragment{};
        action_.text(" DO UPDATE SET ");
        bool first = true;
        for (const auto& c : columns) set_excluded(first, c.name);
        return *this;
    }
    InsertQuery&& do_update(std::initializer_list<ColumnRef<T>> columns) && {
        return std::move(do_update(columns));
    }
    /// DO UPDATE SET c = excluded.c for every column INSERT sends (not kGenerated) except the
    /// conflict columns and except: the whole row proposed, so a column added to T later is
    /// updated without touching the call. When no column is left, sets the first conflict
    /// column to itself, so that RETURNING still returns the existing row.
    InsertQuery& do_update_all_except(std::initializer_list<ColumnRef<T>> except) & {
        if (conflict_names_.empty())
            throw UsageError("do_update_all_except() needs on_conflict(columns) first");
        const auto listed = [](const auto& names, std::string_view name) {
            for (const auto& n : names)
                if (std::string_view(n) == name) return true;
            return false;
        };
        std::vector<std::string_view> excepted;
        for (const auto& c : except) excepted.push_back(c.name);
        action_ = Fragment{};
        action_.text(" DO UPDATE SET ");
        bool first = true;
        for (const auto& name : detail::insert_columns<T>()) {
            if (!listed(conflict_names_, name) && !listed(excepted, name))
                set_excluded(first, name);
        }
        if (first) set_excluded(first, conflict_names_.front());
        return *this;
    }
    InsertQuery&& do_update_all_except(std::initializer_list<ColumnRef<T>> except) && {
        return std::move(do_update_all_except(except));
    }
    /// DO NOTHING (with or without a conflict target).
    InsertQuery& do_nothing() & {
        if (conflict_.empty()) conflict_.text(" ON CONFLICT");
        action_ = Fragment{};
        action_.text(" DO NOTHING");
        return *this;
    }
    InsertQuery&& do_nothing() && { return std::move(do_nothing()); }
    /// RETURNING every mapped column (decode the result as T).
    InsertQuery& returning_all() & {
        returning_ = Fragment{};
        returning_.text(" RETURNING ").text(detail::column_list<T>(false));
        return *this;
    }
    InsertQuery&& returning_all() && { return std::move(returning_all()); }
    InsertQuery& returning(std::initializer_list<ColumnRef<T>> columns) & {
        returning_ = Fragment{};
        returning_.text(" RETURNING ");
        list(returning_, columns);
        return *this;
    }
    InsertQuery&& returning(std::initializer_list<ColumnRef<T>> columns) && {
        return std::move(returning(columns));
    }

    [[nodiscard]] Sql to_sql(Dialect dialect = Dialect::postgres) const {
        if (rows_ == 0)
            throw UsageError("INSERT INTO " + std::string(Table<T>::name) + " has no values(...)");
        Fragment f;
        f.text("INSERT INTO ").text(detail::qualified_table<T>()).text(" (");
        const auto& cols = detail::insert_columns<T>();
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (i) f.text(", ");
            f.ident(cols[i]);
        }
        f.text(")").append(values_).append(conflict_).append(action_).append(returning_);
        return f.render(dialect);
    }

private:
    /// `, "name" = excluded."name"` (no comma before the first).
    void set_excluded(bool& first, std::string_view name) {
        if (!first) action_.text(", ");
        first = false;
        action_.ident(name).text(" = excluded.").ident(name);
    }
    static void list(Fragment& f, std::initializer_list<ColumnRef<T>> columns) {
        bool first = true;
        for (const auto& c : columns) {
            if (!first) f.text(", ");
            first = false;
            f.ident(c.name);
        }
    }

    Fragment values_;
    std::size_t rows_ = 0;
    Fragment conflict_;
    std::vector<std::string_view>
        conflict_names_;  ///< of on_conflict(columns), for do_update_all_except
    Fragment action_;
    Fragment returning_;
};

/// UPDATE T SET ... [WHERE] [RETURNING].
template <TableMapped T>
class UpdateQuery {
public:
    /// SET column = value: the member's own value type, or std::optional of it / std::nullopt
    /// (NULL) for a std::optional member; another type is one static_assert
    /// (detail::set_parameter).
    template <class M, class V>
    UpdateQuery& set(M T::* member, const V& v) & {
        return set_value(detail::name_of(member), detail::set_parameter<T, M>(v));
    }
    template <class M, class V>
    UpdateQuery&& set(M T::* member, const V& v) && {
        return std::move(set(member, v));
    }
    /// SET column = NULL; only for std::optional members (nullable columns).
    template <class M>
    UpdateQuery& set_null(M T::* member) & {
        static_assert(IsOptional<M>::value,
                      "set_null: the member is not a std::optional, so its column is not nullable");
        return set_value(detail::name_of(member), driver::Value{});
    }
    template <class M>
    UpdateQuery&& set_null(M T::* member) && {
        return std::move(set_null(member));
    }
    /// SET "name" = value for an already-converted value (Patch uses it).
    UpdateQuery& set_value(std::string_view name, driver::Value v) & {
        sets_.text(sets_.empty() ? " SET " : ", ").ident(name).text(" = ").value(std::move(v));
        return *this;
    }
    UpdateQuery& where(const Expr& cond) & {
        where_ = where_ && cond;
        return *this;
    }
    UpdateQuery&& where(const Expr& cond) && { return std::move(where(cond)); }
    /// A col(...) condition must read only T (a plain Expr, e.g. raw(), is not checked).
    template <class... Us>
    UpdateQuery& where(const ExprOf<Us...>& cond) & {
        detail::check_where_reads<ExprOf<Us...>, T>();
        return where(static_cast<const Expr&>(cond));
    }
    template <class... Us>
    UpdateQuery&& where(const ExprOf<Us...>& cond) && {
        return std::move(where(cond));
    }
    UpdateQuery& returning_all() & {
        returning_ = true;
        return *this;
    }
    UpdateQuery&& returning_all() && { return std::move(returning_all()); }
    [[nodiscard]] bool has_sets() const { return !sets_.empty(); }

    [[nodiscard]] Sql to_sql(Dialect dialect = Dialect::postgres) const {
        if (sets_.empty())
            throw UsageError("UPDATE " + std::string(Table<T>::name) + " sets no column");
        Fragment f;
        f.text("UPDATE ").text(detail::qualified_table<T>()).append(sets_);
        detail::append_where(f, where_);
        if (returning_) f.text(" RETURNING ").text(detail::column_list<T>(false));
        return f.render(dialect);
    }

private:
    Fragment sets_;
    Expr where_;
    bool returning_ = false;
};

/// DELETE FROM T [WHERE] [RETURNING].
template <TableMapped T>
class DeleteQuery {
public:
    DeleteQuery& where(const Expr& cond) & {
        where_ = where_ && cond;
        return *this;
    }
    DeleteQuery&& where(const Expr& cond) && { return std::move(where(cond)); }
    /// A col(...) condition must read only T (a plain Expr, e.g. raw(), is not checked).
    template <class... Us>
    DeleteQuery& where(const ExprOf<Us...>& cond) & {
        detail::check_where_reads<ExprOf<Us...>, T>();
        return where(static_cast<const Expr&>(cond));
    }
    template <class... Us>
    DeleteQuery&& where(const ExprOf<Us...>& cond) && {
        return std::move(where(cond));
    }
    DeleteQuery& returning_all() & {
        returning_ = true;
        return *this;
    }
    DeleteQuery&& returning_all() && { return std::move(returning_all()); }
    [[nodiscard]] Sql to_sql(Dialect dialect = Dialect::postgres) const {
        Fragment f;
        f.text("DELETE FROM ").text(detail::qualified_table<T>());
        detail::append_where(f, where_);
        if (returning_) f.text(" RETURNING ").text(detail::column_list<T>(false));
        return f.render(dialect);
    }

private:
    Expr where_;
    bool returning_ = false;
};

template <TableMapped T>
SelectQuery<T> select() {
    return {};
}
template <TableMapped T>
InsertQuery<T> insert() {
    return {};
}
template <TableMapped T>
UpdateQuery<T> update() {
    return {};
}
template <TableMapped T>
DeleteQuery<T> delete_from() {
    return {};
}

}  // namespace strata::orm
