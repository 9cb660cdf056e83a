// The naming rules: snake_case, ix_/uq_/fk_/chk_ prefixes or Alembic-style templates, *_extid.
#include <fmt/format.h>

#include <algorithm>

#include "lint/catalog_rules.hpp"
#include "lint/tree.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::lint {
namespace {

bool snake_case(std::string_view name) {
    if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    return std::ranges::all_of(
        name, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string unqualified(const std::string& name) {
    auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

// An Alembic naming-convention template as a glob: %(table)s, %(column_0_name)s,
// %(column_0_N_name)s, %(referred_table)s are filled in; any other token matches anything.
std::string render_template(std::string_view tpl, const std::string& table,
                            const std::vector<std::string>& columns, const std::string& referred) {
    std::string out;
    std::size_t pos = 0;
    while (pos < tpl.size()) {
        auto start = tpl.find("%(", pos);
        if (start == std::string_view::npos) {
            out.append(tpl.substr(pos));
            break;
        }
        out.append(tpl.substr(pos, start - pos));
        auto end = tpl.find(")s", start);
        if (end == std::string_view::npos) {
            out.append(tpl.substr(start));
            break;
        }
        const auto token = tpl.substr(start + 2, end - start - 2);
        if (token == "table" || token == "table_name") {
            out += table;
        } else if (token == "column" || token == "column_0_name") {
            out += columns.empty() ? "" : columns.front();
        } else if (token == "column_0_N_name") {
            out += fmt::format("{}", fmt::join(columns, "_"));
        } else if (token == "referred_table" || token == "referred_table_name") {
            out += referred;
        } else {
            out += "*";
        }
        pos = end + 2;
    }
    return out;
}

}  // namespace

void CatalogRules::naming_rules(const schema::Table& table) {
    const auto key = table.qualified();
    if (!snake_case(table.name)) {
        add("name-not-snake-case", key, fmt::format("table name {} is not snake_case", key),
            "rename it to lower_case_with_underscores");
    }
    for (const auto& c : table.columns) {
        if (!snake_case(c.name)) {
            add("name-not-snake-case", dotted(key, c.name),
                fmt::format("column name {}.{} is not snake_case", key, c.name),
                "rename it to lower_case_with_underscores");
        }
    }
    // Index names; the indexes behind constraints are named by the constraint rules.
    for (const auto& i : table.indexes) {
        const auto tpl = text_option("index-name-prefix", "template");
        const auto prefix = text_option("index-name-prefix", "prefix");
        const auto unique_prefix = text_option("index-name-prefix", "unique_prefix");
        bool ok = false;
        std::string expected;
        if (!tpl.empty()) {
            expected = render_template(tpl, table.name, i.keys, "");
            ok = schema::glob_match(expected, i.name);
        } else {
            ok = i.name.starts_with(prefix) || (i.unique && i.name.starts_with(unique_prefix));
            expected = i.unique ? fmt::format("{}* or {}*", prefix, unique_prefix)
                                : fmt::format("{}*", prefix);
        }
        if (!ok) {
            add("index-name-prefix", dotted(key, i.name),
                fmt::format("index {} is not named {}", i.name, expected),
                fmt::format("ALTER INDEX {} RENAME TO {}{}_{}", i.name,
                            i.unique ? unique_prefix : prefix, table.name, fmt::join(i.keys, "_")));
        }
    }
    struct Kind {
        schema::ConstraintKind kind;
        std::string_view rule;
        std::string_view what;
    };
    static constexpr Kind kKinds[] = {
        {schema::ConstraintKind::unique, "unique-name-prefix", "unique constraint"},
        {schema::ConstraintKind::foreign_key, "fk-name-prefix", "foreign key"},
        {schema::ConstraintKind::check, "check-name-prefix", "check constraint"},
    };
    for (const auto& c : table.constraints) {
        for (const auto& k : kKinds) {
            if (c.kind != k.kind || !on(k.rule)) continue;
            const auto tpl = text_option(k.rule, "template");
            const auto prefix = text_option(k.rule, "prefix");
            const auto expected = tpl.empty() ? prefix + "*"
                                              : render_template(tpl, table.name, c.columns,
                                                                unqualified(c.referenced_table));
            if (schema::glob_match(expected, c.name)) continue;
            add(k.rule, dotted(key, c.name),
                fmt::format("{} {} is not named {}", k.what, c.name, expected),
                fmt::format("ALTER TABLE {} RENAME CONSTRAINT {} TO {}{}_{}", key, c.name, prefix,
                            table.name,
                            c.columns.empty() ? std::string("...")
                                              : fmt::format("{}", fmt::join(c.columns, "_"))));
        }
    }
    // Outside identifiers are *_extid: a *_id column must be (part of) a foreign key.
    const auto suffix = text_option("id-column-not-fk-should-be-extid", "suffix");
    for (const auto& column : table.columns) {
        if (column.name.size() <= suffix.size() || !column.name.ends_with(suffix)) continue;
        const bool fk = std::ranges::any_of(table.constraints, [&](const auto& c) {
            return c.kind == schema::ConstraintKind::foreign_key &&
                   std::ranges::find(c.columns, column.name) != c.columns.end();
        });
        if (fk) continue;
        const auto base = column.name.substr(0, column.name.size() - suffix.size());
        add("id-column-not-fk-should-be-extid", dotted(key, column.name),
            fmt::format("{}.{} is named like a foreign key but references nothing", key,
                        column.name),
            fmt::format("add the foreign key, or rename it to {}_extid if it is an outside id",
                        base));
    }
}

}  // namespace strata::lint
