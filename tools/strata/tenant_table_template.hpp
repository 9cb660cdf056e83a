// `strata new --template tenant-table`: a table with a fail-closed row-level-security policy.
#pragma once

#include <string>

#include "new_migration.hpp"

namespace strata::cli {

/// What the tenant-table template is asked for: the table, and the tenant column, the claim
/// key the session's tenant scope sets (ScopeOptions::org_key) and the column's type.
struct TenantTableRequest {
    std::string table;
    std::string column = "org_id";
    std::string key = "app.org_id";
    std::string type = "bigint";
};

/// The up and down sections: CREATE TABLE (id, tenant column, created_at) with an index on the
/// tenant column, then session::tenant_policy_sql (RLS enabled and forced, a policy that sees
/// no row while the claim is unset); down drops the table. The table may be schema.table (an
/// existing schema; the index is named after the table through fit_identifier, like the policy,
/// so that PostgreSQL never cuts either into another object's name). Throws UsageError for a
/// table (or either part of schema.table) or column that is not a plain lower-case SQL name, or
/// a bad key or type.
[[nodiscard]] MigrationBody tenant_table_migration(const TenantTableRequest& request);

}  // namespace strata::cli
