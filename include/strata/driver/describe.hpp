// describe(): a statement's parameter and result types as the server infers them, not executed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "strata/driver/connection.hpp"

namespace strata::driver {

/// One result column of a described statement (PostgreSQL RowDescription).
struct DescribedColumn {
    std::string name;
    std::uint32_t type_oid = 0;
    /// pg_class oid of the table the column is a plain reference to; 0 for an expression.
    std::uint32_t table_oid = 0;
    /// The table column's attnum when table_oid != 0, else 0.
    int column_number = 0;
};

/// What the server inferred for a statement.
struct Description {
    std::vector<std::uint32_t> param_types;  ///< pg_type oids of $1..$n
    std::vector<DescribedColumn> columns;    ///< empty for a statement that returns no rows
};

/// Prepares sql as the unnamed statement (PQprepare, no parameter types given) and describes it
/// (PQdescribePrepared); the statement is never executed. Throws the SqlError the server sends
/// (e.g. UndefinedColumn, or "could not determine data type of parameter $1"), UsageError on
/// SQLite (which cannot say where a column comes from). Leaves the statement cache untouched.
/// Thread-safety: as the Connection.
[[nodiscard]] Description describe(Connection& conn, std::string_view sql);

}  // namespace strata::driver
