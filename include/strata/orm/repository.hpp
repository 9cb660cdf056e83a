// Repository<T>: soft-delete-aware reads and writes of one mapped table inside a Session.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "strata/orm/key.hpp"
#include "strata/orm/patch.hpp"
#include "strata/orm/run.hpp"

namespace strata::orm {

/// Which rows of a soft-delete table reads see.
enum class Deleted : std::uint8_t { exclude, include, only };

/// The soft-delete condition for T under mode (empty for tables without a soft-delete column or
/// with Deleted::include). Add it to your own queries:
/// `select<T>().where(soft_delete_filter<T>())`.
template <TableMapped T>
Expr soft_delete_filter(Deleted mode = Deleted::exclude) {
    if constexpr (!TableTraits<T>::kSoftDelete) {
        return {};
    } else {
        if (mode == Deleted::include) return {};
        Fragment f;
        f.text(detail::qualified_table<T>())
            .text(".")
            .ident(TableTraits<T>::kNames[TableTraits<T>::kSoftDeleteIndex]);
        f.text(mode == Deleted::exclude ? " IS NULL" : " IS NOT NULL");
        return Expr(std::move(f));
    }
}

namespace detail {

/// The check of a Repository<T> or RelatedLoader<T> read: its filter (condition type E) and its
/// order (OrderOf<U>) read only T, as select<T>().where() and order_by() refuse another table.
template <class T, class E, class U = T>
constexpr void check_reads_only() {
    static_assert(kReadsOnly<E, T>,
                  "strata::orm: the filter of a Repository<T> or RelatedLoader<T> read reads a "
                  "column of a table other than T; to filter by a joined table write the query: "
                  "fetch(session, query().join<U>(on).where(...))");
    static_assert(std::is_same_v<U, T>,
                  "strata::orm: the order of a Repository<T> or RelatedLoader<T> read names a "
                  "column of a table other than T");
}

}  // namespace detail

/// Reads and writes of T's table through a Session. It cannot commit or roll back: there is no
/// such member; the service that opened the transaction decides. SQL errors propagate unchanged
/// (the strata error tree; see translate_constraints); every method takes the caller's
/// std::source_location as a defaulted last argument, so errors name the line that called it. Reads
/// of a soft-delete table skip deleted rows unless with_deleted() / only_deleted(). Extend it for
/// your own queries:
///
///     class TodoRepository : public Repository<Todo> {
///     public:
///         using Repository::Repository;
///         std::vector<Todo> by_owner(std::int64_t owner) {
///             return fetch(session(), query().where(col(&Todo::owner_id) == owner));
///         }
///     };
///
/// Thread-safety: like its Session, one thread at a time.
template <TableMapped T>
class Repository {
public:
    using Traits = TableTraits<T>;
    static_assert(Traits::kPrimaryKeys >= 1,
                  "Repository<T> needs a primary key: flag its column (or, for a composite key, "
                  "each of its columns) kPrimaryKey in Table<T>");
    /// The primary key's member type; for a composite key std::tuple<members' types...> in
    /// the order of Table<T>::columns (pass `{a, b}` or std::tuple{a, b}).
    using Key = key_t<T>;

    explicit Repository(Session& session, Deleted mode = Deleted::exclude)
        : s_(&session), mode_(mode) {}

    /// A copy that also sees soft-deleted rows.
    [[nodiscard]] Repository with_deleted() const { return Repository(*s_, Deleted::include); }
    /// A copy that sees only soft-deleted rows.
    [[nodiscard]] Repository only_deleted() const { return Repository(*s_, Deleted::only); }

