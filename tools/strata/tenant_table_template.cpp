// The tenant-table migration template: the table, its index and the fail-closed policy.
#include "tenant_table_template.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"
#include "strata/session/scoped.hpp"

namespace strata::cli {
namespace {

// A name written unquoted in SQL, so the migration reads the way people write them.
bool is_plain_name(std::string_view name) {
    return !name.empty() && name.size() <= 63 && !(name[0] >= '0' && name[0] <= '9') &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

void require_plain_name(const std::string& name, std::string_view what) {
    if (!is_plain_name(name)) {
        throw UsageError(fmt::format(
            "{} \"{}\": expected a lower-case SQL name (a-z, 0-9 and _, not starting with a "
            "digit, at most 63 bytes)",
            what, name));
    }
}

}  // namespace

MigrationBody tenant_table_migration(const TenantTableRequest& request) {
    // The table, or schema.table (the schema exists already: an earlier migration creates it).
    const auto& t = request.table;
    const auto dot = t.find('.');
    const std::string name = dot == std::string::npos ? t : t.substr(dot + 1);
    if (!is_plain_name(name) || (dot != std::string::npos && !is_plain_name(t.substr(0, dot)))) {
        throw UsageError(fmt::format(
            "--template tenant-table: the table \"{}\": expected a lower-case SQL name, or two "
            "joined by a dot for schema.table (a-z, 0-9 and _, not starting with a digit, at "
            "most 63 bytes each)",
            t));
    }
    require_plain_name(request.column, "--tenant-column");
    // A custom setting is `prefix.name` (PostgreSQL requires the dot).
    const auto& key = request.key;
    if (key.find('.') == std::string::npos || key.front() == '.' || key.back() == '.' ||
        !std::all_of(key.begin(), key.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (ch >= '0' && ch <= '9') || ch == '_' || ch == '.';
        })) {
        throw UsageError(fmt::format(
            "--tenant-key \"{}\": expected a setting name like app.org_id (letters, digits, _ "
            "and at least one inner dot)",
            key));
    }
    const auto& c = request.column;
    MigrationBody body;
    body.up = fmt::format(
        "CREATE TABLE {0} (\n"
        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "    {1} {2} NOT NULL,\n"
        "    created_at timestamptz NOT NULL DEFAULT now()\n"
        ");\n"
        "CREATE INDEX {5} ON {0} ({1});\n"
        "\n"
        "-- Fail closed: a row is visible and writable only in a transaction whose {3} equals its\n"
        "-- {1} (strata's tenant scope sets it transaction-locally; unset or '' matches no row).\n"
        "-- FORCE applies the policy to the table owner too; superusers and BYPASSRLS roles\n"
        "-- still see everything.\n"
        "{4}",
        t, c, request.type, request.key,
        session::tenant_policy_sql(t, c, request.key, request.type),
        fit_identifier(name + "_" + c + "_idx"));
    body.down = fmt::format("DROP TABLE {};\n", t);
    return body;
}

}  // namespace strata::cli
