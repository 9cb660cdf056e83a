// lint_catalog and the table/column convention rules (timestamps, keys, types, soft delete).
#include "strata/lint/catalog_lint.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "lint/catalog_rules.hpp"
#include "lint/tree.hpp"
#include "strata/lint/rules.hpp"

namespace strata::lint {
namespace {

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

std::string strip_array(std::string type) {
    while (type.ends_with("[]")) type.resize(type.size() - 2);
    return type;
}

}  // namespace

CatalogRules::CatalogRules(const schema::Catalog& catalog, const Config& config)
    : catalog_(catalog), config_(config) {
    for (const auto& t : catalog.tables) {
        for (const auto& c : t.constraints) {
            if (c.kind == schema::ConstraintKind::foreign_key)
                referenced_.insert(c.referenced_table);
        }
    }
}

bool CatalogRules::on(std::string_view rule) const {
    return config_.severity(rule) != Severity::off;
}

std::string CatalogRules::text_option(std::string_view rule, std::string_view name) const {
    return config_.option(rule, name).get<std::string>();
}

std::vector<std::string> CatalogRules::list_option(std::string_view rule,
                                                   std::string_view name) const {
    return config_.option(rule, name).get<std::vector<std::string>>();
}

void CatalogRules::add(std::string_view rule, std::string object, std::string message,
                       std::string fix) {
    if (!on(rule) || config_.exempt(rule, object)) return;
    Finding f;
    f.rule = std::string(rule);
    f.severity = config_.severity(rule);
    f.object = std::move(object);
    f.message = std::move(message);
    f.fix = std::move(fix);
    findings_.push_back(std::move(f));
}

bool CatalogRules::lookup_table(const schema::Table& table) const {
    // A single text primary-key column (text, varchar, char, citext, or a domain over one of
    // them) that foreign keys reference. Other columns may describe the value (label,
    // description, sort order); a key named `id` beside other columns is an entity's text id
    // (`usr_...`) — alone it is still a list of values —, and a table
    // with foreign keys of its own is not a list of values.
    const schema::Constraint* key = nullptr;
    for (const auto& c : table.constraints) {
        if (c.kind == schema::ConstraintKind::primary_key) key = &c;
        if (c.kind == schema::ConstraintKind::foreign_key) return false;
    }
    if (key == nullptr || key->columns.size() != 1) return false;
    if (key->columns.front() == "id" && table.columns.size() > 1) return false;
    const auto* column = table.find_column(key->columns.front());
    if (column == nullptr || column->type.ends_with("[]")) return false;
    const auto type = base_type(column->type);
    if (type != "text" && type != "citext" && !type.starts_with("character varying") &&
        !type.starts_with("character(") && type != "character") {
        return false;
    }
    return referenced_.contains(table.qualified());
}

std::string CatalogRules::base_type(const std::string& type) const {
    std::string plain = strip_array(type);
    for (const auto& d : catalog_.domains) {
        if (plain == d.name || plain == dotted(d.schema, d.name)) return strip_array(d.base_type);
    }
    return plain;
}

void CatalogRules::column_present(const schema::Table& table, std::string_view rule) {
    if (!on(rule)) return;
    const auto name = text_option(rule, "column");
    const auto* column = table.find_column(name);
    const auto object = table.qualified();
    if (column == nullptr) {
        add(rule, object, fmt::format("table {} has no {} column", object, name),
            fmt::format("add {} timestamptz NOT NULL DEFAULT now()", name));
        return;
    }
    const auto types = list_option(rule, "types");
    if (std::ranges::find(types, column->type) == types.end()) {
        add(rule, dotted(object, name),
            fmt::format("{}.{} is {}, expected {}", object, name, column->type,
                        fmt::format("{}", fmt::join(types, " or "))),
            fmt::format("ALTER COLUMN {} TYPE {}", name, types.empty() ? "" : types.front()));
    }
    if (config_.option(rule, "require_default").get<bool>() && !column->default_expr) {
        add(rule, dotted(object, name), fmt::format("{}.{} has no default", object, name),
            fmt::format("ALTER COLUMN {} SET DEFAULT now()", name));
    }
}

void CatalogRules::table_rules(const schema::Table& table) {
    const auto key = table.qualified();
    const bool lookup = lookup_table(table);
    for (const auto& column : table.columns) {
        const auto object = dotted(key, column.name);
        const auto type = base_type(column.type);
        if (type.starts_with("timestamp") && contains(type, "without time zone")) {
            add("timestamp-without-tz", object,
                fmt::format("{} is {} (without time zone): clients in other zones read other "
                            "instants",
                            object, column.type),
                "use timestamptz (timestamp with time zone)");
        }
        if (type == "json") {
            add("json-not-jsonb", object, fmt::format("{} is json, not jsonb", object),
                "use jsonb: indexable, comparable, no reparsing on every read");
        }
        const auto int_types = on("int-not-bigint") ? list_option("int-not-bigint", "types")
                                                    : std::vector<std::string>{};
        if (std::ranges::find(int_types, type) != int_types.end()) {
            add("int-not-bigint", object,
                fmt::format("{} is {}: it overflows long before bigint does", object, type),
                "use bigint (bigserial / GENERATED ... AS IDENTITY on bigint)");
        }
    }
    const auto enum_suffix = text_option("enum-table-naming", "suffix");
    if (lookup && !table.name.ends_with(enum_suffix)) {
        add("enum-table-naming", key,
            fmt::format("{} is a lookup table (one text key that foreign keys reference) not named "
                        "*{}",
                        key, enum_suffix),
            fmt::format("ALTER TABLE {} RENAME TO {}{}", key, table.name, enum_suffix));
    }
    if (!lookup) {
        column_present(table, "missing-created-at");
        column_present(table, "missing-updated-at");
        const auto updated = text_option("missing-updated-at-trigger", "column");
        if (table.find_column(updated) != nullptr) {
            const bool has_trigger = std::ranges::any_of(table.triggers, [](const auto& t) {
                const auto before = t.definition.find("BEFORE");
                const auto on_pos = t.definition.find(" ON ");
                return before != std::string::npos && on_pos != std::string::npos &&
                       t.definition.substr(before, on_pos - before).find("UPDATE") !=
                           std::string::npos &&
                       contains(t.definition, "FOR EACH ROW");
            });
            if (!has_trigger) {
                add("missing-updated-at-trigger", key,
                    fmt::format("{} has {} but no BEFORE UPDATE ... FOR EACH ROW trigger to "
                                "maintain it",
                                key, updated),
                    fmt::format("CREATE TRIGGER {0} BEFORE UPDATE ON {1} FOR EACH ROW EXECUTE "
                                "FUNCTION set_{0}()",
                                updated, key));
            }
        }
    }
    const bool has_pk = std::ranges::any_of(table.constraints, [](const auto& c) {
        return c.kind == schema::ConstraintKind::primary_key;
    });
    if (!has_pk && !table.partition_of) {
        add("missing-primary-key", key, fmt::format("table {} has no primary key", key),
            "add a primary key (id bigint GENERATED ALWAYS AS IDENTITY, or a natural key)");
    }
    // Text ids carry a prefix: CHECK (id LIKE 'usr_%').
    const auto id = text_option("text-id-without-prefix-check", "column");
    for (const auto& c : table.constraints) {
        if (lookup || c.kind != schema::ConstraintKind::primary_key || c.columns.size() != 1 ||
            c.columns[0] != id) {
            continue;
        }
        const auto* column = table.find_column(id);
        if (column == nullptr || base_type(column->type) != "text") continue;
        const bool checked = std::ranges::any_of(table.constraints, [&](const auto& k) {
            return k.kind == schema::ConstraintKind::check &&
                   (contains(k.definition, id + " ~~ '") || contains(k.definition, id + " LIKE '"));
        });
        if (!checked) {
            add("text-id-without-prefix-check", dotted(key, id),
                fmt::format("{}.{} is a text primary key without CHECK ({} LIKE '<prefix>_%')", key,
                            id, id),
                fmt::format("ADD CONSTRAINT chk_{}_{}_prefix CHECK ({} LIKE '<prefix>_%')",
                            table.name, id, id));
        }
    }
    // Foreign keys: an index behind each, an explicit ON DELETE.
    for (const auto& c : table.constraints) {
        if (c.kind != schema::ConstraintKind::foreign_key) continue;
        const auto object = dotted(key, c.name);
        if (!contains(c.definition, "ON DELETE")) {
            add("fk-missing-on-delete", object,
                fmt::format("foreign key {} has no ON DELETE action", object),
                "say what a delete does: ON DELETE CASCADE, RESTRICT or SET NULL");
        }
        auto leads = [&](const std::vector<std::string>& keys) {
            if (keys.size() < c.columns.size()) return false;
            for (std::size_t i = 0; i < c.columns.size(); ++i) {
                if (std::ranges::find(c.columns, keys[i]) == c.columns.end()) return false;
            }
            return true;
        };
        bool indexed = std::ranges::any_of(
            table.indexes, [&](const auto& i) { return !i.predicate && leads(i.keys); });
        indexed = indexed || std::ranges::any_of(table.constraints, [&](const auto& k) {
                      return (k.kind == schema::ConstraintKind::primary_key ||
                              k.kind == schema::ConstraintKind::unique) &&
                             leads(k.columns);
                  });
        if (!indexed) {
            add("fk-without-index", object,
                fmt::format("foreign key {} ({}) has no index on its columns: deletes of {} "
                            "scan {}",
                            object, fmt::join(c.columns, ", "), c.referenced_table, key),
                fmt::format("CREATE INDEX CONCURRENTLY ix_{}_{} ON {} ({})", table.name,
                            fmt::join(c.columns, "_"), key, fmt::join(c.columns, ", ")));
        }
    }
    // Soft delete: a deleted row must not block re-creating it.
    const auto deleted = text_option("soft-delete-unique-not-partial", "column");
    if (table.find_column(deleted) != nullptr) {
        for (const auto& i : table.indexes) {
            if (!i.unique) continue;
            const bool partial = i.predicate && contains(*i.predicate, deleted + " IS NULL");
            const bool includes =
                std::ranges::find(i.keys, deleted) != i.keys.end() && i.nulls_not_distinct;
            if (partial || includes) continue;
            add("soft-delete-unique-not-partial", dotted(key, i.name),
                fmt::format("unique index {} on soft-delete table {} also counts deleted rows",
                            i.name, key),
                fmt::format("make it partial: CREATE UNIQUE INDEX ... WHERE {} IS NULL", deleted));
        }
        for (const auto& c : table.constraints) {
            if (c.kind != schema::ConstraintKind::unique) continue;
            const bool includes = std::ranges::find(c.columns, deleted) != c.columns.end() &&
                                  contains(c.definition, "NULLS NOT DISTINCT");
            if (includes) continue;
            add("soft-delete-unique-not-partial", dotted(key, c.name),
                fmt::format("unique constraint {} on soft-delete table {} also counts deleted "
                            "rows",
                            c.name, key),
                fmt::format("replace it by a partial unique index ... WHERE {} IS NULL", deleted));
        }
    }
}

std::vector<Finding> lint_catalog(const schema::Catalog& catalog, const Config& config) {
    CatalogRules rules(catalog, config);
    for (const auto& table : catalog.tables) {
        rules.table_rules(table);
        rules.naming_rules(table);
        rules.tenant_rules(table);
    }
    auto out = std::move(rules.findings());
    std::ranges::stable_sort(out, [](const Finding& a, const Finding& b) {
        return std::tie(a.object, a.rule) < std::tie(b.object, b.rule);
    });
    return out;
}

}  // namespace strata::lint
