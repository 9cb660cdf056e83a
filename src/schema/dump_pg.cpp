// The PostgreSQL dump renderer: one section per object kind, in dependency order.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "schema/dump_render.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema::render {

using sql::quote_ident;
using sql::quote_literal;

std::string qualified(std::string_view dotted) {
    auto dot = dotted.find('.');
    if (dot == std::string_view::npos) return quote_ident(dotted);
    return sql::quote_qualified(dotted.substr(0, dot), dotted.substr(dot + 1));
}

namespace {

std::string q(const std::string& schema, const std::string& name) {
    return sql::quote_qualified(schema, name);
}

std::string strip_semicolon(std::string s) {
    while (!s.empty() && (s.back() == ';' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

const Sequence* identity_sequence(const Catalog& cat, const Table& t, const Column& c) {
    // Sequences are sorted by (schema, name) and an identity sequence lives in its table's schema.
    auto it = std::ranges::lower_bound(cat.sequences, t.schema, {}, &Sequence::schema);
    const auto table = t.qualified();
    for (; it != cat.sequences.end() && it->schema == t.schema; ++it) {
        if (it->identity && it->owned_by_column == c.name && it->owned_by_table == table)
            return &*it;
    }
    return nullptr;
}

std::string sequence_options(const Sequence& s) {
    return fmt::format("START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {}{}", s.start,
                       s.increment, s.min_value, s.max_value, s.cache, s.cycle ? " CYCLE" : "");
}

bool inline_constraint(const Constraint& c) {
    return c.kind != ConstraintKind::foreign_key && c.validated;
}

}  // namespace

std::string strip_trailing(std::string s) {
    return strip_semicolon(std::move(s));
}

std::string render_column_definition(const Catalog& cat, const Table& t, const Column& c) {
    std::string line = quote_ident(c.name) + " " + c.type;
    if (!c.foreign_options.empty()) line += " " + foreign_options(c.foreign_options);
    if (c.collation) line += " COLLATE " + *c.collation;
    if (c.generated) {
        line += " GENERATED ALWAYS AS (" + *c.generated + ") STORED";
    } else if (!c.identity.empty()) {
        line += fmt::format(" GENERATED {} AS IDENTITY",
                            c.identity == "always" ? "ALWAYS" : "BY DEFAULT");
        if (const auto* s = identity_sequence(cat, t, c)) {
            line +=
                fmt::format(" (SEQUENCE NAME {} {})", q(s->schema, s->name), sequence_options(*s));
        }
    } else if (c.default_expr) {
        line += " DEFAULT " + *c.default_expr;
    }
    if (c.not_null) line += " NOT NULL";
    return line;
}

std::string create_table(const Catalog& cat, const Table& t, bool if_not_exists) {
    std::vector<std::string> items;
    if (!t.partition_of) {
        for (const auto& c : t.columns) {
            if (c.inherited && !t.inherits.empty()) continue;
            items.push_back(render_column_definition(cat, t, c));
        }
    }
    for (const auto& c : t.constraints) {
        if (inline_constraint(c))
            items.push_back(fmt::format("CONSTRAINT {} {}", quote_ident(c.name), c.definition));
    }
    std::string head = fmt::format("CREATE {}TABLE {}{}",
                                   t.kind == TableKind::foreign ? "FOREIGN "
                                   : t.unlogged                 ? "UNLOGGED "
                                                                : "",
                                   if_not_exists ? "IF NOT EXISTS " : "", q(t.schema, t.name));
    std::string body;
    for (std::size_t i = 0; i < items.size(); ++i) {
        body += fmt::format("    {}{}\n", items[i], i + 1 < items.size() ? "," : "");
    }
    std::string text;
    if (t.partition_of) {
        text = head + " PARTITION OF " + qualified(*t.partition_of);
        if (!items.empty()) text += " (\n" + body + ")";
        text += "\n" + t.partition_bound.value_or("DEFAULT");
    } else {
        text = head + " (\n" + body + ")";
    }
    if (!t.inherits.empty()) {
        std::vector<std::string> parents;
        parents.reserve(t.inherits.size());
        for (const auto& p : t.inherits) parents.push_back(qualified(p));
        text += fmt::format("\nINHERITS ({})", fmt::join(parents, ", "));
    }
    if (t.kind == TableKind::foreign) {
        text += "\nSERVER " + quote_ident(t.server);
        if (!t.foreign_options.empty()) text += "\n" + foreign_options(t.foreign_options);
        return text + ";";
    }
    if (t.partition_key) text += "\nPARTITION BY " + *t.partition_key;
    if (!t.access_method.empty()) text += "\nUSING " + quote_ident(t.access_method);
    if (!t.options.empty()) text += fmt::format("\nWITH ({})", fmt::join(t.options, ", "));
    return text + ";";
}

std::string index_definition(const Index& ix) {
    auto def = ix.definition;
    if (auto pos = def.find(" ON ONLY "); pos != std::string::npos) def.replace(pos, 9, " ON ");
    return def + ";";
}

std::vector<const View*> views_in_order(const Catalog& cat) {
    std::vector<const View*> out;
    std::set<std::string> state;  // visited
    std::function<void(const View&)> visit = [&](const View& v) {
        if (!state.insert(v.qualified()).second) return;
        for (const auto& dep : v.depends_on) {
            auto dot = dep.find('.');
            if (const auto* d = cat.find_view(dep.substr(0, dot), dep.substr(dot + 1))) visit(*d);
        }
        out.push_back(&v);
    };
    for (const auto& v : cat.views) visit(v);
    return out;
}

namespace {

std::vector<std::string> deps_of(const Catalog& cat, const std::string& key) {
    auto it = cat.dependencies.find(key);
    return it == cat.dependencies.end() ? std::vector<std::string>{} : it->second;
}

std::string rel_key(const std::string& schema, const std::string& name) {
    return "relation:" + schema + "." + name;
}

/// Column settings CREATE TABLE cannot hold, and a replica identity without an index.
std::string table_settings(const Table& t) {
    std::string out;
    auto name = q(t.schema, t.name);
    auto add = [&](const std::string& column, const std::string& what) {
        out += fmt::format("\n\nALTER TABLE ONLY {} ALTER COLUMN {} {};", name, quote_ident(column),
                           what);
    };
    for (const auto& c : t.columns) {
        if (c.statistics) add(c.name, fmt::format("SET STATISTICS {}", *c.statistics));
        if (!c.storage.empty()) add(c.name, "SET STORAGE " + c.storage);
        if (!c.compression.empty()) add(c.name, "SET COMPRESSION " + c.compression);
        if (!c.options.empty()) add(c.name, fmt::format("SET ({})", fmt::join(c.options, ", ")));
    }
    if (t.replica_identity == "FULL" || t.replica_identity == "NOTHING")
        out +=
            fmt::format("\n\nALTER TABLE ONLY {} REPLICA IDENTITY {};", name, t.replica_identity);
    return out;
}

std::string enable_state(const std::string& enabled, std::string_view what,
                         const std::string& table, const std::string& name) {
    std::string_view state = enabled == "D"   ? "DISABLE"
                             : enabled == "R" ? "ENABLE REPLICA"
                             : enabled == "A" ? "ENABLE ALWAYS"
                                              : "";
    if (state.empty()) return "";
    return fmt::format("\n\nALTER TABLE {} {} {} {};", table, state, what, quote_ident(name));
}

/// Triggers and rules of a table or view, each an item after its relation.
void trigger_and_rule_items(std::vector<Item>& items, const Catalog& cat, const std::string& schema,
                            const std::string& relation, const std::vector<Trigger>& triggers,
                            const std::vector<Rule>& rules) {
    auto key = rel_key(schema, relation);
    auto qualified_name = schema + "." + relation;
    for (const auto& tr : triggers) {
        auto tkey = "trigger:" + qualified_name + "." + tr.name;
        auto tdeps = deps_of(cat, tkey);
        tdeps.push_back(key);
        items.push_back({tkey, kRankTriggers, "Triggers",
                         strip_semicolon(tr.definition) + ";" +
                             enable_state(tr.enabled, "TRIGGER", q(schema, relation), tr.name),
                         std::move(tdeps)});
    }
    for (const auto& r : rules) {
        auto rkey = "rule:" + qualified_name + "." + r.name;
        auto rdeps = deps_of(cat, rkey);
        rdeps.push_back(key);
        items.push_back({rkey, kRankRules, "Rules",
                         strip_semicolon(r.definition) + ";" +
                             enable_state(r.enabled, "RULE", q(schema, relation), r.name),
                         std::move(rdeps)});
    }
}

std::string create_view(const View& v) {
    std::string with =
        v.options.empty() ? "" : fmt::format(" WITH ({})", fmt::join(v.options, ", "));
    if (!v.access_method.empty()) with = " USING " + quote_ident(v.access_method) + with;
    return fmt::format("CREATE {}VIEW {}{} AS\n{}{};", v.materialized ? "MATERIALIZED " : "",
                       q(v.schema, v.name), with, strip_semicolon(v.definition),
                       v.materialized ? "\nWITH NO DATA" : "");
}

std::string create_policies(const Table& t) {
    auto name = q(t.schema, t.name);
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : "\n\n") + s; };
    if (t.rls_enabled) add(fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", name));
    if (t.rls_forced) add(fmt::format("ALTER TABLE {} FORCE ROW LEVEL SECURITY;", name));
    for (const auto& p : t.policies) {
        std::vector<std::string> roles;
        roles.reserve(p.roles.size());
        for (const auto& r : p.roles) roles.push_back(r == "public" ? "PUBLIC" : quote_ident(r));
        std::string s = fmt::format(
            "CREATE POLICY {} ON {} AS {} FOR {} TO {}", quote_ident(p.name), name,
            p.permissive ? "PERMISSIVE" : "RESTRICTIVE", p.command, fmt::join(roles, ", "));
        if (p.using_expr) s += "\n    USING (" + *p.using_expr + ")";
        if (p.with_check) s += "\n    WITH CHECK (" + *p.with_check + ")";
        add(s + ";");
    }
    return out;
}

void type_items(std::vector<Item>& items, const Catalog& cat) {
    auto add = [&](const std::string& schema, const std::string& name, std::string sql) {
        auto key = "type:" + schema + "." + name;
        items.push_back({key, kRankTypes, "Types", std::move(sql), deps_of(cat, key)});
    };
    for (const auto& e : cat.enums) {
        std::vector<std::string> labels;
        labels.reserve(e.labels.size());
        for (const auto& l : e.labels) labels.push_back(quote_literal(l));
        add(e.schema, e.name,
            fmt::format("CREATE TYPE {} AS ENUM ({});", q(e.schema, e.name),
                        fmt::join(labels, ", ")));
    }
    for (const auto& d : cat.domains) {
        std::string s = fmt::format("CREATE DOMAIN {} AS {}", q(d.schema, d.name), d.base_type);
        if (d.collation) s += " COLLATE " + *d.collation;
        if (d.default_expr) s += " DEFAULT " + *d.default_expr;
        if (d.not_null) s += " NOT NULL";
        for (const auto& c : d.checks)
            s += fmt::format("\n    CONSTRAINT {} {}", quote_ident(c.name), c.expression);
        add(d.schema, d.name, s + ";");
    }
    for (const auto& c : cat.composites) {
        std::vector<std::string> attrs;
        attrs.reserve(c.attributes.size());
        for (const auto& a : c.attributes) {
            attrs.push_back(fmt::format("    {} {}{}", quote_ident(a.name), a.type,
                                        a.collation ? " COLLATE " + *a.collation : ""));
        }
        add(c.schema, c.name,
            fmt::format("CREATE TYPE {} AS (\n{}\n);", q(c.schema, c.name),
                        fmt::join(attrs, ",\n")));
    }
}

void table_items(std::vector<Item>& items, const Catalog& cat, const Table& t) {
    auto key = rel_key(t.schema, t.name);
    auto deps = deps_of(cat, key);
    if (t.partition_of) deps.push_back("relation:" + *t.partition_of);
    for (const auto& c : t.constraints) {
        auto ckey = "constraint:" + t.qualified() + "." + c.name;
        if (inline_constraint(c)) {
            auto more = deps_of(cat, ckey);
            deps.insert(deps.end(), more.begin(), more.end());
            continue;
        }
        auto cdeps = deps_of(cat, ckey);
        cdeps.push_back(key);
        if (!c.referenced_table.empty()) cdeps.push_back("relation:" + c.referenced_table);
        items.push_back({ckey, kRankConstraints,
                         "Foreign keys and constraints added after the data",
                         fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {};", q(t.schema, t.name),
                                     quote_ident(c.name), c.definition),
                         std::move(cdeps)});
    }
    for (const auto& p : t.inherits) deps.push_back("relation:" + p);
    items.push_back({key, kRankTables, "Tables", create_table(cat, t, false) + table_settings(t),
                     std::move(deps)});
    if (t.replica_identity.starts_with("USING INDEX ")) {
        // The index may be a constraint's (created with the table) or one of the indexes.
        items.push_back({"replica identity:" + t.qualified(),
                         kRankIndexes,
                         "Indexes",
                         fmt::format("ALTER TABLE ONLY {} REPLICA IDENTITY {};",
                                     q(t.schema, t.name), t.replica_identity),
                         {key, rel_key(t.schema, t.replica_identity.substr(12))}});
    }
    for (const auto& ix : t.indexes) {
        auto ikey = rel_key(t.schema, ix.name);
        auto ideps = deps_of(cat, ikey);
        ideps.push_back(key);
        items.push_back({ikey, kRankIndexes, "Indexes", index_definition(ix), std::move(ideps)});
    }
    trigger_and_rule_items(items, cat, t.schema, t.name, t.triggers, t.rules);
    if (t.rls_enabled || t.rls_forced || !t.policies.empty()) {
        std::vector<std::string> pdeps{key};
        for (const auto& p : t.policies) {
            auto more = deps_of(cat, "policy:" + t.qualified() + "." + p.name);
            pdeps.insert(pdeps.end(), more.begin(), more.end());
        }
        items.push_back({"policies:" + t.qualified(), kRankPolicies, "Row-level security",
                         create_policies(t), std::move(pdeps)});
    }
}

}  // namespace

std::vector<Item> postgres_items(const Catalog& cat) {
    std::vector<Item> items;
    for (const auto& s : cat.schemas) {
        // Every new database has public; pg_dump does not create it either.
        if (s.name == "public") continue;
        items.push_back({"schema:" + s.name,
                         kRankSchemas,
                         "Schemas",
                         fmt::format("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(s.name)),
                         {}});
    }
    for (const auto& e : cat.extensions) {
        items.push_back(
            {"extension:" + e.name,
             kRankExtensions,
             "Extensions",
             fmt::format("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} VERSION {};",
                         quote_ident(e.name), quote_ident(e.schema), quote_literal(e.version)),
             {"schema:" + e.schema}});
    }
    type_items(items, cat);
    for (const auto& o : cat.objects) {
        // Default privileges with ownership at the end, security labels after the comments.
        if (o.kind == "default privileges" || o.kind == "security label") continue;
        auto [rank, section] = object_rank(o);
        auto deps = deps_of(cat, o.dependency_key());
        if (auto t = o.properties.find("table"); t != o.properties.end())
            deps.push_back("relation:" + t->second);
        items.push_back({o.dependency_key(), rank, section, create_object(o), std::move(deps)});
    }
    for (const auto& s : cat.sequences) {
        if (s.identity) continue;
        auto key = rel_key(s.schema, s.name);
        items.push_back({key, kRankSequences, "Sequences",
                         fmt::format("CREATE SEQUENCE {} AS {} {};", q(s.schema, s.name), s.type,
                                     sequence_options(s)),
                         deps_of(cat, key)});
        if (s.owned_by_table && s.owned_by_column) {
            items.push_back(
                {"owned:" + s.schema + "." + s.name,
                 kRankSequenceOwnership,
                 "Tables",
                 fmt::format("ALTER SEQUENCE {} OWNED BY {}.{};", q(s.schema, s.name),
                             qualified(*s.owned_by_table), quote_ident(*s.owned_by_column)),
                 {key, "relation:" + *s.owned_by_table}});
        }
    }
    for (const auto& f : cat.functions) {
        auto key = "function:" + f.signature();
        items.push_back({key, kRankFunctions, "Functions", strip_trailing(f.definition) + ";",
                         deps_of(cat, key)});
    }
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) table_items(items, cat, t);
    }
    for (const auto& v : cat.views) {
        auto key = rel_key(v.schema, v.name);
        items.push_back({key, kRankViews, "Views", create_view(v), deps_of(cat, key)});
        for (const auto& ix : v.indexes) {
            auto ikey = rel_key(v.schema, ix.name);
            auto ideps = deps_of(cat, ikey);
            ideps.push_back(key);
            items.push_back(
                {ikey, kRankIndexes, "Indexes", index_definition(ix), std::move(ideps)});
        }
        trigger_and_rule_items(items, cat, v.schema, v.name, v.triggers, v.rules);
    }
    return items;
}

