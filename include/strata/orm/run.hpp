// Running builder statements on a Session, in the Session's dialect.
#pragma once

#include <optional>
#include <source_location>
#include <string_view>
#include <type_traits>
#include <vector>

#include "strata/orm/query.hpp"
#include "strata/orm/rows.hpp"
#include "strata/session/session.hpp"

namespace strata::orm {

/// The placeholder dialect for the session's backend.
[[nodiscard]] inline Dialect dialect_of(const Session& s) {
    return s.backend() == driver::Backend::postgres ? Dialect::postgres : Dialect::sqlite;
}

/// Runs a rendered statement. Errors name where (by default the caller's line).
inline driver::Result execute(Session& s, const Sql& sql,
                              std::source_location where = std::source_location::current()) {
    return s.execute(sql.text, sql.params, {}, where);
}

/// Runs any builder (select<T>(), insert<T>(), update<T>(), delete_from<T>()).
template <class Q>
    requires requires(const Q& q) { q.to_sql(Dialect::postgres); }
driver::Result execute(Session& s, const Q& q,
                       std::source_location where = std::source_location::current()) {
    return execute(s, q.to_sql(dialect_of(s)), where);
}

/// Every row of a SELECT decoded into its row_type: T for select<T>(), std::tuple<T, U, ...>
/// after join<U>() (std::optional<U> for left_join<U>()). fetch<U>(s, q) selects and decodes
/// only U's columns (U is T or an inner-joined table: the joins then only filter).
template <class Only = void, TableMapped T, class... Joined>
auto fetch(Session& s, const SelectQuery<T, Joined...>& q,
           std::source_location where = std::source_location::current()) {
    if constexpr (!std::is_void_v<Only>) {
        return execute(s, q.template to_sql_of<Only>(dialect_of(s)), where).template as<Only>();
    } else if constexpr (sizeof...(Joined) == 0) {
        return execute(s, q, where).template as<T>();
    } else {
        return detail::decode_joined_rows<T, Joined...>(execute(s, q, where));
    }
}

/// PostgreSQL: whether row-level security applies to the current role on table (a quoted,
/// possibly schema-qualified name): row_security_active(), the check COPY FROM refuses on.
[[nodiscard]] bool row_security_applies(
    Session& s, std::string_view table,
    std::source_location where = std::source_location::current());

}  // namespace strata::orm
