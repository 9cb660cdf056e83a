// RelatedLoader<Child>: the child rows of many parents by foreign key in one query, grouped.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <ranges>
#include <source_location>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "strata/orm/repository.hpp"

namespace strata::orm {

/// Loads the rows of Child that point to many parents through a foreign-key column, with one
/// query for all of them (SQLAlchemy's `selectinload`, without N+1):
///
///     RelatedLoader<Todo> todos{session};
///     auto by_owner = todos.load(&Todo::owner_id, owners);     // parents (their primary key)
///     auto by_owner = todos.load(&Todo::owner_id, owner_ids);  // or the keys themselves
///     for (const auto& todo : by_owner[owner.id]) ...
///
/// The result maps every asked key to its children (an empty vector when it has none), each
/// group in the order of order (default: Child's primary key). On PostgreSQL the keys are one
/// array parameter (`fk = ANY($1)`); on SQLite an IN list, split every kSqliteChunk keys. Like
/// Repository, soft-deleted children are left out unless with_deleted() / only_deleted().
/// Thread-safety: like its Session, one thread at a time.
template <TableMapped Child>
class RelatedLoader {
public:
    /// Keys per statement on SQLite (its bound-parameter limit is 32766).
    static constexpr std::size_t kSqliteChunk = 10000;

    explicit RelatedLoader(Session& session, Deleted mode = Deleted::exclude)
        : s_(&session), mode_(mode) {}

    /// A copy that also loads soft-deleted children.
    [[nodiscard]] RelatedLoader with_deleted() const {
        return RelatedLoader(*s_, Deleted::include);
    }
    /// A copy that loads only soft-deleted children.
    [[nodiscard]] RelatedLoader only_deleted() const { return RelatedLoader(*s_, Deleted::only); }
    [[nodiscard]] Deleted mode() const { return mode_; }

    /// The children whose fk is one of keys, by key; filter narrows them (a condition on Child)
    /// and order sorts each group ({asc(&Child::a)}). Both are checked at compile time like
    /// select<Child>().where() and order_by(): a col(...) condition or an order of another table
    /// is refused.
    template <class M, class E = Expr, class U = Child>
    [[nodiscard]] std::unordered_map<unwrap_t<M>, std::vector<Child>> load(
        M Child::* fk, std::span<const unwrap_t<M>> keys, const E& filter = {},
        std::initializer_list<OrderOf<U>> order = {},
        std::source_location where = std::source_location::current()) const {
        detail::check_reads_only<Child, E, U>();
        return load_keys(fk, keys, filter, order_terms(order), where);
    }
    template <class M, class E = Expr, class U = Child>
    [[nodiscard]] std::unordered_map<unwrap_t<M>, std::vector<Child>> load(
        M Child::* fk, std::initializer_list<unwrap_t<M>> keys, const E& filter = {},
        std::initializer_list<OrderOf<U>> order = {},
        std::source_location where = std::source_location::current()) const {
        detail::check_reads_only<Child, E, U>();
        return load_keys(fk, std::span<const unwrap_t<M>>(keys.begin(), keys.size()), filter,
                         order_terms(order), where);
    }
    /// The keys from any range (a std::set, a view, ...).
    template <class M, std::ranges::input_range Keys, class E = Expr, class U = Child>
        requires(!TableMapped<std::ranges::range_value_t<Keys>> &&
                 std::convertible_to<std::ranges::range_reference_t<Keys>, unwrap_t<M>> &&
                 !std::convertible_to<const Keys&, std::span<const unwrap_t<M>>>)
    [[nodiscard]] std::unordered_map<unwrap_t<M>, std::vector<Child>> load(
        M Child::* fk, const Keys& keys, const E& filter = {},
        std::initializer_list<OrderOf<U>> order = {},
        std::source_location where = std::source_location::current()) const {
        detail::check_reads_only<Child, E, U>();
        std::vector<unwrap_t<M>> all;
        for (const auto& k : keys) all.push_back(k);
        return load_keys(fk, std::span<const unwrap_t<M>>(all), filter, order_terms(order), where);
    }
    /// The children of parents (mapped structs with one primary-key column), by parent key.
    template <class M, std::ranges::input_range Parents, class E = Expr, class U = Child>
        requires TableMapped<std::ranges::range_value_t<Parents>>
    [[nodiscard]] std::unordered_map<unwrap_t<M>, std::vector<Child>> load(
        M Child::* fk, const Parents& parents, const E& filter = {},
        std::initializer_list<OrderOf<U>> order = {},
        std::source_location where = std::source_location::current()) const {
        using Parent = std::ranges::range_value_t<Parents>;
        static_assert(TableTraits<Parent>::kPrimaryKeys == 1,
                      "RelatedLoader::load(fk, parents): the parent table needs exactly one "
                      "kPrimaryKey column; pass the keys instead");
        constexpr auto pk = std::get<TableTraits<Parent>::kPkIndex>(Table<Parent>::columns).member;
        static_assert(
            std::is_same_v<
                unwrap_t<std::remove_cvref_t<decltype(std::declval<const Parent&>().*pk)>>,
                unwrap_t<M>>,
            "RelatedLoader::load(fk, parents): the foreign key's type differs from "
            "the parent's primary key type");
        detail::check_reads_only<Child, E, U>();
        std::vector<unwrap_t<M>> keys;
        for (const auto& p : parents) keys.push_back(p.*pk);
        return load_keys(fk, std::span<const unwrap_t<M>>(keys), filter, order_terms(order), where);
    }

