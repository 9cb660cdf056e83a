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

bool mentions_word(std::string_view text, std::string_view word) {
    for (auto pos = text.find(word); pos != std::string_view::npos;
         pos = text.find(word, pos + 1)) {
        auto is_word = [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
        };
        bool left = pos == 0 || !is_word(text[pos - 1]);
        bool right = pos + word.size() >= text.size() || !is_word(text[pos + word.size()]);
        if (left && right) return true;
    }
    return false;
}

/// A function whose signature names a table or view (row types) or whose body is parsed at
/// creation (BEGIN ATOMIC) must come after the tables.
bool needs_tables(const Catalog& cat, const Function& f) {
    if (f.language == "sql" && f.body.empty()) return true;
    auto sig = f.arguments + " " + f.result;
    for (const auto& t : cat.tables) {
        if (mentions_word(sig, t.name)) return true;
    }
    for (const auto& v : cat.views) {
        if (mentions_word(sig, v.name)) return true;
    }
    return false;
}

void functions(Out& out, const Catalog& cat, bool late) {
    for (const auto& f : cat.functions) {
        if (needs_tables(cat, f) != late) continue;
        out.add(strata::schema::render::strip_trailing(f.definition) + ";");
    }
}

void owner_and_grants(Out& out, std::string_view kind, const std::string& target,
                      const std::string& owner, const std::vector<Grant>& grants) {
    if (!owner.empty())
        out.add(fmt::format("ALTER {} {} OWNER TO {};", kind, target, quote_ident(owner)));
    std::string_view on = kind == "VIEW" || kind == "MATERIALIZED VIEW" ? "TABLE" : kind;
    for (const auto& g : grants) {
        out.add(fmt::format("GRANT {} ON {} {} TO {}{};", g.privilege, on, target,
                            g.grantee == "PUBLIC" ? "PUBLIC" : g.grantee,
                            g.grantable ? " WITH GRANT OPTION" : ""));
    }
}

}  // namespace

std::string strip_trailing(std::string s) {
    return strip_semicolon(std::move(s));
}

