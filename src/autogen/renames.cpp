// Renames the desired schema declares (-- strata:renamed-from): ALTER ... RENAME, and the current
// catalog renamed the same way so the rest of the plan compares like with like.
#include <fmt/format.h>

#include <algorithm>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

std::pair<std::string, std::string> split(const std::string& dotted) {
    auto dot = dotted.find('.');
    if (dot == std::string::npos) return {"public", dotted};
    return {dotted.substr(0, dot), dotted.substr(dot + 1)};
}

schema::Table* find(schema::Catalog& cat, const std::string& dotted) {
    auto [s, n] = split(dotted);
    for (auto& t : cat.tables) {
        if (t.schema == s && t.name == n) return &t;
    }
    return nullptr;
}

void rename_table(schema::Catalog& cat, schema::Table& t, const std::string& schema_name,
                  const std::string& name, std::vector<Change>& changes) {
    auto old_dotted = t.qualified();
    auto old_q = sql::quote_qualified(t.schema, t.name);
    auto new_q = sql::quote_qualified(schema_name, name);
    Change c{"table " + old_dotted,
             {},
             {},
             Stage::main,
             {{"rename-table", "the desired schema renames it (-- strata:renamed-from)"}}};
    if (t.name != name) {
        c.up.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", old_q, sql::quote_ident(name)));
    }
    if (t.schema != schema_name) {
        c.up.push_back(fmt::format("ALTER TABLE {} SET SCHEMA {};",
                                   sql::quote_qualified(t.schema, name),
                                   sql::quote_ident(schema_name)));
        c.down.push_back(fmt::format("ALTER TABLE {} SET SCHEMA {};",
                                     sql::quote_qualified(schema_name, name),
                                     sql::quote_ident(t.schema)));
    }
    if (t.name != name) {
        c.down.push_back(fmt::format("ALTER TABLE {} RENAME TO {};",
                                     sql::quote_qualified(t.schema, name),
                                     sql::quote_ident(t.name)));
    }
    changes.push_back(std::move(c));
    auto fix = [&](std::string& def) {
        for (const char* around : {" ON ", " ON ONLY ", "REFERENCES "}) {
            replace_all(def, std::string(around) + old_q, std::string(around) + new_q);
        }
    };
    t.schema = schema_name;
    t.name = name;
    for (auto& ix : t.indexes) fix(ix.definition);
    for (auto& tr : t.triggers) fix(tr.definition);
    for (auto& r : t.rules) fix(r.definition);
    for (auto& other : cat.tables) {
        for (auto& con : other.constraints) {
            if (con.referenced_table != old_dotted) continue;
            con.referenced_table = t.qualified();
            fix(con.definition);
        }
    }
    for (auto& s : cat.sequences) {
        if (s.owned_by_table == old_dotted) s.owned_by_table = t.qualified();
    }
}

void rename_column(schema::Catalog& cat, schema::Table& t, const std::string& from,
                   const std::string& to, std::vector<Change>& changes) {
    auto* c = std::ranges::find(t.columns, from, &schema::Column::name) != t.columns.end()
                  ? &*std::ranges::find(t.columns, from, &schema::Column::name)
                  : nullptr;
    if (!c) {
        throw UsageError(fmt::format(
            "-- strata:renamed-from {} on column {}.{}: the current schema has no column {} in {}",
            from, t.qualified(), to, from, t.qualified()));
    }
    auto on = sql::quote_qualified(t.schema, t.name);
    changes.push_back(
        {"column " + t.qualified() + "." + to,
         {fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", on, sql::quote_ident(from),
                      sql::quote_ident(to))},
         {fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", on, sql::quote_ident(to),
                      sql::quote_ident(from))},
         Stage::main,
         {{"rename-column", "the desired schema renames it (-- strata:renamed-from)"}}});
    c->name = to;
    for (auto& con : t.constraints) {
        std::ranges::replace(con.columns, from, to);
        if (con.kind != schema::ConstraintKind::foreign_key) {
            con.definition = replace_identifier(con.definition, from, to);
        } else {
            auto ref = con.definition.find("REFERENCES");
            con.definition = replace_identifier(con.definition.substr(0, ref), from, to) +
                             con.definition.substr(ref);
        }
    }
    for (auto& ix : t.indexes) {
        std::ranges::replace(ix.keys, from, to);
        std::ranges::replace(ix.include, from, to);
        ix.definition = replace_identifier(ix.definition, from, to);
    }
    for (auto& tr : t.triggers) tr.definition = replace_identifier(tr.definition, from, to);
    for (auto& p : t.policies) {
        if (p.using_expr) p.using_expr = replace_identifier(*p.using_expr, from, to);
        if (p.with_check) p.with_check = replace_identifier(*p.with_check, from, to);
    }
    auto qualified = t.qualified();
    for (auto& other : cat.tables) {
        for (auto& con : other.constraints) {
            if (con.referenced_table != qualified) continue;
            std::ranges::replace(con.referenced_columns, from, to);
            auto ref = con.definition.find("REFERENCES");
            con.definition = con.definition.substr(0, ref) +
                             replace_identifier(con.definition.substr(ref), from, to);
        }
    }
    for (auto& s : cat.sequences) {
        if (s.owned_by_table == qualified && s.owned_by_column == from) s.owned_by_column = to;
    }
}

}  // namespace

std::string replace_identifier(std::string text, const std::string& from, const std::string& to) {
    std::string out;
    auto quoted_from = sql::quote_ident(from);
    auto quoted_to = sql::quote_ident(to);
    bool in_literal = false;
    for (std::size_t i = 0; i < text.size();) {
        char ch = text[i];
        if (ch == '\'') in_literal = !in_literal;
        if (!in_literal) {
            bool boundary_before = i == 0 || (!ident_char(text[i - 1]) && text[i - 1] != '"');
            if (ch == '"' && text.compare(i, quoted_from.size(), quoted_from) == 0 &&
                quoted_from.front() == '"') {
                out += quoted_to;
                i += quoted_from.size();
                continue;
            }
            if (boundary_before && text.compare(i, from.size(), from) == 0 &&
                (i + from.size() >= text.size() || !ident_char(text[i + from.size()])) &&
                (i + from.size() >= text.size() || text[i + from.size()] != '"')) {
                out += quoted_to;
                i += from.size();
                continue;
            }
        }
        out += ch;
        ++i;
    }
    return out;
}

schema::Catalog apply_renames(const schema::Catalog& current, const Renames& renames,
                              std::vector<Change>& changes) {
    schema::Catalog out = current;
    for (const auto& [to, from] : renames.tables) {
        auto* t = find(out, from);
        if (!t) {
            throw UsageError(fmt::format(
                "-- strata:renamed-from {} on table {}: the current schema has no table {}", from,
                to, from));
        }
        auto [s, n] = split(to);
        if (find(out, to)) {
            throw UsageError(fmt::format(
                "-- strata:renamed-from {} on table {}: the current schema has both tables", from,
                to));
        }
        rename_table(out, *t, s, n, changes);
    }
    for (const auto& [key, from] : renames.columns) {
        auto* t = find(out, key.first);
        if (!t) {
            throw UsageError(fmt::format(
                "-- strata:renamed-from {} on column {}.{}: the current schema has no table {}",
                from, key.first, key.second, key.first));
        }
        rename_column(out, *t, from, key.second, changes);
    }
    out.normalize();
    return out;
}

}  // namespace strata::autogen::detail
