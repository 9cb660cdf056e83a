// The rule registry: ids, kinds, default severities, options (docs/lint/<id>.md per rule).
#include "strata/lint/rules.hpp"

#include <array>

namespace strata::lint {
namespace {

constexpr auto E = Severity::error;
constexpr auto W = Severity::warning;
constexpr auto M = RuleKind::migration;
constexpr auto C = RuleKind::catalog;

constexpr std::array<RuleOption, 3> kCreatedAtOptions{{
    {"column", R"("created_at")", "the column's name"},
    {"types", R"(["timestamp with time zone"])", "accepted types (format_type)"},
    {"require_default", "true", "require DEFAULT now() (or another default)"},
}};
constexpr std::array<RuleOption, 3> kUpdatedAtOptions{{
    {"column", R"("updated_at")", "the column's name"},
    {"types", R"(["timestamp with time zone"])", "accepted types (format_type)"},
    {"require_default", "false", "require a default"},
}};
constexpr std::array<RuleOption, 1> kTriggerOptions{{
    {"column", R"("updated_at")", "the column a BEFORE UPDATE trigger must maintain"},
}};
constexpr std::array<RuleOption, 1> kSoftDeleteOptions{{
    {"column", R"("deleted_at")", "the soft-delete column"},
}};
constexpr std::array<RuleOption, 1> kIntOptions{{
    {"types", R"(["integer", "smallint"])", "column types to flag (serial is integer)"},
}};
constexpr std::array<RuleOption, 3> kIndexNameOptions{{
    {"prefix", R"("ix_")", "prefix of plain indexes"},
    {"unique_prefix", R"("uq_")", "prefix also accepted for unique indexes"},
    {"template", R"("")", "full name template, Alembic style: ix_%(table)s_%(column_0_N_name)s"},
}};
constexpr std::array<RuleOption, 2> kUniqueNameOptions{{
    {"prefix", R"("uq_")", "prefix of unique constraints"},
    {"template", R"("")", "full name template: uq_%(table)s_%(column_0_N_name)s"},
}};
constexpr std::array<RuleOption, 2> kFkNameOptions{{
    {"prefix", R"("fk_")", "prefix of foreign keys"},
    {"template", R"("")", "full name template: fk_%(table)s_%(column)s_%(referred_table)s"},
}};
constexpr std::array<RuleOption, 2> kCheckNameOptions{{
    {"prefix", R"("chk_")", "prefix of check constraints"},
    {"template", R"("")", "full name template: chk_%(table)s_%(constraint_name)s"},
}};
constexpr std::array<RuleOption, 1> kIdOptions{{
    {"suffix", R"("_id")", "the suffix of columns that must be foreign keys"},
}};
constexpr std::array<RuleOption, 1> kTextIdOptions{{
    {"column", R"("id")", "the primary-key column"},
}};
constexpr std::array<RuleOption, 1> kEnumOptions{{
    {"suffix", R"("_enum")", "the suffix of lookup tables"},
}};
constexpr std::array<RuleOption, 2> kRlsOptions{{
    {"tenant_column", R"("organization_id")", "a table with this column is a tenant table"},
    {"schemas", "[]", "every table of these schemas is a tenant table"},
}};
constexpr std::array<RuleOption, 1> kPolicyOptions{{
    {"admin_roles", "[]", "roles allowed a USING (true) policy"},
}};
constexpr std::array<RuleOption, 2> kTenantOptions{{
    {"tenant_column", R"("organization_id")", "the tenant column"},
    {"tenant_table", R"("organizations")", "the table it must reference ON DELETE CASCADE"},
}};

constexpr std::array<Rule, 48> kRules{{
    // Migration safety: statements against the catalog before the migration.
    {"index-not-concurrent", M, E, "CREATE INDEX without CONCURRENTLY on an existing table", {}},
    {"drop-index-not-concurrent", M, W, "DROP INDEX without CONCURRENTLY", {}},
    {"concurrent-in-transaction", M, E, "CONCURRENTLY in a file that runs in a transaction", {}},
    {"add-column-not-null-no-default",
     M,
     E,
     "ADD COLUMN ... NOT NULL without a default on an existing table",
     {}},
    {"volatile-default-existing-table",
     M,
     E,
     "an added column with a volatile default (full table rewrite)",
     {}},
    {"column-type-change-rewrite", M, E, "ALTER COLUMN ... TYPE that rewrites the table", {}},
    {"set-not-null", M, E, "SET NOT NULL without a validated CHECK (col IS NOT NULL)", {}},
    {"fk-not-valid-missing",
     M,
     E,
     "a foreign key added to an existing table without NOT VALID",
     {}},
    {"check-not-valid-missing", M, E, "a CHECK added to an existing table without NOT VALID", {}},
    {"unique-without-using-index",
     M,
     E,
     "a UNIQUE constraint added without USING INDEX (builds the index under lock)",
     {}},
    {"pk-without-using-index",
     M,
     E,
     "a PRIMARY KEY added without USING INDEX (builds the index under lock)",
     {}},
    {"rename-table", M, E, "renaming a table breaks deployed code", {}},
    {"rename-column", M, E, "renaming a column breaks deployed code", {}},
    {"drop-table", M, W, "dropping a table breaks deployed code", {}},
    {"drop-column", M, E, "dropping a column breaks deployed code", {}},
    {"truncate", M, W, "TRUNCATE of an existing table", {}},
    {"missing-lock-timeout",
     M,
     W,
     "ACCESS EXCLUSIVE on an existing table with no lock_timeout set before",
     {}},
    {"enum-add-value-in-transaction",
     M,
     W,
     "ALTER TYPE ... ADD VALUE in a transaction: unusable before commit",
     {}},
    {"backfill-with-ddl", M, W, "UPDATE without WHERE in the same transaction as DDL", {}},
    {"search-path-changed", M, E, "search_path changed and not reset by the end", {}},
    {"ddl-in-do-block-unchecked", M, W, "DDL in a DO block or EXECUTE that lint cannot see", {}},
    {"migration-missing-down", M, W, "no -- migrate:down section", {}},
    {"migration-missing-description", M, W, "no header comment saying what and what risk", {}},
    {"no-transaction-misplaced",
     M,
     E,
     "a -- migrate:no-transaction marker where the migrations layer does not read it",
     {}},
    {"ignore-unknown-rule", M, E, "a -- strata:ignore naming a rule that does not exist", {}},
    {"migration-invalid", M, E, "a migration file that does not load or parse", {}},
    // Conventions on the catalog.
    {"timestamp-without-tz", C, W, "timestamp without time zone", {}},
    {"missing-created-at", C, W, "a table without created_at", kCreatedAtOptions},
    {"missing-updated-at", C, W, "a table without updated_at", kUpdatedAtOptions},
    {"missing-updated-at-trigger", C, W, "updated_at without a BEFORE UPDATE trigger",
     kTriggerOptions},
    {"soft-delete-unique-not-partial", C, W,
     "a unique index on a soft-delete table that a deleted row still blocks", kSoftDeleteOptions},
    {"fk-without-index", C, W, "a foreign key whose columns lead no index", {}},
    {"fk-missing-on-delete", C, W, "a foreign key without an explicit ON DELETE", {}},
    {"int-not-bigint", C, W, "integer/smallint/serial columns", kIntOptions},
    {"name-not-snake-case", C, W, "a name that is not snake_case", {}},
    {"index-name-prefix", C, W, "an index not named ix_ (or uq_ when unique)", kIndexNameOptions},
    {"unique-name-prefix", C, W, "a unique constraint not named uq_", kUniqueNameOptions},
    {"fk-name-prefix", C, W, "a foreign key not named fk_", kFkNameOptions},
    {"check-name-prefix", C, W, "a check constraint not named chk_", kCheckNameOptions},
    {"id-column-not-fk-should-be-extid", C, W, "a *_id column that is no foreign key", kIdOptions},
    {"missing-primary-key", C, W, "a table without a primary key", {}},
    {"text-id-without-prefix-check", C, W, "a text id without CHECK (id LIKE '<prefix>_%')",
     kTextIdOptions},
    {"enum-table-naming", C, W, "a lookup table not named *_enum", kEnumOptions},
    {"rls-disabled", C, W, "a tenant table without row-level security", kRlsOptions},
    {"rls-no-policy", C, W, "row-level security enabled without a policy", {}},
    {"policy-using-true", C, W, "a permissive USING (true) policy for PUBLIC or a non-admin role",
     kPolicyOptions},
    {"tenant-column-nullable-or-no-cascade", C, W,
     "the tenant column nullable or not a foreign key ON DELETE CASCADE", kTenantOptions},
    {"json-not-jsonb", C, W, "a json column (use jsonb)", {}},
}};

const std::array<Rule, kRules.size()>& all_rules() {
    return kRules;
}

}  // namespace

std::span<const Rule> rules() {
    return all_rules();
}

const Rule* find_rule(std::string_view id) {
    for (const auto& r : all_rules()) {
        if (r.id == id) return &r;
    }
    return nullptr;
}

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::off:
            return "off";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "error") return Severity::error;
    if (text == "warning") return Severity::warning;
    if (text == "off") return Severity::off;
    return std::nullopt;
}

}  // namespace strata::lint
