// The tenant rules: row-level security on tenant tables, policies, the tenant column's key.
#include <fmt/format.h>

#include <algorithm>

#include "lint/catalog_rules.hpp"
#include "lint/tree.hpp"

namespace strata::lint {

void CatalogRules::tenant_rules(const schema::Table& table) {
    const auto key = table.qualified();
    const auto tenant_column = text_option("rls-disabled", "tenant_column");
    const auto schemas = list_option("rls-disabled", "schemas");
    const bool tenant = table.find_column(tenant_column) != nullptr ||
                        std::ranges::find(schemas, table.schema) != schemas.end();
    if (tenant && !table.rls_enabled) {
        add("rls-disabled", key,
            fmt::format("tenant table {} has no row-level security: a query that forgets the "
                        "tenant filter reads every tenant's rows",
                        key),
            fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY; and a policy on {}", key,
                        tenant_column));
    }
    if (table.rls_enabled && table.policies.empty()) {
        add("rls-no-policy", key,
            fmt::format("{} has row-level security but no policy: every row is hidden from "
                        "roles without BYPASSRLS",
                        key),
            "CREATE POLICY ... USING (<tenant condition>)");
    }
    const auto admins = list_option("policy-using-true", "admin_roles");
    for (const auto& p : table.policies) {
        if (!p.permissive || p.using_expr.value_or("") != "true") continue;
        const bool admin_only =
            !p.roles.empty() && std::ranges::all_of(p.roles, [&](const auto& r) {
                return std::ranges::find(admins, r) != admins.end();
            });
        if (admin_only) continue;
        add("policy-using-true", dotted(key, p.name),
            fmt::format("policy {} on {} is USING (true) for {}: it lets every row through", p.name,
                        key, fmt::join(p.roles, ", ")),
            "restrict it to the tenant (USING (organization_id = ...)), or list the role in "
            "admin_roles");
    }
    const auto column = text_option("tenant-column-nullable-or-no-cascade", "tenant_column");
    const auto tenant_table = text_option("tenant-column-nullable-or-no-cascade", "tenant_table");
    const auto* c = table.find_column(column);
    if (c == nullptr || table.name == tenant_table) return;
    const auto object = dotted(key, column);
    if (!c->not_null) {
        add("tenant-column-nullable-or-no-cascade", object,
            fmt::format("{} is nullable: a row without a tenant belongs to no one", object),
            fmt::format("ALTER COLUMN {} SET NOT NULL", column));
    }
    const bool cascades = std::ranges::any_of(table.constraints, [&](const auto& k) {
        const auto referenced = k.referenced_table;
        const bool to_tenant =
            referenced == tenant_table || referenced.ends_with("." + tenant_table);
        return k.kind == schema::ConstraintKind::foreign_key && k.columns.size() == 1 &&
               k.columns[0] == column && to_tenant && k.on_delete == "CASCADE";
    });
    if (!cascades) {
        add("tenant-column-nullable-or-no-cascade", object,
            fmt::format("{} is not a foreign key to {} ON DELETE CASCADE: deleting a tenant "
                        "leaves its rows behind",
                        object, tenant_table),
            fmt::format("ADD CONSTRAINT fk_{}_{} FOREIGN KEY ({}) REFERENCES {} ON DELETE CASCADE",
                        table.name, column, column, tenant_table));
    }
}

}  // namespace strata::lint
