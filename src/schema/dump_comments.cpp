// The dump's COMMENT ON targets (with the object each lives on) and the SQLite renderer.
#include <fmt/format.h>

#include "schema/dump_render.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema::render {
namespace {

using sql::quote_ident;

/// Collects the comments of one catalog with the key of the object each lives on.
class CommentList {
public:
    void add(std::string_view what, const std::string& target,
             const std::optional<std::string>& text, std::string key) {
        if (!text) return;
        out_.push_back(
            {what.empty() ? target : fmt::format("{} {}", what, target), *text, std::move(key)});
    }
    void columns(const std::string& owner, const std::vector<Column>& columns,
                 const std::string& key) {
        for (const auto& c : columns)
            add("COLUMN", owner + "." + quote_ident(c.name), c.comment, key);
    }
    void table(const Table& t) {
        auto name = sql::quote_qualified(t.schema, t.name);
        auto key = "relation:" + t.qualified();
        add(t.kind == TableKind::foreign ? "FOREIGN TABLE" : "TABLE", name, t.comment, key);
        columns(name, t.columns, key);
        for (const auto& c : t.constraints) {
            add("CONSTRAINT", quote_ident(c.name) + " ON " + name, c.comment,
                "constraint:" + t.qualified() + "." + c.name);
        }
        for (const auto& ix : t.indexes) {
            add("INDEX", sql::quote_qualified(t.schema, ix.name), ix.comment,
                "relation:" + t.schema + "." + ix.name);
        }
        for (const auto& tr : t.triggers) {
            add("TRIGGER", quote_ident(tr.name) + " ON " + name, tr.comment,
                "trigger:" + t.qualified() + "." + tr.name);
        }
        for (const auto& p : t.policies) {
            add("POLICY", quote_ident(p.name) + " ON " + name, p.comment,
                "policy:" + t.qualified() + "." + p.name);
        }
    }
    /// Rules of tables and views, and the triggers of views (table triggers come with table()).
    void relation(const std::string& schema, const std::string& relation,
                  const std::vector<Trigger>& triggers, const std::vector<Rule>& rules, bool view) {
        auto on = sql::quote_qualified(schema, relation);
        auto prefix = schema + "." + relation + ".";
        for (const auto& r : rules)
            add("RULE", quote_ident(r.name) + " ON " + on, r.comment, "rule:" + prefix + r.name);
        if (!view) return;
        for (const auto& tr : triggers) {
            add("TRIGGER", quote_ident(tr.name) + " ON " + on, tr.comment,
                "trigger:" + prefix + tr.name);
        }
    }
    std::vector<CommentTarget> take() { return std::move(out_); }

private:
    std::vector<CommentTarget> out_;
};

}  // namespace

std::vector<CommentTarget> render_comment_targets(const Catalog& cat) {
    CommentList out;
    for (const auto& s : cat.schemas)
        out.add("SCHEMA", quote_ident(s.name), s.comment, "schema:" + s.name);
    for (const auto& e : cat.extensions)
        out.add("EXTENSION", quote_ident(e.name), e.comment, "extension:" + e.name);
    for (const auto& e : cat.enums) {
        out.add("TYPE", sql::quote_qualified(e.schema, e.name), e.comment,
                "type:" + e.schema + "." + e.name);
    }
    for (const auto& d : cat.domains) {
        auto name = sql::quote_qualified(d.schema, d.name);
        auto key = "type:" + d.schema + "." + d.name;
        out.add("DOMAIN", name, d.comment, key);
        for (const auto& c : d.checks)
            out.add("CONSTRAINT", quote_ident(c.name) + " ON DOMAIN " + name, c.comment, key);
    }
    for (const auto& c : cat.composites) {
        auto name = sql::quote_qualified(c.schema, c.name);
        auto key = "type:" + c.schema + "." + c.name;
        out.add("TYPE", name, c.comment, key);
        for (const auto& a : c.attributes)
            out.add("COLUMN", name + "." + quote_ident(a.name), a.comment, key);
    }
    for (const auto& s : cat.sequences) {
        out.add("SEQUENCE", sql::quote_qualified(s.schema, s.name), s.comment,
                "relation:" + s.schema + "." + s.name);
    }
    for (const auto& f : cat.functions) {
        out.add(f.procedure ? "PROCEDURE" : "FUNCTION",
                fmt::format("{}({})", sql::quote_qualified(f.schema, f.name), f.identity_arguments),
                f.comment, "function:" + f.signature());
    }
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) out.table(t);
    }
    for (const auto& v : cat.views) {
        auto name = sql::quote_qualified(v.schema, v.name);
        auto key = "relation:" + v.qualified();
        out.add(v.materialized ? "MATERIALIZED VIEW" : "VIEW", name, v.comment, key);
        out.columns(name, v.columns, key);
        for (const auto& ix : v.indexes) {
            out.add("INDEX", sql::quote_qualified(v.schema, ix.name), ix.comment,
                    "relation:" + v.schema + "." + ix.name);
        }
    }
    for (const auto& t : cat.tables) out.relation(t.schema, t.name, t.triggers, t.rules, false);
    for (const auto& v : cat.views) out.relation(v.schema, v.name, v.triggers, v.rules, true);
    for (const auto& o : cat.objects)
        out.add("", render_object_reference(o), o.comment, o.dependency_key());
    return out.take();
}

void sqlite(Out& out, const Catalog& cat) {
    out.section("Tables");
    for (const auto& t : cat.tables) {
        std::vector<std::string> items;
        for (const auto& c : t.columns) {
            std::string line = quote_ident(c.name);
            if (!c.type.empty()) line += " " + c.type;
            if (c.not_null) line += " NOT NULL";
            if (c.default_expr) line += " DEFAULT " + *c.default_expr;
            items.push_back(std::move(line));
        }
        for (const auto& c : t.constraints) {
            std::vector<std::string> cols;
            cols.reserve(c.columns.size());
            for (const auto& col : c.columns) cols.push_back(quote_ident(col));
            if (c.kind == ConstraintKind::primary_key) {
                items.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(cols, ", ")));
            } else if (c.kind == ConstraintKind::unique) {
                items.push_back(fmt::format("UNIQUE ({})", fmt::join(cols, ", ")));
            } else if (c.kind == ConstraintKind::foreign_key) {
                std::vector<std::string> refs;
                refs.reserve(c.referenced_columns.size());
                for (const auto& col : c.referenced_columns) refs.push_back(quote_ident(col));
                std::string fk = fmt::format(
                    "FOREIGN KEY ({}) REFERENCES {} ({})", fmt::join(cols, ", "),
                    quote_ident(c.referenced_table.substr(c.referenced_table.find('.') + 1)),
                    fmt::join(refs, ", "));
                if (c.on_update != "NO ACTION") fk += " ON UPDATE " + c.on_update;
                if (c.on_delete != "NO ACTION") fk += " ON DELETE " + c.on_delete;
                items.push_back(std::move(fk));
            }
        }
        out.add(fmt::format("CREATE TABLE {} (\n    {}\n);", quote_ident(t.name),
                            fmt::join(items, ",\n    ")));
    }
    out.section("Indexes");
    for (const auto& t : cat.tables) {
        for (const auto& ix : t.indexes) out.add(strip_trailing(ix.definition) + ";");
    }
    out.section("Views");
    for (const auto* v : views_in_order(cat)) out.add(strip_trailing(v->definition) + ";");
    out.section("Triggers");
    for (const auto& t : cat.tables) {
        for (const auto& tr : t.triggers) out.add(strip_trailing(tr.definition) + ";");
    }
}

}  // namespace strata::schema::render
