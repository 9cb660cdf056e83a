// The docs' index page and the pages of tables and views.
#include "schema/docs_pages.hpp"

#include <fmt/format.h>

#include "schema/diagrams.hpp"

namespace strata::schema::docs_detail {
namespace {

std::string page_tags(const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    out.reserve(tags.size());
    for (const auto& t : tags) out.push_back("`" + t + "`");
    return fmt::format("{}", fmt::join(out, " "));
}

std::string table_facts(const Table& t) {
    std::vector<std::string> facts;
    if (t.kind == TableKind::foreign) {
        std::string fact = "foreign table on server " + md_code(t.server);
        if (!t.foreign_options.empty())
            fact += ", options " + md_code(fmt::format("{}", fmt::join(t.foreign_options, ", ")));
        facts.push_back(std::move(fact));
    }
    if (t.kind == TableKind::partitioned)
        facts.push_back("partitioned by " + md_code(t.partition_key.value_or("")));
    if (t.partition_of) {
        facts.push_back(fmt::format("partition of [{}]({}) {}", *t.partition_of,
                                    relation_page(*t.partition_of),
                                    md_code(t.partition_bound.value_or(""))));
    }
    if (t.unlogged) facts.push_back("unlogged");
    if (t.rls_enabled)
        facts.push_back(t.rls_forced ? "row-level security (forced)" : "row-level security");
    return facts.empty() ? "" : fmt::format("{}\n\n", fmt::join(facts, "; "));
}

std::string columns_section(const Table& t, const TableAnnotation* a) {
    std::string out =
        "## Columns\n\n| Column | Type | Nullable | Default | Description |\n| --- | --- | --- | "
        "--- | --- |\n";
    for (const auto& c : t.columns) {
        std::string def = c.generated           ? "generated: " + *c.generated
                          : !c.identity.empty() ? "identity (" + c.identity + ")"
                                                : c.default_expr.value_or("");
        std::string desc;
        std::vector<std::string> tags;
        if (a) {
            if (auto it = a->columns.find(c.name); it != a->columns.end()) {
                desc = it->second.description;
                tags = it->second.tags;
            }
        }
        auto text = md_describe(c.comment, desc);
        if (!tags.empty()) text += (text.empty() ? "" : " ") + page_tags(tags);
        out += fmt::format("| {} | {} | {} | {} | {} |\n", md_code(c.name), md_code(c.type),
                           c.not_null ? "no" : "yes", md_code(def), md_cell(text));
    }
    return out;
}

std::string objects_sections(const Table& t) {
    std::string out;
    if (!t.constraints.empty()) {
        out += "\n## Constraints\n\n| Name | Kind | Definition |\n| --- | --- | --- |\n";
        for (const auto& c : t.constraints) {
            out += fmt::format("| {} | {} | {} |\n", md_code(c.name), to_string(c.kind),
                               md_code(c.definition));
        }
    }
    if (!t.indexes.empty()) {
        out += "\n## Indexes\n\n| Name | Definition |\n| --- | --- |\n";
        for (const auto& ix : t.indexes)
            out += fmt::format("| {} | {} |\n", md_code(ix.name), md_code(ix.definition));
    }
    if (!t.triggers.empty()) {
        out += "\n## Triggers\n\n| Name | Definition |\n| --- | --- |\n";
        for (const auto& tr : t.triggers) {
            out += fmt::format("| {} | {}{} |\n", md_code(tr.name), md_code(tr.definition),
                               tr.enabled == "D" ? " (disabled)" : "");
        }
    }
    if (!t.policies.empty()) {
        out +=
            "\n## Policies\n\n| Name | Command | Roles | Using | With check |\n| --- | --- | --- | "
            "--- | --- |\n";
        for (const auto& p : t.policies) {
            out +=
                fmt::format("| {} | {}{} | {} | {} | {} |\n", md_code(p.name), p.command,
                            p.permissive ? "" : " (restrictive)", fmt::join(p.roles, ", "),
                            md_code(p.using_expr.value_or("")), md_code(p.with_check.value_or("")));
        }
    }
    return out;
}

std::string edge_item(const Table& other, const Constraint& fk) {
    return fmt::format("- [{}]({}) ({} → {})", other.qualified(), relation_page(other.qualified()),
                       fmt::join(fk.columns, ", "), fmt::join(fk.referenced_columns, ", "));
}

std::string overview_section(const SchemaOverview& o, const std::string& schema, bool svg) {
    std::string out;
    const auto n = o.diagrams.size();
    if (n > 1 || !o.not_drawn.empty()) {
        std::size_t drawn = 0;
        for (const auto& d : o.diagrams) drawn += d.tables.size();
        out += fmt::format(
            "Too large for one diagram: {} diagrams of related tables ({} tables){}.\n\n", n, drawn,
            o.not_drawn.empty()
                ? ""
                : fmt::format("; {} tables without relationships are listed above, not drawn",
                              o.not_drawn.size()));
    }
    for (std::size_t k = 0; k < n; ++k) {
        const auto& d = o.diagrams[k];
        if (n > 1) {
            out += fmt::format("### Diagram {}: {} tables around `{}`{}\n\n", k + 1,
                               d.tables.size(), d.hub, d.detailed ? "" : " (names only)");
        }
        if (svg) {
            out += fmt::format("![ER diagram of {}]({})\n\n",
                               n > 1 ? fmt::format("{} ({})", schema, k + 1) : schema,
                               svg_name(schema, k, n));
        }
        out += "```mermaid\n" + d.mermaid + "```\n\n";
    }
    return out;
}

}  // namespace

std::string svg_name(std::string_view schema, std::size_t k, std::size_t count) {
    return count > 1 ? fmt::format("{}.{}.svg", schema, k + 1) : fmt::format("{}.svg", schema);
}

std::string table_page(const DocsIndex& ix, const Table& t, const DocsOptions& options) {
    const auto* a = ix.annotation(t);
    std::string out = fmt::format("# {}\n\n[Index](index.md)\n\n", t.qualified());
    auto description = md_describe(t.comment, a ? a->description : "");
    if (!description.empty()) out += description + "\n\n";
    if (a && !a->tags.empty()) out += "Tags: " + page_tags(a->tags) + "\n\n";
    out += table_facts(t);
    out += columns_section(t, a);
    out += objects_sections(t);
    std::vector<std::string> refs;
    for (const auto& c : t.constraints) {
        if (c.kind != ConstraintKind::foreign_key) continue;
        refs.push_back(fmt::format("- [{}]({}) ({} → {})", c.referenced_table,
                                   relation_page(c.referenced_table), fmt::join(c.columns, ", "),
                                   fmt::join(c.referenced_columns, ", ")));
    }
    if (!refs.empty()) out += fmt::format("\n## References\n\n{}\n", fmt::join(refs, "\n"));
    if (t.kind == TableKind::foreign) return out;  // no foreign keys either way: no diagram
    std::vector<std::string> back;
    for (const auto& e : ix.children(t)) back.push_back(edge_item(*e.child, *e.fk));
    if (!back.empty()) out += fmt::format("\n## Referenced by\n\n{}\n", fmt::join(back, "\n"));
    auto n = neighbourhood(ix, t, options);
    out += "\n## Diagram\n\n```mermaid\n" + n.mermaid + "```\n";
    if (n.columns_left_out) {
        out += fmt::format(
            "\nThe table is drawn without its columns (they would exceed {} "
            "characters); they are listed above.\n",
            options.diagram_limit);
    }
    if (n.not_drawn > 0) {
        out += fmt::format(
            "\n{} related tables are not drawn (the diagram would exceed {} characters); all are "
            "listed above.\n",
            n.not_drawn, options.diagram_limit);
    }
    return out;
}

std::string view_page(const DocsIndex& ix, const View& v) {
    const auto* a = ix.annotation(v.qualified());
    std::string out = fmt::format("# {}\n\n[Index](index.md)\n\n{}", v.qualified(),
                                  v.materialized ? "Materialized view." : "View.");
    auto description = md_describe(v.comment, a ? a->description : "");
    if (!description.empty()) out += " " + description;
    out += "\n\n";
    if (a && !a->tags.empty()) out += "Tags: " + page_tags(a->tags) + "\n\n";
    if (!v.options.empty())
        out +=
            fmt::format("Options: {}\n\n", md_code(fmt::format("{}", fmt::join(v.options, ", "))));
    out += "## Columns\n\n| Column | Type | Description |\n| --- | --- | --- |\n";
    for (const auto& c : v.columns) {
        std::string annotated;
        if (a) {
            if (auto it = a->columns.find(c.name); it != a->columns.end())
                annotated = it->second.description;
        }
        out += fmt::format("| {} | {} | {} |\n", md_code(c.name), md_code(c.type),
                           md_cell(md_describe(c.comment, annotated)));
    }
    if (!v.indexes.empty()) {
        out += "\n## Indexes\n\n| Name | Definition |\n| --- | --- |\n";
        for (const auto& i : v.indexes)
            out += fmt::format("| {} | {} |\n", md_code(i.name), md_code(i.definition));
    }
    std::vector<std::string> deps;
    for (const auto& d : v.depends_on) {
        auto dot = d.find('.');
        const bool relation =
            ix.table(d) != nullptr || ix.catalog().find_view(d.substr(0, dot), d.substr(dot + 1));
        if (relation) {
            deps.push_back(fmt::format("- [{}]({})", d, relation_page(d)));
        } else if (ix.has_function(d)) {
            deps.push_back(fmt::format("- [{}](functions/{}.md)", d, d.substr(0, dot)));
        } else {
            deps.push_back(fmt::format("- {}", md_code(d)));
        }
    }
    if (!deps.empty()) out += fmt::format("\n## Depends on\n\n{}\n", fmt::join(deps, "\n"));
    out += "\n## Definition\n\n```sql\n" + v.definition;
    if (!v.definition.ends_with('\n')) out += '\n';
    return out + "```\n";
}

std::string index_page(const DocsIndex& ix, const std::vector<SchemaOverview>& overviews,
                       bool svg) {
    const Catalog& cat = ix.catalog();
    std::string out = "# Database schema\n\n";
    for (std::size_t i = 0; i < cat.schemas.size(); ++i) {
        const auto& s = cat.schemas[i];
        std::vector<const Table*> tables;
        for (const auto& t : cat.tables) {
            if (t.schema == s.name) tables.push_back(&t);
        }
        std::vector<const Table*> foreign;
        for (const auto& t : cat.foreign_tables) {
            if (t.schema == s.name) foreign.push_back(&t);
        }
        std::vector<const View*> views;
        for (const auto& v : cat.views) {
            if (v.schema == s.name) views.push_back(&v);
        }
        auto kinds = kind_links(ix, s.name);
        if (tables.empty() && foreign.empty() && views.empty() && kinds.empty()) continue;
        out += fmt::format("## Schema `{}`\n\n", s.name);
        if (s.comment && !s.comment->empty()) out += *s.comment + "\n\n";
        if (!tables.empty()) {
            out += "| Table | Description |\n| --- | --- |\n";
            for (const auto* t : tables) {
                const auto* a = ix.annotation(*t);
                out += fmt::format(
                    "| [{}]({}) | {} |\n", t->name, relation_page(t->qualified()),
                    md_cell(md_first_line(md_describe(t->comment, a ? a->description : ""))));
            }
            out += "\n";
        }
        if (!foreign.empty()) {
            out += "| Foreign table | Server | Description |\n| --- | --- | --- |\n";
            for (const auto* t : foreign) {
                out += fmt::format("| [{}]({}) | {} | {} |\n", t->name,
                                   relation_page(t->qualified()), md_code(t->server),
                                   md_cell(md_first_line(t->comment.value_or(""))));
            }
            out += "\n";
        }
        if (!views.empty()) {
            out += "| View | Kind | Description |\n| --- | --- | --- |\n";
            for (const auto* v : views) {
                out +=
                    fmt::format("| [{}]({}) | {} | {} |\n", v->name, relation_page(v->qualified()),
                                v->materialized ? "materialized" : "view",
                                md_cell(md_first_line(v->comment.value_or(""))));
            }
            out += "\n";
        }
        if (!kinds.empty()) out += kinds + "\n\n";
        if (i < overviews.size()) out += overview_section(overviews[i], s.name, svg);
    }
    while (out.ends_with("\n\n")) out.pop_back();
    return out;
}

}  // namespace strata::schema::docs_detail
