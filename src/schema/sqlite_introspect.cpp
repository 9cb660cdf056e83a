// SQLite introspection: sqlite_schema and the table_xinfo/index_list/index_xinfo/foreign_key_list
// pragmas.
#include <fmt/format.h>

#include <map>

#include "strata/schema/introspect.hpp"

namespace strata::schema {
namespace {

using OptText = std::optional<std::string>;

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<Column> read_columns(driver::Connection& conn, const std::string& table,
                                 bool table_kind) {
    std::vector<Column> out;
    // cid, name, type, notnull, dflt_value, pk, hidden
    for (const auto& r : conn.query("SELECT name, type, \"notnull\", dflt_value, hidden "
                                    "FROM pragma_table_xinfo(?) ORDER BY cid",
                                    table)) {
        auto hidden = r.get<std::int64_t>(4);
        if (hidden == 1) continue;  // hidden columns of virtual tables
        Column c;
        c.name = r.get<std::string>(0);
        c.type = upper(r.get<std::string>(1));
        c.not_null = table_kind && r.get<std::int64_t>(2) != 0;
        c.default_expr = r.get<OptText>(3);
        if (hidden == 2 || hidden == 3)
            c.generated = std::string(hidden == 3 ? "stored" : "virtual");
        out.push_back(std::move(c));
    }
    return out;
}

void read_keys(driver::Connection& conn, Table& t) {
    std::vector<std::pair<std::int64_t, std::string>> pk;
    for (const auto& r :
         conn.query("SELECT name, pk FROM pragma_table_xinfo(?) WHERE pk > 0", t.name)) {
        pk.emplace_back(r.get<std::int64_t>(1), r.get<std::string>(0));
    }
    std::ranges::sort(pk);
    if (!pk.empty()) {
        Constraint c;
        c.name = t.name + "_pkey";
        c.kind = ConstraintKind::primary_key;
        for (auto& [_, name] : pk) c.columns.push_back(name);
        c.definition = fmt::format("PRIMARY KEY ({})", fmt::join(c.columns, ", "));
        t.constraints.push_back(std::move(c));
    }
    std::map<std::int64_t, Constraint> fks;
    for (const auto& r : conn.query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, "
                                    "\"match\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
                                    t.name)) {
        auto& c = fks[r.get<std::int64_t>(0)];
        c.kind = ConstraintKind::foreign_key;
        c.referenced_table = "main." + r.get<std::string>(1);
        c.columns.push_back(r.get<std::string>(2));
        c.referenced_columns.push_back(r.get<OptText>(3).value_or(""));
        c.on_update = r.get<std::string>(4);
        c.on_delete = r.get<std::string>(5);
        auto match = r.get<std::string>(6);
        c.match = match == "NONE" ? "SIMPLE" : match;
    }
    for (auto& [_, c] : fks) {
        c.name = fmt::format("{}_{}_fkey", t.name, fmt::join(c.columns, "_"));
        auto ref_table = c.referenced_table.substr(5);
        c.definition = fmt::format("FOREIGN KEY ({}) REFERENCES {}({})", fmt::join(c.columns, ", "),
                                   ref_table, fmt::join(c.referenced_columns, ", "));
        if (c.on_update != "NO ACTION") c.definition += " ON UPDATE " + c.on_update;
        if (c.on_delete != "NO ACTION") c.definition += " ON DELETE " + c.on_delete;
        t.constraints.push_back(std::move(c));
    }
}

std::vector<Index> read_indexes(driver::Connection& conn, Table* table, const std::string& name) {
    std::vector<Index> out;
    for (const auto& r : conn.query("SELECT l.name, l.\"unique\", l.origin, l.partial, s.sql "
                                    "FROM pragma_index_list(?) l LEFT JOIN sqlite_schema s "
                                    "ON s.type = 'index' AND s.name = l.name",
                                    name)) {
        auto origin = r.get<std::string>(2);
        if (origin == "pk") continue;
        auto idx_name = r.get<std::string>(0);
        Index ix;
        ix.name = idx_name;
        ix.method = "btree";
        ix.unique = r.get<std::int64_t>(1) != 0;
        for (const auto& k :
             conn.query("SELECT cid, name, \"desc\", \"key\" FROM pragma_index_xinfo(?) "
                        "ORDER BY seqno",
                        idx_name)) {
            if (k.get<std::int64_t>(3) == 0) continue;  // the rowid tail
            auto col = k.get<OptText>(1).value_or("<expression>");
            ix.keys.push_back(k.get<std::int64_t>(2) != 0 ? col + " DESC" : col);
            ix.opclasses.emplace_back();
        }
        if (origin == "u" && table) {  // a UNIQUE constraint's automatic index
            Constraint c;
            c.name = idx_name;
            c.kind = ConstraintKind::unique;
            c.columns = ix.keys;
            c.definition = fmt::format("UNIQUE ({})", fmt::join(ix.keys, ", "));
            table->constraints.push_back(std::move(c));
            continue;
        }
        ix.definition = r.get<OptText>(4).value_or("");
        if (r.get<std::int64_t>(3) != 0) ix.predicate = std::string("<partial>");
        out.push_back(std::move(ix));
    }
    return out;
}

}  // namespace

Catalog introspect_sqlite(driver::Connection& conn, const IntrospectOptions& options) {
    Catalog cat;
    cat.backend = "sqlite";
    cat.schemas.emplace_back();
    cat.schemas.back().name = "main";
    auto objects = conn.query(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
        "WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY type, name");
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows;
    for (const auto& r : objects) {
        rows.emplace_back(r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                          r.get<std::string>(3));
    }
    for (const auto& [type, name, tbl, sql] : rows) {
        if (type == "table") {
            Table t;
            t.schema = "main";
            t.name = name;
            t.columns = read_columns(conn, name, true);
            read_keys(conn, t);
            t.indexes = read_indexes(conn, &t, name);
            bool history =
                !options.history_table.empty() &&
                (name == options.history_table || name == options.history_table + "_events");
            (history ? cat.history_tables : cat.tables).push_back(std::move(t));
        } else if (type == "view") {
            View v;
            v.schema = "main";
            v.name = name;
            v.definition = sql;
            v.columns = read_columns(conn, name, false);
            cat.views.push_back(std::move(v));
        }
    }
    for (const auto& [type, name, tbl, sql] : rows) {
        if (type != "trigger") continue;
        for (auto& t : cat.tables) {
            if (t.name != tbl) continue;
            Trigger trig;
            trig.name = name;
            trig.definition = sql;
            t.triggers.push_back(std::move(trig));
        }
    }
    cat.normalize();
    if (const Table* h = nullptr; true) {
        for (const auto& t : cat.history_tables) {
            if (t.name == options.history_table) h = &t;
        }
        if (h && h->find_column("apply_order")) {
            std::string select;
            for (const auto& c : h->columns) {
                select += fmt::format("{}CAST(\"{}\" AS TEXT)", select.empty() ? "" : ", ", c.name);
            }
            for (const auto& r : conn.query(
                     fmt::format("SELECT {} FROM \"{}\" ORDER BY apply_order", select, h->name))) {
                HistoryRow row;
                for (std::size_t i = 0; i < h->columns.size(); ++i) {
                    row.values.emplace_back(h->columns[i].name, r.get<OptText>(i));
                }
                cat.history.push_back(std::move(row));
            }
        }
    }
    return cat;
}

}  // namespace strata::schema