std::string create_table(const Catalog& cat, const Table& t, bool if_not_exists) {
    std::vector<std::string> items;
    if (!t.partition_of) {
        for (const auto& c : t.columns) {
            std::string line = quote_ident(c.name) + " " + c.type;
            if (c.collation) line += " COLLATE " + *c.collation;
            if (c.generated) {
                line += " GENERATED ALWAYS AS (" + *c.generated + ") STORED";
            } else if (!c.identity.empty()) {
                line += fmt::format(" GENERATED {} AS IDENTITY",
                                    c.identity == "always" ? "ALWAYS" : "BY DEFAULT");
                if (const auto* s = identity_sequence(cat, t, c)) {
                    line += fmt::format(" (SEQUENCE NAME {} {})", q(s->schema, s->name),
                                        sequence_options(*s));
                }
            } else if (c.default_expr) {
                line += " DEFAULT " + *c.default_expr;
            }
            if (c.not_null) line += " NOT NULL";
            items.push_back(std::move(line));
        }
    }
    for (const auto& c : t.constraints) {
        if (inline_constraint(c))
            items.push_back(fmt::format("CONSTRAINT {} {}", quote_ident(c.name), c.definition));
    }
    std::string head = fmt::format("CREATE {}TABLE {}{}", t.unlogged ? "UNLOGGED " : "",
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
    if (t.partition_key) text += "\nPARTITION BY " + *t.partition_key;
    return text + ";";
}

std::string index_definition(const Index& ix) {
    auto def = ix.definition;
    if (auto pos = def.find(" ON ONLY "); pos != std::string::npos) def.replace(pos, 9, " ON ");
    return def + ";";
}

std::vector<const Table*> tables_in_order(const Catalog& cat) {
    std::vector<const Table*> out;
    std::set<std::string> done;
    std::vector<const Table*> rest;
    rest.reserve(cat.tables.size());
    for (const auto& t : cat.tables) rest.push_back(&t);
    while (!rest.empty()) {
        std::vector<const Table*> next;
        for (const auto* t : rest) {
            bool ready = !t->partition_of || done.contains(*t->partition_of) ||
                         !cat.find_table(t->partition_of->substr(0, t->partition_of->find('.')),
                                         t->partition_of->substr(t->partition_of->find('.') + 1));
            (ready ? out : next).push_back(t);
        }
        for (const auto* t : out) done.insert(t->qualified());
        if (next.size() == rest.size()) {  // a cycle cannot happen; keep going regardless
            out.insert(out.end(), next.begin(), next.end());
            break;
        }
        rest = std::move(next);
    }
    return out;
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

void postgres(Out& out, const Catalog& cat, const DumpOptions& options) {
    out.line("SET check_function_bodies = false;");
    out.section("Schemas");
    for (const auto& s : cat.schemas) {
        // Every new database has public; pg_dump does not create it either.
        if (s.name != "public")
            out.add(fmt::format("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(s.name)));
    }
    out.section("Extensions");
    for (const auto& e : cat.extensions) {
        out.add(fmt::format("CREATE EXTENSION IF NOT EXISTS {} WITH SCHEMA {} VERSION {};",
                            quote_ident(e.name), quote_ident(e.schema), quote_literal(e.version)));
    }
    out.section("Types");
    for (const auto& e : cat.enums) {
        std::vector<std::string> labels;
        labels.reserve(e.labels.size());
        for (const auto& l : e.labels) labels.push_back(quote_literal(l));
        out.add(fmt::format("CREATE TYPE {} AS ENUM ({});", q(e.schema, e.name),
                            fmt::join(labels, ", ")));
    }
    for (const auto& d : cat.domains) {
        std::string s = fmt::format("CREATE DOMAIN {} AS {}", q(d.schema, d.name), d.base_type);
        if (d.collation) s += " COLLATE " + *d.collation;
        if (d.default_expr) s += " DEFAULT " + *d.default_expr;
        if (d.not_null) s += " NOT NULL";
        for (const auto& c : d.checks)
            s += fmt::format("\n    CONSTRAINT {} {}", quote_ident(c.name), c.expression);
        out.add(s + ";");
    }
    for (const auto& c : cat.composites) {
        std::vector<std::string> attrs;
        attrs.reserve(c.attributes.size());
        for (const auto& a : c.attributes) {
            attrs.push_back(fmt::format("    {} {}{}", quote_ident(a.name), a.type,
                                        a.collation ? " COLLATE " + *a.collation : ""));
        }
        out.add(fmt::format("CREATE TYPE {} AS (\n{}\n);", q(c.schema, c.name),
                            fmt::join(attrs, ",\n")));
    }
    out.section("Sequences");
    for (const auto& s : cat.sequences) {
        if (s.identity) continue;
        out.add(fmt::format("CREATE SEQUENCE {} AS {} {};", q(s.schema, s.name), s.type,
                            sequence_options(s)));
    }
    out.section("Functions");
    functions(out, cat, false);
    out.section("Tables");
    auto tables = tables_in_order(cat);
    for (const auto* t : tables) out.add(create_table(cat, *t, false));
    for (const auto& s : cat.sequences) {
        if (s.identity || !s.owned_by_table || !s.owned_by_column) continue;
        out.add(fmt::format("ALTER SEQUENCE {} OWNED BY {}.{};", q(s.schema, s.name),
                            qualified(*s.owned_by_table), quote_ident(*s.owned_by_column)));
    }
    out.section("Functions that use tables");
    functions(out, cat, true);
    out.section("Indexes");
    for (const auto* t : tables) {
        for (const auto& ix : t->indexes) out.add(index_definition(ix));
    }
    out.section("Foreign keys and constraints added after the data");
    for (const auto* t : tables) {
        for (const auto& c : t->constraints) {
            if (inline_constraint(c)) continue;
            out.add(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {};", q(t->schema, t->name),
                                quote_ident(c.name), c.definition));
        }
    }
    out.section("Views");
    for (const auto* v : views_in_order(cat)) {
        std::string with =
            v->options.empty() ? "" : fmt::format(" WITH ({})", fmt::join(v->options, ", "));
        out.add(fmt::format("CREATE {}VIEW {}{} AS\n{}{};", v->materialized ? "MATERIALIZED " : "",
                            q(v->schema, v->name), with, strip_semicolon(v->definition),
                            v->materialized ? "\nWITH NO DATA" : ""));
        for (const auto& ix : v->indexes) out.add(index_definition(ix));
    }
    out.section("Triggers");
    for (const auto* t : tables) {
        for (const auto& tr : t->triggers) {
            out.add(strip_semicolon(tr.definition) + ";");
            std::string_view state = tr.enabled == "D"   ? "DISABLE"
                                     : tr.enabled == "R" ? "ENABLE REPLICA"
                                     : tr.enabled == "A" ? "ENABLE ALWAYS"
                                                         : "";
            if (!state.empty()) {
                out.add(fmt::format("ALTER TABLE {} {} TRIGGER {};", q(t->schema, t->name), state,
                                    quote_ident(tr.name)));
            }
        }
    }
    out.section("Row-level security");
    for (const auto* t : tables) {
        auto name = q(t->schema, t->name);
        if (t->rls_enabled) out.add(fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", name));
        if (t->rls_forced) out.add(fmt::format("ALTER TABLE {} FORCE ROW LEVEL SECURITY;", name));
        for (const auto& p : t->policies) {
            std::vector<std::string> roles;
            roles.reserve(p.roles.size());
            for (const auto& r : p.roles)
                roles.push_back(r == "public" ? "PUBLIC" : quote_ident(r));
            std::string s = fmt::format(
                "CREATE POLICY {} ON {} AS {} FOR {} TO {}", quote_ident(p.name), name,
                p.permissive ? "PERMISSIVE" : "RESTRICTIVE", p.command, fmt::join(roles, ", "));
            if (p.using_expr) s += "\n    USING (" + *p.using_expr + ")";
            if (p.with_check) s += "\n    WITH CHECK (" + *p.with_check + ")";
            out.add(s + ";");
        }
    }
    comments(out, cat);
    if (options.ownership) {
        out.section("Ownership and grants");
        for (const auto& s : cat.schemas)
            owner_and_grants(out, "SCHEMA", quote_ident(s.name), s.owner, s.grants);
        for (const auto& e : cat.enums)
            owner_and_grants(out, "TYPE", q(e.schema, e.name), e.owner, {});
        for (const auto& d : cat.domains)
            owner_and_grants(out, "DOMAIN", q(d.schema, d.name), d.owner, {});
        for (const auto& c : cat.composites)
            owner_and_grants(out, "TYPE", q(c.schema, c.name), c.owner, {});
        for (const auto& s : cat.sequences) {
            owner_and_grants(out, "SEQUENCE", q(s.schema, s.name), s.identity ? "" : s.owner,
                             s.grants);
        }
        for (const auto& f : cat.functions) {
            owner_and_grants(out, f.procedure ? "PROCEDURE" : "FUNCTION",
                             fmt::format("{}({})", q(f.schema, f.name), f.identity_arguments),
                             f.owner, f.grants);
        }
        for (const auto* t : tables)
            owner_and_grants(out, "TABLE", q(t->schema, t->name), t->owner, t->grants);
        for (const auto& v : cat.views) {
            owner_and_grants(out, v.materialized ? "MATERIALIZED VIEW" : "VIEW",
                             q(v.schema, v.name), v.owner, v.grants);
        }
    }
}

}  // namespace strata::schema::render