    [[nodiscard]] std::optional<T> get_by_id(
        const Key& id, std::source_location where = std::source_location::current()) {
        // The hot path: the text is rendered once per dialect and mode, only the key is bound.
        if constexpr (!kCompositeKey<T>) {
            const driver::Value params[] = {driver::to_value(id)};
            return get_by_params(params, where);
        } else {
            const auto params = std::apply(
                [](const auto&... e) {
                    return std::array<driver::Value, Traits::kPrimaryKeys>{driver::to_value(e)...};
                },
                id);
            return get_by_params(params, where);
        }
    }
    template <class K>
        requires(!std::is_convertible_v<const K&, Key>)
    std::optional<T> get_by_id(const K&, std::source_location = std::source_location::current()) {
        detail::reject_key<T, K>();
        return std::nullopt;
    }
    // The filters and orders below are checked at compile time like select<T>().where() and
    // order_by(): a col(...) condition or asc()/desc() of another table is refused (a plain Expr,
    // raw(...) for one, carries no tables and is not checked).

    /// The one row matching filter; nullopt for none; throws for more than one.
    template <class E = Expr>
    [[nodiscard]] std::optional<T> get_one(
        const E& filter, std::source_location where = std::source_location::current()) {
        detail::check_reads_only<T, E>();
        return execute(*s_, query().where(as_expr(filter)).limit(2), where)
            .template one_or_none<T>();
    }
    /// The rows matching filter, in order ({asc(&T::a), desc(&T::b)}), at most limit.
    template <class E = Expr, class U = T>
    [[nodiscard]] std::vector<T> find(
        const E& filter = {}, std::initializer_list<OrderOf<U>> order = {},
        std::optional<std::int64_t> limit = {},
        std::source_location where = std::source_location::current()) {
        detail::check_reads_only<T, E, U>();
        auto q = query().where(as_expr(filter));
        for (const OrderTerm& o : order) q.order_by(o);
        if (limit) q.limit(*limit);
        return fetch(*s_, q, where);
    }
    /// Keyset pagination in primary-key order: up to limit rows after the row `after` (the last
    /// row of the previous page). Rows inserted meanwhile never shift a page.
    template <class E = Expr>
    [[nodiscard]] std::vector<T> page(
        const E& filter, std::int64_t limit, const std::optional<T>& after = std::nullopt,
        std::source_location where = std::source_location::current()) {
        detail::check_reads_only<T, E>();
        auto q = query().where(as_expr(filter));
        for (const auto& o : key_order<T>()) q.order_by(o);
        q.limit(limit);
        if (after) q.where(key_after<T>(key_of(*after)));
        return fetch(*s_, q, where);
    }
    template <class E = Expr>
    [[nodiscard]] std::int64_t count(const E& filter = {},
                                     std::source_location where = std::source_location::current()) {
        detail::check_reads_only<T, E>();
        return execute(*s_, query().where(as_expr(filter)).count_sql(dialect_of(*s_)), where)
            .template scalar<std::int64_t>();
    }
    template <class E = Expr>
    [[nodiscard]] bool exists(const E& filter = {},
                              std::source_location where = std::source_location::current()) {
        detail::check_reads_only<T, E>();
        return execute(*s_, query().where(as_expr(filter)).exists_sql(dialect_of(*s_)), where)
            .template scalar<bool>();
    }

