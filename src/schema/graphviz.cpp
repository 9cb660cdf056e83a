// Graphviz dot source of an overview diagram: tables as HTML-label nodes, foreign keys as edges.
#include <fmt/format.h>

#include <unordered_set>

#include "schema/diagrams.hpp"

namespace strata::schema {
namespace docs_detail {
namespace {

std::string dot_html(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool dot_in_primary_key(const Table& t, const std::string& column) {
    for (const auto& c : t.constraints) {
        if (c.kind != ConstraintKind::primary_key) continue;
        for (const auto& col : c.columns) {
            if (col == column) return true;
        }
    }
    return false;
}

}  // namespace

std::string graphviz_text(const DocsIndex& ix, const SchemaDiagram& diagram) {
    std::string out = fmt::format(
        "digraph \"{}\" {{\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
        "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [arrowhead=crow, arrowtail=tee, dir=both];\n",
        dot_html(diagram.hub));
    std::vector<const Table*> tables;
    std::unordered_set<std::string_view> schemas;
    for (const auto& name : diagram.tables) {
        if (const auto* t = ix.table(name)) {
            tables.push_back(t);
            schemas.insert(t->schema);
        }
    }
    for (const auto* t : tables) {
        out += fmt::format(
            "  \"{}\" [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">"
            "<tr><td bgcolor=\"#dde4ee\"><b>{}</b></td></tr>",
            t->qualified(), dot_html(t->qualified()));
        if (diagram.detailed) {
            for (const auto& c : t->columns) {
                out += fmt::format(
                    "<tr><td align=\"left\" port=\"{}\">{}{} <font "
                    "color=\"#666666\">{}</font></td></tr>",
                    diagram_ident(c.name), dot_in_primary_key(*t, c.name) ? "&#9670; " : "",
                    dot_html(c.name), dot_html(c.type));
            }
        }
        out += "</table>>];\n";
    }
    for (const auto* t : tables) {
        for (const auto& e : ix.parents(*t)) {
            if (!schemas.contains(e.parent->schema) || e.parent->partition_of) continue;
            out += fmt::format("  \"{}\" -> \"{}\" [tooltip=\"{}\"];\n", e.parent->qualified(),
                               t->qualified(), dot_html(e.fk->name));
        }
    }
    return out + "}\n";
}

}  // namespace docs_detail

std::string graphviz_diagram(const Catalog& cat, const SchemaDiagram& diagram) {
    return docs_detail::graphviz_text(docs_detail::DocsIndex(cat, {}), diagram);
}

}  // namespace strata::schema
