// Reading other tools' history tables: which migrations they say are applied.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "migrate/import/convert.hpp"
#include "strata/core/error.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/sql/quote.hpp"

namespace strata::migrate {
namespace {

std::string_view history_table_of(ImportTool tool) {
    switch (tool) {
        case ImportTool::dbmate:
        case ImportTool::golang_migrate:
            return "schema_migrations";
        case ImportTool::goose:
            return "goose_db_version";
        case ImportTool::flyway:
            return "flyway_schema_history";
        case ImportTool::sqlx:
            return "_sqlx_migrations";
        case ImportTool::alembic:
            return "alembic_version";
    }
    return "";
}

bool history_table_exists(driver::Connection& conn, const std::string& qualified,
                          std::string_view bare) {
    if (conn.backend() == driver::Backend::postgres) {
        return conn.query("SELECT to_regclass($1) IS NOT NULL", qualified).scalar<bool>();
    }
    return conn.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1",
                      std::string(bare))
               .scalar<std::int64_t>() > 0;
}

/// Whether table has column (a query that reads nothing; outside a transaction, a failure
/// leaves no trace).
bool history_has_column(driver::Connection& conn, const std::string& table,
                        std::string_view column) {
    try {
        (void)conn.query(fmt::format("SELECT {} FROM {} WHERE 1 = 0", column, table));
        return true;
    } catch (const Error&) {
        return false;
    }
}

/// Rows as text, NULL as nullopt.
std::vector<std::vector<std::optional<std::string>>> text_rows(driver::Connection& conn,
                                                               const std::string& sql,
                                                               std::size_t columns) {
    std::vector<std::vector<std::optional<std::string>>> out;
    auto result = conn.query(sql);
    out.reserve(result.size());
    for (auto row : result) {
        std::vector<std::optional<std::string>> r;
        r.reserve(columns);
        for (std::size_t i = 0; i < columns; ++i) {
            r.push_back(row.get<std::optional<std::string>>(i));
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string text_or(const std::optional<std::string>& v, std::string_view fallback = {}) {
    return v ? *v : std::string(fallback);
}

}  // namespace

ToolHistory read_tool_history(driver::Connection& conn, ImportTool tool,
                              const std::string& schema) {
    const auto bare = history_table_of(tool);
    const bool pg = conn.backend() == driver::Backend::postgres;
    const std::string table =
        pg && !schema.empty() ? sql::quote_qualified(schema, bare) : sql::quote_ident(bare);
    ToolHistory out;
    out.table = pg && !schema.empty() ? schema + "." + std::string(bare) : std::string(bare);
    if (!history_table_exists(conn, table, bare)) {
        throw MigrationStateError(fmt::format(
            "no {} table{}: this database has no {} history to import (is the URL right{}?)", bare,
            schema.empty() ? std::string() : " in schema " + schema, to_string(tool),
            pg ? ", and the schema" : ""));
    }
    const bool has_dirty = history_has_column(conn, table, "dirty");
    if (tool == ImportTool::dbmate && has_dirty) {
        throw MigrationStateError(fmt::format(
            "{} has a dirty column: it is golang-migrate's table, not dbmate's; run `strata "
            "import golang-migrate`",
            out.table));
    }
    if (tool == ImportTool::golang_migrate && !has_dirty) {
        throw MigrationStateError(fmt::format(
            "{} has no dirty column: it is not golang-migrate's table (dbmate's?); run `strata "
            "import dbmate`",
            out.table));
    }
    switch (tool) {
        case ImportTool::dbmate: {
            for (auto& r : text_rows(conn, "SELECT CAST(version AS TEXT) FROM " + table, 1)) {
                out.applied.push_back({text_or(r[0]), {}, {}});
            }
            break;
        }
        case ImportTool::golang_migrate: {
            auto rows = text_rows(
                conn,
                "SELECT CAST(version AS TEXT), CASE WHEN dirty THEN 'dirty' ELSE '' END FROM " +
                    table,
                2);
            if (rows.size() > 1) {
                throw MigrationStateError(fmt::format(
                    "{} has {} rows; golang-migrate keeps exactly one (the current version)",
                    out.table, rows.size()));
            }
            if (rows.empty()) break;  // golang-migrate's nil version: nothing applied
            out.current = text_or(rows[0][0]);
            if (text_or(rows[0][1]) == "dirty") {
                throw MigrationStateError(fmt::format(
                    "golang-migrate's {} says version {} is dirty: that migration failed part "
                    "way and the database is in a state no migration describes. Fix the database "
                    "by hand, then run `migrate force {}` if the migration is now complete (or "
                    "force the version before it), and import again. Nothing was recorded",
                    out.table, out.current, out.current));
            }
            break;
        }
        case ImportTool::goose: {
            // The newest row of a version says whether it is applied; version 0 is goose's own.
            std::map<std::string, ToolApplied, VersionLess> state;
            std::map<std::string, bool, VersionLess> applied;
            for (auto& r : text_rows(conn,
                                     "SELECT CAST(version_id AS TEXT), CASE WHEN is_applied THEN "
                                     "'1' ELSE '0' END, CAST(tstamp AS TEXT) FROM " +
                                         table + " ORDER BY id",
                                     3)) {
                const auto version = text_or(r[0]);
                if (compare_versions(version, "0") == 0) continue;
                applied[version] = text_or(r[1]) == "1";
                state[version] = {version, text_or(r[2]), {}};
            }
            for (auto& [version, row] : state) {
                if (applied[version]) out.applied.push_back(row);
            }
            break;
        }
        case ImportTool::flyway: {
            std::map<std::string, ToolApplied, VersionLess> state;
            std::vector<std::string> repeatables;
            for (auto& r : text_rows(
                     conn,
                     "SELECT CAST(installed_rank AS TEXT), version, description, type, "
                     "CAST(installed_on AS TEXT), installed_by, CASE WHEN success THEN '1' ELSE "
                     "'0' END FROM " +
                         table + " ORDER BY installed_rank",
                     7)) {
                const auto type = text_or(r[3]);
                const auto description = text_or(r[2]);
                if (type == "SCHEMA") continue;  // Flyway created the schema: not a migration
                if (text_or(r[6]) != "1") {
                    throw MigrationStateError(fmt::format(
                        "{} records a failed migration (version {}, \"{}\", installed_rank {}): "
                        "fix the database, run `flyway repair`, and import again. Nothing was "
                        "recorded",
                        out.table, text_or(r[1], "(repeatable)"), description, text_or(r[0])));
                }
                if (!r[1]) {
                    if (std::find(repeatables.begin(), repeatables.end(), description) ==
                        repeatables.end()) {
                        repeatables.push_back(description);
                        out.notes.push_back(
                            {{},
                             0,
                             fmt::format("repeatable migration \"{}\" in {}: not recorded (strata "
                                         "has no repeatable migrations)",
                                         description, out.table)});
                    }
                    continue;
                }
                const auto version = *r[1];
                if (type.starts_with("UNDO") || type == "DELETE") {
                    state.erase(version);
                } else if (type == "BASELINE") {
                    out.current = version;
                } else {
                    state[version] = {version, text_or(r[4]),
                                      fmt::format("\"{}\" by {}", description, text_or(r[5]))};
                }
            }
            for (auto& [version, row] : state) out.applied.push_back(row);
            break;
        }
        case ImportTool::sqlx: {
            for (auto& r : text_rows(conn,
                                     "SELECT CAST(version AS TEXT), description, CAST(installed_on "
                                     "AS TEXT), CASE WHEN success THEN '1' ELSE '0' END FROM " +
                                         table + " ORDER BY version",
                                     4)) {
                if (text_or(r[3]) != "1") {
                    throw MigrationStateError(fmt::format(
                        "{} records migration {} (\"{}\") as failed part way (dirty): fix the "
                        "database and its row, then import again. Nothing was recorded",
                        out.table, text_or(r[0]), text_or(r[1])));
                }
                out.applied.push_back({text_or(r[0]), text_or(r[2]), "\"" + text_or(r[1]) + "\""});
            }
            break;
        }
        case ImportTool::alembic: {
            std::vector<std::string> heads;
            for (auto& r : text_rows(conn, "SELECT version_num FROM " + table, 1)) {
                heads.push_back(text_or(r[0]));
            }
            if (heads.empty()) {
                throw MigrationStateError(fmt::format(
                    "{} is empty: alembic says nothing is applied, so there is no baseline to "
                    "record",
                    out.table));
            }
            std::sort(heads.begin(), heads.end());
            out.current = fmt::format("{}", fmt::join(heads, ", "));
            break;
        }
    }
    std::sort(out.applied.begin(), out.applied.end(),
              [](const ToolApplied& a, const ToolApplied& b) {
                  return compare_versions(a.version, b.version) < 0;
              });
    return out;
}

}  // namespace strata::migrate
