// The dump's tail: the reference data section and the environment-independent migration history.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "schema/dump_render.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema::render {
namespace {

/// History columns that say when, by whom, how fast or by which strata a migration was applied:
/// they differ between two databases with the same applied set, so the dump leaves them out.
constexpr std::array<std::string_view, 4> kEnvironmentColumns = {"applied_at", "execution_ms",
                                                                 "applied_by", "tool_version"};

bool environment_column(std::string_view name) {
    return std::find(kEnvironmentColumns.begin(), kEnvironmentColumns.end(), name) !=
           kEnvironmentColumns.end();
}

/// The value a loaded dump gives a NOT NULL environment column without a default: a fact of
/// the load, not of the dumped database.
std::string tail_load_value(std::string_view column, bool sqlite) {
    if (column == "applied_at")
        return sqlite ? "strftime('%Y-%m-%d %H:%M:%f+00', 'now')" : "CURRENT_TIMESTAMP";
    if (column == "execution_ms") return "0";
    if (column == "applied_by" && !sqlite) return "CURRENT_USER";
    return "'strata dump'";
}

/// Version order: all-digit versions numerically (so 9 < 10), others as text.
bool version_less(const std::string& a, const std::string& b) {
    auto digits = [](const std::string& s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (digits(a) && digits(b) && a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

std::string tail_table_name(const Catalog& cat, const Table& t) {
    return cat.backend == "sqlite" ? sql::quote_ident(t.name)
                                   : sql::quote_qualified(t.schema, t.name);
}

std::string sqlite_history_table(const Table& t) {
    std::vector<std::string> cols;
    cols.reserve(t.columns.size() + t.constraints.size());
    for (const auto& c : t.columns) {
        cols.push_back(fmt::format("{} {}{}{}", sql::quote_ident(c.name), c.type,
                                   c.not_null ? " NOT NULL" : "",
                                   c.default_expr ? " DEFAULT " + *c.default_expr : ""));
    }
    for (const auto& c : t.constraints) {
        if (c.kind == ConstraintKind::primary_key)
            cols.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(c.columns, ", ")));
    }
    return fmt::format("CREATE TABLE IF NOT EXISTS {} (\n    {}\n);", sql::quote_ident(t.name),
                       fmt::join(cols, ",\n    "));
}

/// Data tables ordered so that a referenced table comes before the tables referencing it
/// (among the chosen ones), otherwise by name.
std::vector<const TableData*> data_in_order(const Catalog& cat,
                                            const std::vector<TableData>& data) {
    std::map<std::string, const TableData*> by_name;
    for (const auto& d : data) by_name[d.table] = &d;
    std::vector<const TableData*> out;
    std::set<std::string> done;
    std::set<std::string> visiting;
    auto visit = [&](auto&& self, const std::string& name) -> void {
        if (done.contains(name) || visiting.contains(name)) return;
        visiting.insert(name);
        auto dot = name.find('.');
        if (const auto* t = cat.find_table(name.substr(0, dot), name.substr(dot + 1))) {
            for (const auto& c : t->constraints) {
                if (c.kind == ConstraintKind::foreign_key && by_name.contains(c.referenced_table))
                    self(self, c.referenced_table);
            }
        }
        done.insert(name);
        out.push_back(by_name.at(name));
    };
    for (const auto& [name, d] : by_name) visit(visit, name);
    return out;
}

}  // namespace

void data(Out& out, const Catalog& cat, const std::vector<TableData>& tables) {
    const bool sqlite = cat.backend == "sqlite";
    out.section("Reference data");
    for (const auto* d : data_in_order(cat, tables)) {
        auto dot = d->table.find('.');
        const Table* t = cat.find_table(d->table.substr(0, dot), d->table.substr(dot + 1));
        if (!t || d->rows.empty()) continue;
        bool overriding = false;
        std::vector<std::string> cols;
        cols.reserve(d->columns.size());
        for (const auto& c : d->columns) {
            const auto* column = t->find_column(c);
            overriding = overriding || (column && column->identity == "always");
            cols.push_back(sql::quote_ident(c));
        }
        std::vector<std::string> rows;
        rows.reserve(d->rows.size());
        for (const auto& row : d->rows) {
            std::vector<std::string> values;
            values.reserve(row.size());
            for (const auto& v : row) values.push_back(v ? sql::quote_literal(*v) : "NULL");
            rows.push_back(fmt::format("({})", fmt::join(values, ", ")));
        }
        auto name = tail_table_name(cat, *t);
        out.add(fmt::format("INSERT INTO {} ({}){} VALUES\n    {};", name, fmt::join(cols, ", "),
                            overriding ? " OVERRIDING SYSTEM VALUE" : "",
                            fmt::join(rows, ",\n    ")));
        if (sqlite) continue;
        // Sequences behind serial and identity columns continue after the loaded rows.
        for (const auto& c : t->columns) {
            bool owns_sequence =
                !c.identity.empty() || (c.default_expr && c.default_expr->starts_with("nextval("));
            if (!owns_sequence) continue;
            auto col = sql::quote_ident(c.name);
            out.add(
                fmt::format("SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence({}, {}), "
                            "COALESCE(max({}), 1), max({}) IS NOT NULL) FROM {};",
                            sql::quote_literal(name), sql::quote_literal(c.name), col, col, name));
        }
    }
}

void history(Out& out, const Catalog& cat) {
    if (cat.history_tables.empty()) return;
    const bool sqlite = cat.backend == "sqlite";
    out.section("Migration history");
    for (const auto& t : cat.history_tables)
        out.add(sqlite ? sqlite_history_table(t) : create_table(cat, t, true));
    const Table* main = nullptr;
    for (const auto& t : cat.history_tables) {
        if (!t.name.ends_with("_events")) main = &t;
    }
    if (!main) return;
    // Only what the applied set is: versions in version order, numbered 1..n, without the
    // environment columns, so two databases migrated with the same files dump alike.
    std::vector<const HistoryRow*> rows;
    rows.reserve(cat.history.size());
    for (const auto& row : cat.history) rows.push_back(&row);
    auto value_of = [](const HistoryRow& row, std::string_view column) {
        for (const auto& [c, v] : row.values) {
            if (c == column) return v.value_or("");
        }
        return std::string();
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const HistoryRow* a, const HistoryRow* b) {
        return version_less(value_of(*a, "version"), value_of(*b, "version"));
    });
    std::int64_t order = 0;
    for (const auto* row : rows) {
        std::vector<std::string> cols;
        std::vector<std::string> values;
        ++order;
        for (const auto& [col, value] : row->values) {
            if (environment_column(col)) continue;
            cols.push_back(sql::quote_ident(col));
            if (col == "apply_order") {
                values.push_back(sql::quote_literal(std::to_string(order)));
            } else {
                values.push_back(value ? sql::quote_literal(*value) : "NULL");
            }
        }
        for (const auto& c : main->columns) {
            if (!environment_column(c.name) || c.default_expr || !c.not_null) continue;
            cols.push_back(sql::quote_ident(c.name));
            values.push_back(tail_load_value(c.name, sqlite));
        }
        out.add(fmt::format("INSERT INTO {} ({})\n    VALUES ({});", tail_table_name(cat, *main),
                            fmt::join(cols, ", "), fmt::join(values, ", ")));
    }
}

}  // namespace strata::schema::render