void postgres(Out& out, const Catalog& cat, const DumpOptions& options) {
    out.line("SET check_function_bodies = false;");
    auto items = postgres_items(cat);
    for (const auto* item : order_items(items)) {
        out.section(item->section);
        out.add(item->sql);
    }
    out.section("Comments");
    for (const auto& c : render_comment_targets(cat))
        out.add(fmt::format("COMMENT ON {} IS {};", c.target, quote_literal(c.text)));
    out.section("Security labels");
    for (const auto& o : cat.objects) {
        if (o.kind == "security label") out.add(create_object(o));
    }
    if (options.ownership) {
        out.section("Ownership and grants");
        for (const auto& t : ownership_targets(cat)) {
            for (const auto& statement : ownership_statements(t)) out.add(statement);
        }
    }
}

}  // namespace strata::schema::render

namespace strata::schema {

std::vector<DumpStatement> dump_statements(const Catalog& cat) {
    return render::postgres_items(cat);
}

std::vector<const DumpStatement*> order_dump_statements(
    const std::vector<DumpStatement>& statements) {
    return render::order_items(statements);
}

std::string column_definition(const Catalog& cat, const Table& t, const Column& c) {
    return render::render_column_definition(cat, t, c);
}

std::vector<CommentTarget> comment_targets(const Catalog& cat) {
    return render::render_comment_targets(cat);
}

std::string object_reference(const Object& o) {
    return render::render_object_reference(o);
}

}  // namespace strata::schema
