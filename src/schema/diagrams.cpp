// ER diagrams: Mermaid erDiagram text and Graphviz dot source from a Catalog's tables and FKs.
#include <fmt/format.h>

#include <set>

#include "strata/schema/docs.hpp"

namespace strata::schema {
namespace {

/// Mermaid identifiers: letters, digits, underscores.
std::string ident(std::string_view text) {
    std::string out;
    for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

std::string mermaid_type(std::string type) {
    for (auto pos = type.find("[]"); pos != std::string::npos; pos = type.find("[]"))
        type.replace(pos, 2, "_array");
    auto paren = type.find('(');
    if (paren != std::string::npos) type = type.substr(0, paren);
    auto out = ident(type);
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "unknown" : out;
}

std::string entity_name(const Table& t) {
    return ident(t.schema + "__" + t.name);
}

bool in_fk(const Table& t, const std::string& column) {
    for (const auto& c : t.constraints) {
        if (c.kind != ConstraintKind::foreign_key) continue;
        for (const auto& col : c.columns) {
            if (col == column) return true;
        }
    }
    return false;
}

bool in_pk(const Table& t, const std::string& column) {
    for (const auto& c : t.constraints) {
        if (c.kind != ConstraintKind::primary_key) continue;
        for (const auto& col : c.columns) {
            if (col == column) return true;
        }
    }
    return false;
}

const Table* referenced(const Catalog& cat, const Constraint& fk) {
    auto dot = fk.referenced_table.find('.');
    return cat.find_table(fk.referenced_table.substr(0, dot), fk.referenced_table.substr(dot + 1));
}

void entity(std::string& out, const Table& t) {
    out += fmt::format("    {}[\"{}\"] {{\n", entity_name(t), t.qualified());
    for (const auto& c : t.columns) {
        std::string keys;
        if (in_pk(t, c.name)) keys = "PK";
        if (in_fk(t, c.name)) keys += keys.empty() ? "FK" : ", FK";
        out += fmt::format("        {} {}{}\n", mermaid_type(c.type), ident(c.name),
                           keys.empty() ? "" : " " + keys);
    }
    out += "    }\n";
}

void relationships(std::string& out, const Catalog& cat, const std::set<std::string>& shown) {
    for (const auto& t : cat.tables) {
        if (!shown.contains(t.qualified())) continue;
        for (const auto& c : t.constraints) {
            if (c.kind != ConstraintKind::foreign_key) continue;
            const Table* parent = referenced(cat, c);
            if (!parent || !shown.contains(parent->qualified())) continue;
            bool optional = false;
            for (const auto& col : c.columns) {
                const auto* column = t.find_column(col);
                optional = optional || (column && !column->not_null);
            }
            out += fmt::format("    {} {}--o{{ {} : \"{}\"\n", entity_name(*parent),
                               optional ? "|o" : "||", entity_name(t), c.name);
        }
    }
}

std::string mermaid(const Catalog& cat, const std::set<std::string>& shown) {
    std::string out = "erDiagram\n";
    for (const auto& t : cat.tables) {
        if (shown.contains(t.qualified())) entity(out, t);
    }
    relationships(out, cat, shown);
    return out;
}

std::string html(std::string_view text) {
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

}  // namespace

std::string mermaid_schema(const Catalog& cat, std::string_view schema) {
    std::set<std::string> shown;
    for (const auto& t : cat.tables) {
        if (t.schema == schema && !t.partition_of) shown.insert(t.qualified());
    }
    return mermaid(cat, shown);
}

std::string mermaid_neighbourhood(const Catalog& cat, const Table& table) {
    std::set<std::string> shown{table.qualified()};
    for (const auto& c : table.constraints) {
        if (c.kind != ConstraintKind::foreign_key) continue;
        if (const auto* p = referenced(cat, c)) shown.insert(p->qualified());
    }
    for (const auto& t : cat.tables) {
        for (const auto& c : t.constraints) {
            if (c.kind == ConstraintKind::foreign_key && c.referenced_table == table.qualified()) {
                shown.insert(t.qualified());
            }
        }
    }
    return mermaid(cat, shown);
}

std::string graphviz_schema(const Catalog& cat, std::string_view schema) {
    std::string out = fmt::format(
        "digraph \"{}\" {{\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n"
        "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [arrowhead=crow, arrowtail=tee, dir=both];\n",
        schema);
    std::set<std::string> shown;
    for (const auto& t : cat.tables) {
        if (t.schema != schema || t.partition_of) continue;
        shown.insert(t.qualified());
        out += fmt::format(
            "  \"{}\" [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">"
            "<tr><td bgcolor=\"#dde4ee\"><b>{}</b></td></tr>",
            t.qualified(), html(t.qualified()));
        for (const auto& c : t.columns) {
            out += fmt::format(
                "<tr><td align=\"left\" port=\"{}\">{}{} <font "
                "color=\"#666666\">{}</font></td></tr>",
                ident(c.name), in_pk(t, c.name) ? "&#9670; " : "", html(c.name), html(c.type));
        }
        out += "</table>>];\n";
    }
    for (const auto& t : cat.tables) {
        if (!shown.contains(t.qualified())) continue;
        for (const auto& c : t.constraints) {
            if (c.kind != ConstraintKind::foreign_key || !shown.contains(c.referenced_table))
                continue;
            out += fmt::format("  \"{}\" -> \"{}\" [tooltip=\"{}\"];\n", c.referenced_table,
                               t.qualified(), html(c.name));
        }
    }
    return out + "}\n";
}

}  // namespace strata::schema
