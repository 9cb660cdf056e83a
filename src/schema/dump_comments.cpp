// The dump's COMMENT ON section and the SQLite renderer.
#include <fmt/format.h>

#include "schema/dump_render.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema::render {
namespace {

using sql::quote_ident;

void comment(Out& out, std::string_view what, const std::string& target,
             const std::optional<std::string>& text) {
    if (text)
        out.add(fmt::format("COMMENT ON {} {} IS {};", what, target, sql::quote_literal(*text)));
}

void column_comments(Out& out, const std::string& owner, const std::vector<Column>& columns) {
    for (const auto& c : columns)
        comment(out, "COLUMN", owner + "." + quote_ident(c.name), c.comment);
}

void table_comments(Out& out, const Table& t) {
    auto name = sql::quote_qualified(t.schema, t.name);
    comment(out, t.kind == TableKind::foreign ? "FOREIGN TABLE" : "TABLE", name, t.comment);
    column_comments(out, name, t.columns);
    for (const auto& c : t.constraints)
        comment(out, "CONSTRAINT", quote_ident(c.name) + " ON " + name, c.comment);
    for (const auto& ix : t.indexes)
        comment(out, "INDEX", sql::quote_qualified(t.schema, ix.name), ix.comment);
    for (const auto& tr : t.triggers)
        comment(out, "TRIGGER", quote_ident(tr.name) + " ON " + name, tr.comment);
    for (const auto& p : t.policies)
        comment(out, "POLICY", quote_ident(p.name) + " ON " + name, p.comment);
}

}  // namespace

void comments(Out& out, const Catalog& cat) {
    out.section("Comments");
    for (const auto& s : cat.schemas) comment(out, "SCHEMA", quote_ident(s.name), s.comment);
    for (const auto& e : cat.extensions) comment(out, "EXTENSION", quote_ident(e.name), e.comment);
    for (const auto& e : cat.enums)
        comment(out, "TYPE", sql::quote_qualified(e.schema, e.name), e.comment);
    for (const auto& d : cat.domains) {
        auto name = sql::quote_qualified(d.schema, d.name);
        comment(out, "DOMAIN", name, d.comment);
        for (const auto& c : d.checks)
            comment(out, "CONSTRAINT", quote_ident(c.name) + " ON DOMAIN " + name, c.comment);
    }
    for (const auto& c : cat.composites) {
        auto name = sql::quote_qualified(c.schema, c.name);
        comment(out, "TYPE", name, c.comment);
        for (const auto& a : c.attributes)
            comment(out, "COLUMN", name + "." + quote_ident(a.name), a.comment);
    }
    for (const auto& s : cat.sequences)
        comment(out, "SEQUENCE", sql::quote_qualified(s.schema, s.name), s.comment);
    for (const auto& f : cat.functions) {
        comment(out, f.procedure ? "PROCEDURE" : "FUNCTION",
                fmt::format("{}({})", sql::quote_qualified(f.schema, f.name), f.identity_arguments),
                f.comment);
    }
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) table_comments(out, t);
    }
    for (const auto& v : cat.views) {
        auto name = sql::quote_qualified(v.schema, v.name);
        comment(out, v.materialized ? "MATERIALIZED VIEW" : "VIEW", name, v.comment);
        column_comments(out, name, v.columns);
        for (const auto& ix : v.indexes)
            comment(out, "INDEX", sql::quote_qualified(v.schema, ix.name), ix.comment);
    }
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