    /// Inserts value (server-generated columns left out) and returns the row as stored.
    T insert(const T& value, std::source_location where = std::source_location::current()) {
        return execute(*s_, orm::insert<T>().values(value).returning_all(), where)
            .template as<T>()
            .at(0);
    }
    /// Inserts rows: a multi-row INSERT for a few; from kCopyThreshold rows on a bulk load
    /// (binary COPY on PostgreSQL), except on a table where row-level security applies to the
    /// current role (PostgreSQL refuses COPY FROM there): then multi-row INSERTs of up to
    /// kInsertChunk rows sent as one pipeline, every row checked by the policies. Returns the
    /// number of rows inserted.
    static constexpr std::size_t kCopyThreshold = 64;
    static constexpr std::size_t kInsertChunk = 500;
    std::uint64_t insert_many(std::span<const T> rows,
                              std::source_location where = std::source_location::current()) {
        if (rows.empty()) return 0;
        if (rows.size() < kCopyThreshold)
            return execute(*s_, orm::insert<T>().values(rows), where).affected_rows();
        if (s_->backend() == driver::Backend::postgres &&
            row_security_applies(*s_, qualified_name(), where)) {
            std::vector<driver::Statement> chunks;
            chunks.reserve((rows.size() + kInsertChunk - 1) / kInsertChunk);
            for (std::size_t at = 0; at < rows.size(); at += kInsertChunk) {
                auto sql = orm::insert<T>()
                               .values(rows.subspan(at, std::min(kInsertChunk, rows.size() - at)))
                               .to_sql(Dialect::postgres);
                chunks.push_back({std::move(sql.text), std::move(sql.params)});
            }
            std::uint64_t n = 0;
            for (const auto& r : s_->pipeline(chunks, where)) n += r.affected_rows();
            return n;
        }
        const auto& cols = detail::insert_columns<T>();
        auto writer = s_->copy_in(qualified_name(), cols);
        std::vector<driver::Value> values;
        values.reserve(cols.size());
        for (const auto& r : rows) {
            values.clear();
            detail::for_each_insert_value(
                r, [&](std::string_view, driver::Value v) { values.push_back(std::move(v)); });
            writer.write_row(values);
        }
        return writer.finish();
    }
    /// Applies patch to the row (not soft-deleted, unless with_deleted()); sets updated_at to
    /// the current UTC time when the table has it and the patch does not. Returns the row after
    /// the update, or nullopt when no row matched. An empty patch only reads the row.
    std::optional<T> update_by_id(const Key& id, const Patch<T>& patch,
                                  std::source_location where = std::source_location::current()) {
        auto q = orm::update<T>();
        for (const auto& [name, v] : patch.entries()) q.set_value(name, v);
        if constexpr (Traits::kHasUpdatedAt) {
            constexpr auto name = Traits::kNames[Traits::kUpdatedAtIndex];
            bool given = false;
            for (const auto& e : patch.entries()) given = given || e.first == name;
            if (!given) q.set_value(name, Timestamptz::now());
        }
        if (!q.has_sets()) return get_by_id(id, where);
        q.where(key_equals<T>(id)).where(soft_delete_filter<T>(mode_)).returning_all();
        return execute(*s_, q, where).template one_or_none<T>();
    }
    template <class K>
        requires(!std::is_convertible_v<const K&, Key>)
    std::optional<T> update_by_id(const K&, const Patch<T>&,
                                  std::source_location = std::source_location::current()) {
        detail::reject_key<T, K>();
        return std::nullopt;
    }
    /// Sets the soft-delete column to now (UTC) on a row not yet deleted; false when none.
    bool soft_delete_by_id(const Key& id,
                           std::source_location where = std::source_location::current()) {
        static_assert(Traits::kSoftDelete, "soft_delete_by_id: Table<T> has no deleted_at column");
        return set_deleted(id, Timestamptz::now(), Deleted::exclude, where);
    }
    template <class K>
        requires(!std::is_convertible_v<const K&, Key>)
    bool soft_delete_by_id(const K&, std::source_location = std::source_location::current()) {
        detail::reject_key<T, K>();
        return false;
    }
    /// Clears the soft-delete column of a deleted row; false when none.
    bool restore_by_id(const Key& id,
                       std::source_location where = std::source_location::current()) {
        static_assert(Traits::kSoftDelete, "restore_by_id: Table<T> has no deleted_at column");
        return set_deleted(id, driver::Value{}, Deleted::only, where);
    }
    template <class K>
        requires(!std::is_convertible_v<const K&, Key>)
    bool restore_by_id(const K&, std::source_location = std::source_location::current()) {
        detail::reject_key<T, K>();
        return false;
    }
    /// Deletes the row for good (soft-deleted or not); false when none.
    bool delete_by_id(const Key& id, std::source_location where = std::source_location::current()) {
        return execute(*s_, orm::delete_from<T>().where(key_equals<T>(id)), where).affected_rows() >
               0;
    }
    template <class K>
        requires(!std::is_convertible_v<const K&, Key>)
    bool delete_by_id(const K&, std::source_location = std::source_location::current()) {
        detail::reject_key<T, K>();
        return false;
    }
    /// INSERT value, or on a conflict on the primary key UPDATE the existing row to value: every
    /// column but the key's and the server-generated (kGenerated) ones, from EXCLUDED, so a
    /// column added to T and Table<T> is written without touching the call. Returns the row as
    /// stored. A key the server generates cannot conflict: name the unique columns instead.
    T upsert(const T& value, std::source_location where = std::source_location::current()) {
        static_assert(!detail::key_generated<T>(),
                      "Repository<T>::upsert(value): a primary-key column is kGenerated, so "
                      "INSERT never sends it and it cannot conflict; name the unique columns: "
                      "upsert(value, {&T::a, &T::b})");
        auto q = orm::insert<T>().values(value);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            q.on_conflict(
                {ColumnRef<T>(std::get<Traits::kPkIndices[I]>(Table<T>::columns).member)...});
        }(std::make_index_sequence<Traits::kPrimaryKeys>{});
        return execute(*s_, q.do_update_all_except({}).returning_all(), where)
            .template as<T>()
            .at(0);
    }
    /// INSERT value, or on a conflict on these columns (a unique constraint or index) UPDATE
    /// every other column that is not server-generated from EXCLUDED. Returns the row as stored.
    T upsert(const T& value, std::initializer_list<ColumnRef<T>> conflict,
             std::source_location where = std::source_location::current()) {
        auto q = orm::insert<T>().values(value).on_conflict(conflict);
        return execute(*s_, q.do_update_all_except({}).returning_all(), where)
            .template as<T>()
            .at(0);
    }
    /// INSERT ... ON CONFLICT (conflict) DO UPDATE SET update = excluded.update RETURNING *.
    /// With no update column the row already there is returned unchanged (DO NOTHING would
    /// return no row: the first conflict column is set to itself instead).
    T upsert(const T& value, std::initializer_list<ColumnRef<T>> conflict,
             std::initializer_list<ColumnRef<T>> update,
             std::source_location where = std::source_location::current()) {
        if (conflict.size() == 0)
            throw UsageError("upsert(value, conflict, update) needs at least one conflict column");
        auto q = orm::insert<T>().values(value).on_conflict(conflict);
        if (update.size() == 0) {
            q.do_update({*conflict.begin()});
        } else {
            q.do_update(update);
        }
        return execute(*s_, q.returning_all(), where).template as<T>().at(0);
    }
    /// Keys per load_many statement, at most 7,000 parameters: libpq 15 takes the parameter
    /// description of a prepared statement with more than 7,498 parameters (a message over
    /// 30,000 bytes) for lost synchronisation and drops the connection (SQLite binds 32,766).
    static constexpr std::size_t kLoadChunk = 7000 / Traits::kPrimaryKeys;
    /// The rows with these ids in one query (one per kLoadChunk ids), in the order of ids;
    /// missing (or, by default, soft-deleted) ids are left out.
    [[nodiscard]] std::vector<T> load_many(
        std::span<const Key> ids, std::source_location where = std::source_location::current()) {
        static_assert(kKeyHashable<Key>,
                      "Repository<T>::load_many: the primary key's type has no std::hash; "
                      "specialise std::hash for it");
        if (ids.empty()) return {};
        auto rows = fetch(
            *s_, query().where(key_in<T>(ids.first(std::min(kLoadChunk, ids.size())))), where);
        for (std::size_t from = kLoadChunk; from < ids.size(); from += kLoadChunk) {
            auto more = fetch(*s_,
                              query().where(key_in<T>(
                                  ids.subspan(from, std::min(kLoadChunk, ids.size() - from)))),
                              where);
            rows.insert(rows.end(), std::make_move_iterator(more.begin()),
                        std::make_move_iterator(more.end()));
        }
        std::unordered_map<Key, std::size_t, KeyHash<Key>, KeyEqual<Key>> at;
        at.reserve(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) at.emplace(key_of(rows[i]), i);
        std::vector<T> out;
        out.reserve(rows.size());
        for (const auto& id : ids) {
            if (auto it = at.find(id); it != at.end()) out.push_back(rows[it->second]);
        }
        return out;
    }
    [[nodiscard]] std::vector<T> load_many(
        std::initializer_list<Key> ids,
        std::source_location where = std::source_location::current()) {
        return load_many(std::span<const Key>(ids.begin(), ids.size()), where);
    }
    template <class R>
        requires(!std::is_convertible_v<const R&, std::span<const Key>>)
    std::vector<T> load_many(const R&, std::source_location = std::source_location::current()) {
        static_assert(std::is_convertible_v<const R&, std::span<const Key>>,
                      "Repository<T>::load_many: pass the ids as a contiguous range of "
                      "Repository<T>::Key (std::vector<Key>, std::array, std::span<const Key>) or "
                      "as {id, ...}; for a composite key each id is a std::tuple");
        return {};
    }

