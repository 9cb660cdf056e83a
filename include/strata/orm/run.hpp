// Running builder statements on a Session, in the Session's dialect.
#pragma once

#include <optional>
#include <vector>

#include "strata/orm/query.hpp"
#include "strata/session/session.hpp"

namespace strata::orm {

/// The placeholder dialect for the session's backend.
[[nodiscard]] inline Dialect dialect_of(const Session& s) {
    return s.backend() == driver::Backend::postgres ? Dialect::postgres : Dialect::sqlite;
}

/// Runs a rendered statement.
inline driver::Result execute(Session& s, const Sql& sql) {
    return s.execute(sql.text, sql.params);
}

/// Runs any builder (select<T>(), insert<T>(), update<T>(), delete_from<T>()).
template <class Q>
    requires requires(const Q& q) { q.to_sql(Dialect::postgres); }
driver::Result execute(Session& s, const Q& q) {
    return execute(s, q.to_sql(dialect_of(s)));
}

/// Every row of a SELECT decoded into T.
template <TableMapped T>
std::vector<T> fetch(Session& s, const SelectQuery<T>& q) {
    return execute(s, q).template as<T>();
}

}  // namespace strata::orm