    /// The SELECT load() sends for keys (one chunk) in dialect under mode.
    template <class M, class E = Expr, class U = Child>
    [[nodiscard]] static SelectQuery<Child> query(M Child::* fk, std::span<const unwrap_t<M>> keys,
                                                  Dialect dialect, Deleted mode,
                                                  const E& filter = {},
                                                  std::initializer_list<OrderOf<U>> order = {}) {
        detail::check_reads_only<Child, E, U>();
        return build_query(fk, keys, dialect, mode, filter, order_terms(order));
    }

private:
    template <class U>
    static std::vector<OrderTerm> order_terms(std::initializer_list<OrderOf<U>> order) {
        return {order.begin(), order.end()};
    }

    template <class M>
    std::unordered_map<unwrap_t<M>, std::vector<Child>> load_keys(
        M Child::* fk, std::span<const unwrap_t<M>> keys, const Expr& filter,
        const std::vector<OrderTerm>& order, const std::source_location& where) const {
        using Key = unwrap_t<M>;
        std::unordered_map<Key, std::vector<Child>> out;
        std::vector<Key> unique;
        unique.reserve(keys.size());
        for (const auto& k : keys) {
            if (out.try_emplace(k).second) unique.push_back(k);
        }
        const Dialect dialect = dialect_of(*s_);
        const std::size_t chunk = dialect == Dialect::postgres ? unique.size() : kSqliteChunk;
        for (std::size_t at = 0; at < unique.size(); at += chunk) {
            const std::span<const Key> part(unique.data() + at,
                                            std::min(chunk, unique.size() - at));
            auto q = build_query(fk, part, dialect, mode_, filter, order);
            for (auto& row : fetch(*s_, q, where)) {
                if constexpr (IsOptional<M>::value) {
                    out[*(row.*fk)].push_back(std::move(row));
                } else {
                    out[row.*fk].push_back(std::move(row));
                }
            }
        }
        return out;
    }

    template <class M>
    static SelectQuery<Child> build_query(M Child::* fk, std::span<const unwrap_t<M>> keys,
                                          Dialect dialect, Deleted mode, const Expr& filter,
                                          const std::vector<OrderTerm>& order) {
        using Key = unwrap_t<M>;
        auto q = select<Child>();
        if constexpr (std::is_constructible_v<driver::Value, std::vector<Key>>) {
            if (dialect == Dialect::postgres) {
                Fragment any = col(fk).ref();
                any.text(" = ANY(").value(
                    driver::Value(std::vector<Key>(keys.begin(), keys.end())));
                q.where(Expr(std::move(any.text(")"))));
            } else {
                q.where(col(fk).in(keys));
            }
        } else {
            q.where(col(fk).in(keys));
        }
        q.where(soft_delete_filter<Child>(mode)).where(filter);
        for (const auto& o : order) q.order_by(o);
        if constexpr (TableTraits<Child>::kPkIndex < TableTraits<Child>::kColumns) {
            if (order.empty()) {
                q.order_by(col(std::get<TableTraits<Child>::kPkIndex>(Table<Child>::columns).member)
                               .asc());
            }
        }
        return q;
    }

    Session* s_;
    Deleted mode_;
};

}  // namespace strata::orm

namespace strata {
using orm::RelatedLoader;
}  // namespace strata