    /// SELECT over T with this repository's soft-delete filter applied.
    [[nodiscard]] SelectQuery<T> query() const {
        return orm::select<T>().where(soft_delete_filter<T>(mode_));
    }
    /// Adds this repository's soft-delete filter to a query of your own.
    [[nodiscard]] SelectQuery<T> apply_soft_delete_filter(SelectQuery<T> q) const {
        return std::move(q.where(soft_delete_filter<T>(mode_)));
    }
    [[nodiscard]] Deleted mode() const { return mode_; }

protected:
    [[nodiscard]] Session& session() const { return *s_; }

private:
    /// The filter without its tables (checked already): where() does not check it again.
    static const Expr& as_expr(const Expr& filter) { return filter; }

    std::optional<T> get_by_params(std::span<const driver::Value> params,
                                   const std::source_location& where) {
        const Dialect dialect = dialect_of(*s_);
        if (dialect == Dialect::postgres) detail::check_pg_params(params);
        return s_->execute(by_id_sql(dialect), params, {}, where).template one_or_none<T>();
    }
    /// query().where(key = $1) as text, for each dialect and Deleted mode (rendered once).
    [[nodiscard]] const std::string& by_id_sql(Dialect dialect) const {
        static const auto texts = [] {
            std::array<std::string, 6> out;
            for (std::size_t d = 0; d < 2; ++d) {
                for (std::size_t m = 0; m < 3; ++m) {
                    out[d * 3 + m] = orm::select<T>()
                                         .where(soft_delete_filter<T>(static_cast<Deleted>(m)))
                                         .where(key_equals<T>(Key{}))
                                         .to_sql(static_cast<Dialect>(d))
                                         .text;
                }
            }
            return out;
        }();
        return texts[static_cast<std::size_t>(dialect) * 3 + static_cast<std::size_t>(mode_)];
    }
    /// COPY resolves a quoted name through regclass on PostgreSQL; SQLite's copy_in quotes it.
    std::string qualified_name() const {
        if (s_->backend() == driver::Backend::postgres) return detail::qualified_table<T>();
        return (Traits::schema().empty() ? std::string() : std::string(Traits::schema()) + ".") +
               std::string(Table<T>::name);
    }
    bool set_deleted(const Key& id, driver::Value v, Deleted must_be,
                     const std::source_location& where) {
        auto q = orm::update<T>();
        q.set_value(Traits::kNames[Traits::kSoftDeleteIndex], std::move(v));
        if constexpr (Traits::kHasUpdatedAt)
            q.set_value(Traits::kNames[Traits::kUpdatedAtIndex], Timestamptz::now());
        q.where(key_equals<T>(id)).where(soft_delete_filter<T>(must_be));
        return execute(*s_, q, where).affected_rows() > 0;
    }

    Session* s_;
    Deleted mode_;
};

}  // namespace strata::orm

namespace strata {
using orm::Patch;
using orm::Repository;
}  // namespace strata
