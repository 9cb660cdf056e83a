// What a re-created column takes with it (a generated column whose expression changes is
// dropped and added again): its indexes, constraints, triggers, policies, extended statistics
// and column privileges, marked so the plan drops them first and re-creates them after; a
// publication listing it is refused (UnsupportedChange).
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

/// Whether SQL text reads the column name (a whole identifier, quoted or not, outside literals).
bool mentions_column(const std::string& text, const std::string& name) {
    return replace_identifier(text, name, name + "_strata_probe") != text;
}

/// The part of a definition after `marker` (what follows the object's own name and table).
std::string after(const std::string& definition, std::string_view marker) {
    const auto at = definition.find(marker);
    return at == std::string::npos ? definition : definition.substr(at + marker.size());
}

/// The entries of a publication's table list naming table ("public.lines (id, total) WHERE
/// (...)", split at the commas outside parentheses), without the table's name.
std::vector<std::string> publication_entries(const std::string& tables, const std::string& table) {
    std::vector<std::string> out;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= tables.size(); ++i) {
        const char ch = i < tables.size() ? tables[i] : ',';
        if (ch == '(') ++depth;
        if (ch == ')') --depth;
        if (ch != ',' || depth != 0) continue;
        auto entry = tables.substr(start, i - start);
        entry.erase(0, entry.find_first_not_of(' '));
        if (entry.starts_with(table + " ")) out.push_back(entry.substr(table.size()));
        start = i + 1;
    }
    return out;
}

/// A publication whose column list or row filter names the column: PostgreSQL refuses to drop
/// the column, and re-creating the publication around it would stop replication meanwhile.
void refuse_published_column(const Planner& p, const schema::Table& t, const std::string& column) {
    const auto table = sql::quote_qualified(t.schema, t.name);
    for (const auto& o : p.cur.cat->objects) {
        if (o.kind != "publication") continue;
        auto tables = o.properties.find("tables");
        if (tables == o.properties.end()) continue;
        for (const auto& entry : publication_entries(tables->second, table)) {
            if (!mentions_column(entry, column)) continue;
            throw UnsupportedChange(fmt::format(
                "column {}.{}: its generated expression changes, so the column is dropped and "
                "added again, but publication {} names it ({}{}) and PostgreSQL refuses to drop "
                "a published column; write this migration by hand (take the column out of the "
                "publication with ALTER PUBLICATION ... SET TABLE, re-create the column, put it "
                "back)",
                t.qualified(), column, o.name, table, entry));
        }
    }
}

void mark_dependents_of(Planner& p, const schema::Table& t, const std::string& column) {
    refuse_published_column(p, t, column);
    const auto table = t.qualified();
    for (const auto& ix : t.indexes) {
        if (!mentions_column(after(ix.definition, " USING "), column)) continue;
        const auto key = "relation:" + t.schema + "." + ix.name;
        p.touched.insert(key);
        p.dropped_with_column.insert(key);
    }
    for (const auto& c : t.constraints) {
        if (std::ranges::find(c.columns, column) != c.columns.end() ||
            mentions_column(c.definition, column))
            p.touched.insert("constraint:" + table + "." + c.name);
    }
    for (const auto& tr : t.triggers) {
        // "... UPDATE OF total ON public.lines ... WHEN (...)": the whole definition.
        if (mentions_column(tr.definition, column))
            p.touched.insert("trigger:" + table + "." + tr.name);
    }
    for (const auto& r : t.rules) {
        if (mentions_column(after(r.definition, " TO "), column))
            p.touched.insert("rule:" + table + "." + r.name);
    }
    for (const auto& pol : t.policies) {
        if ((pol.using_expr && mentions_column(*pol.using_expr, column)) ||
            (pol.with_check && mentions_column(*pol.with_check, column)))
            p.touched.insert("policy:" + table + "." + pol.name);
    }
    for (const auto& o : p.cur.cat->objects) {
        if (o.kind != "statistics") continue;
        auto on = o.properties.find("table");
        auto def = o.properties.find("definition");
        if (on == o.properties.end() || on->second != table || def == o.properties.end()) continue;
        if (mentions_column(after(def->second, " ON "), column))
            p.touched.insert(o.dependency_key());
    }
    // The key ownership_changes gives a column's privileges: "relation:s.t\ncolumn".
    std::string privileges = "relation:" + table;
    privileges += '\n';
    privileges += column;
    p.recreated_columns.insert(std::move(privileges));
}

}  // namespace

void column_dependents(Planner& p) {
    for (const auto& to : p.des.cat->tables) {
        const auto* from = p.cur.cat->find_table(to.schema, to.name);
        if (from == nullptr) continue;
        for (const auto& b : to.columns) {
            const auto* a = from->find_column(b.name);
            if (a == nullptr || a->inherited || b.inherited || a->generated == b.generated)
                continue;
            mark_dependents_of(p, *from, a->name);
        }
    }
}

}  // namespace strata::autogen::detail
