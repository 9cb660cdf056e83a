// Reference data for the dump: the rows of chosen tables, as text, in primary-key order.
#include <fmt/format.h>

#include <algorithm>

#include "strata/core/error.hpp"
#include "strata/schema/dump.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema {
namespace {

const Table& data_table(const Catalog& cat, const std::string& name, std::string_view origin) {
    if (auto dot = name.find('.'); dot != std::string::npos) {
        if (const auto* t = cat.find_table(name.substr(0, dot), name.substr(dot + 1))) return *t;
    } else {
        std::vector<const Table*> found;
        for (const auto& t : cat.tables) {
            if (t.name == name) found.push_back(&t);
        }
        if (found.size() == 1) return *found.front();
        if (found.size() > 1) {
            throw UsageError(fmt::format(
                "{}: table \"{}\" is in several schemas ({} and {}): name it as schema.table",
                origin, name, found[0]->qualified(), found[1]->qualified()));
        }
    }
    auto dot = name.find('.');
    const bool view = dot != std::string::npos
                          ? cat.find_view(name.substr(0, dot), name.substr(dot + 1)) != nullptr
                          : std::any_of(cat.views.begin(), cat.views.end(),
                                        [&](const View& v) { return v.name == name; });
    throw UsageError(fmt::format("{}: no table \"{}\" in the dumped schemas{}", origin, name,
                                 view ? " (it is a view: only tables' rows are dumped)"
                                      : " (check the name, and --schema/--exclude-schema)"));
}

/// ORDER BY key: byte order for text so the row order does not depend on the database's
/// collation.
std::string order_key(bool sqlite, const Column& c) {
    auto col = sql::quote_ident(c.name);
    if (sqlite) return col;
    bool text = c.type == "text" || c.type.starts_with("character") || c.type == "name";
    return text ? col + " COLLATE \"C\"" : col;
}

}  // namespace

std::vector<TableData> read_data(driver::Connection& conn, const Catalog& cat,
                                 const std::vector<std::string>& tables, std::string_view origin) {
    const bool sqlite = cat.backend == "sqlite";
    std::vector<TableData> out;
    for (const auto& name : tables) {
        const Table& t = data_table(cat, name, origin);
        if (std::any_of(out.begin(), out.end(),
                        [&](const TableData& d) { return d.table == t.qualified(); }))
            continue;
        TableData d;
        d.table = t.qualified();
        std::vector<std::string> select;
        std::vector<std::string> order;
        for (const auto& c : t.columns) {
            if (c.generated) continue;
            d.columns.push_back(c.name);
            auto col = sql::quote_ident(c.name);
            select.push_back(sqlite ? fmt::format("CAST({} AS TEXT)", col) : col + "::text");
        }
        for (const auto& c : t.constraints) {
            if (c.kind != ConstraintKind::primary_key) continue;
            for (const auto& key : c.columns) {
                if (const auto* column = t.find_column(key))
                    order.push_back(order_key(sqlite, *column));
            }
        }
        if (order.empty()) {
            for (std::size_t i = 1; i <= select.size(); ++i) {
                order.push_back(sqlite ? std::to_string(i)
                                       : "(" + select[i - 1] + ") COLLATE \"C\"");
            }
        }
        if (select.empty()) continue;
        auto from = sqlite ? sql::quote_ident(t.name) : sql::quote_qualified(t.schema, t.name);
        auto rows = conn.query(fmt::format("SELECT {} FROM {} ORDER BY {}", fmt::join(select, ", "),
                                           from, fmt::join(order, ", ")));
        for (const auto& r : rows) {
            std::vector<std::optional<std::string>> values;
            values.reserve(select.size());
            for (std::size_t i = 0; i < select.size(); ++i)
                values.push_back(r.get<std::optional<std::string>>(i));
            d.rows.push_back(std::move(values));
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace strata::schema
