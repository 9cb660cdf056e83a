// ER diagrams: Mermaid erDiagram text of a schema overview (split to stay under Mermaid's text
// limit) and of a table's neighbourhood.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "schema/diagrams.hpp"
#include "strata/schema/docs.hpp"

namespace strata::schema {
namespace docs_detail {
namespace {

bool diagram_key_column(const Table& t, const std::string& column, ConstraintKind kind) {
    for (const auto& c : t.constraints) {
        if (c.kind != kind) continue;
        if (std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end()) return true;
    }
    return false;
}

std::string mermaid_type(std::string type) {
    for (auto pos = type.find("[]"); pos != std::string::npos; pos = type.find("[]"))
        type.replace(pos, 2, "_array");
    auto paren = type.find('(');
    if (paren != std::string::npos) type = type.substr(0, paren);
    auto out = diagram_ident(type);
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "unknown" : out;
}

void entity_block(std::string& out, const Table& t) {
    out += fmt::format("    {}[\"{}\"] {{\n", entity_name(t), t.qualified());
    for (const auto& c : t.columns) {
        std::string keys;
        if (diagram_key_column(t, c.name, ConstraintKind::primary_key)) keys = "PK";
        if (diagram_key_column(t, c.name, ConstraintKind::foreign_key))
            keys += keys.empty() ? "FK" : ", FK";
        out += fmt::format("        {} {}{}\n", mermaid_type(c.type), diagram_ident(c.name),
                           keys.empty() ? "" : " " + keys);
    }
    out += "    }\n";
}

std::string edge_line(const Edge& e, bool detailed) {
    bool optional = false;
    for (const auto& col : e.fk->columns) {
        const auto* column = e.child->find_column(col);
        optional = optional || (column && !column->not_null);
    }
    auto label = detailed ? e.fk->name : fmt::format("{}", fmt::join(e.fk->columns, ", "));
    return fmt::format("    {} {}--o{{ {} : \"{}\"\n", entity_name(*e.parent),
                       optional ? "|o" : "||", entity_name(*e.child), label);
}

/// Characters a table adds to a compact diagram: its name line and its edges to parents.
std::size_t compact_cost(const Table& t, const std::vector<Edge>& edges) {
    std::size_t n = entity_name(t).size() + 5;
    for (const auto& e : edges) n += edge_line(e, false).size();
    return n;
}

/// Connected components of tables by foreign keys, each in catalog order.
std::vector<std::vector<const Table*>> components(const DocsIndex& ix,
                                                  const std::vector<const Table*>& tables,
                                                  const EdgeFilter& keep) {
    std::unordered_map<const Table*, std::size_t> pos;
    for (std::size_t i = 0; i < tables.size(); ++i) pos.emplace(tables[i], i);
    std::vector<std::size_t> parent(tables.size());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    auto find = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    for (std::size_t i = 0; i < tables.size(); ++i) {
        for (const auto& e : ix.parents(*tables[i])) {
            auto it = pos.find(e.parent);
            if (it == pos.end() || !keep(e)) continue;
            auto a = find(i);
            auto b = find(it->second);
            if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
    }
    std::unordered_map<std::size_t, std::size_t> slot;
    std::vector<std::vector<const Table*>> out;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        auto root = find(i);
        auto [it, added] = slot.emplace(root, out.size());
        if (added) out.emplace_back();
        out[it->second].push_back(tables[i]);
    }
    return out;
}

/// Breadth-first order through a component, so that chunks of it hold neighbours together.
std::vector<const Table*> breadth_first(const DocsIndex& ix, const std::vector<const Table*>& comp,
                                        const EdgeFilter& keep) {
    std::unordered_set<const Table*> in(comp.begin(), comp.end());
    std::unordered_set<const Table*> seen;
    std::vector<const Table*> order;
    order.reserve(comp.size());
    for (const auto* start : comp) {
        if (!seen.insert(start).second) continue;
        std::size_t head = order.size();
        order.push_back(start);
        for (; head < order.size(); ++head) {
            const Table* t = order[head];
            auto visit = [&](const Table* next) {
                if (in.contains(next) && seen.insert(next).second) order.push_back(next);
            };
            for (const auto& e : ix.parents(*t)) {
                if (keep(e)) visit(e.parent);
            }
            for (const auto& e : ix.children(*t)) {
                if (keep(e)) visit(e.child);
            }
        }
    }
    return order;
}

/// The most referenced table of a group, to name it.
const Table* hub(const DocsIndex& ix, const std::vector<const Table*>& group) {
    const Table* best = group.front();
    std::size_t most = 0;
    for (const auto* t : group) {
        auto n = ix.children(*t).size() + ix.parents(*t).size();
        if (n > most) {
            most = n;
            best = t;
        }
    }
    return best;
}

}  // namespace

std::string diagram_ident(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

std::string entity_name(const Table& t) {
    return diagram_ident(t.schema + "__" + t.name);
}

std::string mermaid_text(const DocsIndex& ix, const std::vector<const Table*>& tables,
                         bool detailed, const EdgeFilter& keep) {
    std::string out = "erDiagram\n";
    for (const auto* t : tables) {
        if (detailed) {
            entity_block(out, *t);
        } else {
            out += "    " + entity_name(*t) + "\n";
        }
    }
    for (const auto* t : tables) {
        for (const auto& e : ix.parents(*t)) {
            if (keep(e)) out += edge_line(e, detailed);
        }
    }
    return out;
}

SchemaOverview overview(const DocsIndex& ix, std::string_view schema, const DocsOptions& options) {
    SchemaOverview result;
    auto tables = ix.schema_tables(schema);
    if (tables.empty()) return result;
    std::unordered_set<const Table*> members(tables.begin(), tables.end());
    EdgeFilter keep = [&members](const Edge& e) { return members.contains(e.parent); };
    auto block = [&](std::vector<const Table*> group, bool detailed_allowed) {
        SchemaDiagram d;
        std::sort(group.begin(), group.end());  // catalog order
        d.detailed = detailed_allowed && group.size() <= options.detail_tables;
        if (d.detailed) {
            d.mermaid = mermaid_text(ix, group, true, keep);
            if (d.mermaid.size() > options.diagram_limit) d.detailed = false;
        }
        if (!d.detailed) d.mermaid = mermaid_text(ix, group, false, keep);
        for (const auto* t : group) d.tables.push_back(t->qualified());
        d.hub = hub(ix, group)->qualified();
        return d;
    };
    // The whole schema in one diagram when it fits.
    const std::size_t header = std::string_view("erDiagram\n").size();
    std::size_t total = header;
    std::unordered_map<const Table*, std::size_t> cost;
    for (const auto* t : tables) {
        std::vector<Edge> kept;
        for (const auto& e : ix.parents(*t)) {
            if (keep(e)) kept.push_back(e);
        }
        cost[t] = compact_cost(*t, kept);
        total += cost[t];
    }
    if (total <= options.diagram_limit && tables.size() <= options.tables_per_diagram) {
        result.diagrams.push_back(block(tables, true));
        return result;
    }
    // Otherwise one diagram per connected component (tables without relationships are listed,
    // not drawn), small components packed together, big ones cut in breadth-first chunks.
    auto comps = components(ix, tables, keep);
    std::stable_sort(comps.begin(), comps.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    std::vector<const Table*> current;
    std::size_t current_cost = header;
    auto flush = [&] {
        if (!current.empty()) result.diagrams.push_back(block(current, true));
        current.clear();
        current_cost = header;
    };
    auto fits = [&](std::size_t extra_cost, std::size_t extra_tables) {
        return current_cost + extra_cost <= options.diagram_limit &&
               current.size() + extra_tables <= options.tables_per_diagram;
    };
    for (const auto& comp : comps) {
        if (comp.size() == 1) {
            result.not_drawn.push_back(comp.front()->qualified());
            continue;
        }
        std::size_t comp_cost = 0;
        for (const auto* t : comp) comp_cost += cost[t];
        if (!fits(comp_cost, comp.size())) flush();
        if (fits(comp_cost, comp.size())) {
            current.insert(current.end(), comp.begin(), comp.end());
            current_cost += comp_cost;
            continue;
        }
        for (const auto* t : breadth_first(ix, comp, keep)) {
            if (!fits(cost[t], 1)) flush();
            current.push_back(t);
            current_cost += cost[t];
        }
        flush();
    }
    flush();
    return result;
}

Neighbourhood neighbourhood(const DocsIndex& ix, const Table& table, const DocsOptions& options) {
    std::vector<const Table*> related;
    std::unordered_set<const Table*> seen{&table};
    for (const auto& e : ix.parents(table)) {
        if (seen.insert(e.parent).second) related.push_back(e.parent);
    }
    for (const auto& e : ix.children(table)) {
        if (seen.insert(e.child).second) related.push_back(e.child);
    }
    std::vector<const Table*> shown(seen.begin(), seen.end());
    std::sort(shown.begin(), shown.end());  // catalog order
    Neighbourhood n;
    n.mermaid =
        mermaid_text(ix, shown, true, [&](const Edge& e) { return seen.contains(e.parent); });
    if (n.mermaid.size() <= options.diagram_limit) return n;
    // Too big: the table with its columns, its neighbours by name and only its own edges; as
    // many neighbours as fit (parents first), the rest counted.
    std::string head = "erDiagram\n";
    entity_block(head, table);
    if (head.size() > options.diagram_limit / 2) {
        head = "erDiagram\n    " + entity_name(table) + "\n";  // too many columns to draw
        n.columns_left_out = true;
    }
    std::string names;
    std::string edges;
    std::size_t size = head.size();
    for (const auto* r : related) {
        std::string name = "    " + entity_name(*r) + "\n";
        std::string lines;
        for (const auto& e : ix.parents(table)) {
            if (e.parent == r) lines += edge_line(e, false);
        }
        for (const auto& e : ix.children(table)) {
            if (e.child == r) lines += edge_line(e, false);
        }
        if (size + name.size() + lines.size() > options.diagram_limit) {
            ++n.not_drawn;
            continue;
        }
        size += name.size() + lines.size();
        names += name;
        edges += lines;
    }
    n.mermaid = head + names + edges;
    return n;
}

}  // namespace docs_detail

std::string mermaid_neighbourhood(const Catalog& cat, const Table& table,
                                  const DocsOptions& options) {
    docs_detail::DocsIndex ix(cat, {});
    return docs_detail::neighbourhood(ix, table, options).mermaid;
}

SchemaOverview schema_overview(const Catalog& cat, std::string_view schema,
                               const DocsOptions& options) {
    docs_detail::DocsIndex ix(cat, {});
    return docs_detail::overview(ix, schema, options);
}

}  // namespace strata::schema
