// The history and events tables: DDL and row access for PostgreSQL and SQLite.
#include "strata/migrate/history.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"
#include "strata/sql/quote.hpp"

namespace strata::migrate {
namespace {

std::string sqlite_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

/// The columns added after the first release of the history table, with their DDL.
constexpr std::string_view kDownColumns[] = {"down_done", "down_total"};

constexpr std::string_view kColumns =
    "version, name, checksum, description, applied_at, execution_ms, applied_by, apply_order, "
    "tool_version, transactional, statements_done, statements_total, complete";

}  // namespace

History::History(driver::Connection& conn, const HistoryLocation& where)
    : conn_(conn),
      pg_(conn.backend() == driver::Backend::postgres),
      create_schema_(!where.schema.empty()) {
    if (pg_) {
        if (where.schema.empty()) {
            auto current =
                conn_.query("SELECT current_schema()").scalar<std::optional<std::string>>();
            if (!current) {
                throw UsageError(
                    "the search_path names no existing schema, so the migration history has no "
                    "home: set [migrations] schema in strata.toml or fix search_path");
            }
            schema_ = *current;
        } else {
            schema_ = where.schema;
        }
        // PostgreSQL cuts names to 63 bytes: a longer history table name would have its
        // "_events" suffix cut off, and the events table would collide with the history table.
        constexpr std::size_t kMaxName = 63;
        constexpr std::string_view kSuffix = "_events";
        if (where.table.size() + kSuffix.size() > kMaxName) {
            throw UsageError(fmt::format(
                "history table name \"{}\" is {} bytes: PostgreSQL truncates names to {} bytes, "
                "so its events table \"{}{}\" would be cut to \"{}\"{}; use a name of at most "
                "{} bytes ([migrations] table in strata.toml)",
                where.table, where.table.size(), kMaxName, where.table, kSuffix,
                (where.table + std::string(kSuffix)).substr(0, kMaxName),
                where.table.size() >= kMaxName ? ", the same name as the history table" : "",
                kMaxName - kSuffix.size()));
        }
        table_ = sql::quote_qualified(schema_, where.table);
        events_ = sql::quote_qualified(schema_, where.table + "_events");
    } else {
        table_ = quote_identifier(where.table);
        events_ = quote_identifier(where.table + "_events");
    }
}

std::vector<std::string> History::ensure_sql() const {
    std::vector<std::string> out;
    if (pg_) {
        if (create_schema_) {
            out.push_back(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", sql::quote_ident(schema_)));
        }
        out.push_back(
            fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    version text PRIMARY KEY,\n"
                        "    name text NOT NULL,\n"
                        "    checksum text NOT NULL,\n"
                        "    description text NOT NULL DEFAULT '',\n"
                        "    applied_at timestamptz NOT NULL DEFAULT now(),\n"
                        "    execution_ms bigint NOT NULL DEFAULT 0,\n"
                        "    applied_by text NOT NULL,\n"
                        "    apply_order bigint NOT NULL,\n"
                        "    tool_version text NOT NULL,\n"
                        "    transactional boolean NOT NULL DEFAULT true,\n"
                        "    statements_done integer NOT NULL DEFAULT 0,\n"
                        "    statements_total integer NOT NULL DEFAULT 0,\n"
                        "    complete boolean NOT NULL DEFAULT true,\n"
                        "    down_done integer NOT NULL DEFAULT 0,\n"
                        "    down_total integer NOT NULL DEFAULT 0\n"
                        ")",
                        table_));
        out.push_back(
            fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                        "    at timestamptz NOT NULL DEFAULT now(),\n"
                        "    action text NOT NULL,\n"
                        "    version text NOT NULL,\n"
                        "    name text NOT NULL DEFAULT '',\n"
                        "    checksum text NOT NULL DEFAULT '',\n"
                        "    actor text NOT NULL,\n"
                        "    detail text NOT NULL DEFAULT ''\n"
                        ")",
                        events_));
    } else {
        out.push_back(
            fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    version TEXT PRIMARY KEY,\n"
                        "    name TEXT NOT NULL,\n"
                        "    checksum TEXT NOT NULL,\n"
                        "    description TEXT NOT NULL DEFAULT '',\n"
                        "    applied_at TEXT NOT NULL,\n"
                        "    execution_ms INTEGER NOT NULL DEFAULT 0,\n"
                        "    applied_by TEXT NOT NULL,\n"
                        "    apply_order INTEGER NOT NULL,\n"
                        "    tool_version TEXT NOT NULL,\n"
                        "    transactional INTEGER NOT NULL DEFAULT 1,\n"
                        "    statements_done INTEGER NOT NULL DEFAULT 0,\n"
                        "    statements_total INTEGER NOT NULL DEFAULT 0,\n"
                        "    complete INTEGER NOT NULL DEFAULT 1,\n"
                        "    down_done INTEGER NOT NULL DEFAULT 0,\n"
                        "    down_total INTEGER NOT NULL DEFAULT 0\n"
                        ")",
                        table_));
        out.push_back(
            fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                        "    at TEXT NOT NULL,\n"
                        "    action TEXT NOT NULL,\n"
                        "    version TEXT NOT NULL,\n"
                        "    name TEXT NOT NULL DEFAULT '',\n"
                        "    checksum TEXT NOT NULL DEFAULT '',\n"
                        "    actor TEXT NOT NULL,\n"
                        "    detail TEXT NOT NULL DEFAULT ''\n"
                        ")",
                        events_));
    }
    return out;
}

void History::ensure() {
    // Checked first so that a database that has them already gets no "already exists" notices.
    if (!exists()) {
        for (const auto& ddl : ensure_sql()) conn_.execute_script(ddl);
        return;
    }
    // A history table made by an older strata: add what it lacks (a constant default, so
    // PostgreSQL changes only the catalog; existing rows read 0).
    if (has_down_columns()) return;
    for (auto column : kDownColumns) {
        conn_.execute_script(
            fmt::format("ALTER TABLE {} ADD COLUMN {} integer NOT NULL DEFAULT 0", table_, column));
    }
}

bool History::has_down_columns() {
    const std::int64_t found =
        pg_ ? conn_
                  .query(
                      "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass($1) "
                      "AND attname IN ('down_done', 'down_total') AND NOT attisdropped",
                      table_)
                  .scalar<std::int64_t>()
            : conn_
                  .query(
                      "SELECT count(*) FROM pragma_table_info($1) WHERE name IN "
                      "('down_done', 'down_total')",
                      table_.substr(1, table_.size() - 2))
                  .scalar<std::int64_t>();
    return found == static_cast<std::int64_t>(std::size(kDownColumns));
}

bool History::exists() {
    if (pg_) {
        return conn_.query("SELECT to_regclass($1) IS NOT NULL", table_).scalar<bool>();
    }
    auto name = table_.substr(1, table_.size() - 2);
    return conn_
               .query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1", name)
               .scalar<std::int64_t>() > 0;
}

std::vector<AppliedMigration> History::applied() {
    // A history table of an older strata (read-only runs do not upgrade it) has no down progress.
    auto result = conn_.query(fmt::format(
        "SELECT {}, {} FROM {} ORDER BY apply_order", kColumns,
        has_down_columns() ? "down_done, down_total" : "0 AS down_done, 0 AS down_total", table_));
    std::vector<AppliedMigration> out;
    out.reserve(result.size());
    for (auto row : result) {
        AppliedMigration m;
        m.version = row.get<std::string>(0);
        m.name = row.get<std::string>(1);
        m.checksum = row.get<std::string>(2);
        m.description = row.get<std::string>(3);
        m.applied_at = row.get<Timestamptz>(4);
        m.execution_ms = row.get<std::int64_t>(5);
        m.applied_by = row.get<std::string>(6);
        m.apply_order = row.get<std::int64_t>(7);
        m.tool_version = row.get<std::string>(8);
        m.transactional = row.get<bool>(9);
        m.statements_done = row.get<std::int32_t>(10);
        m.statements_total = row.get<std::int32_t>(11);
        m.complete = row.get<bool>(12);
        m.down_done = row.get<std::int32_t>(13);
        m.down_total = row.get<std::int32_t>(14);
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<MigrationEvent> History::events() {
    auto result = conn_.query(fmt::format(
        "SELECT id, at, action, version, name, checksum, actor, detail FROM {} ORDER BY id",
        events_));
    std::vector<MigrationEvent> out;
    for (auto row : result) {
        MigrationEvent e;
        e.id = row.get<std::int64_t>(0);
        e.at = row.get<Timestamptz>(1);
        e.action = row.get<std::string>(2);
        e.version = row.get<std::string>(3);
        e.name = row.get<std::string>(4);
        e.checksum = row.get<std::string>(5);
        e.actor = row.get<std::string>(6);
        e.detail = row.get<std::string>(7);
        out.push_back(std::move(e));
    }
    return out;
}

std::int64_t History::next_apply_order() {
    return conn_.query(fmt::format("SELECT COALESCE(MAX(apply_order), 0) + 1 FROM {}", table_))
        .scalar<std::int64_t>();
}

void History::insert(const AppliedMigration& r) {
    conn_.query(fmt::format("INSERT INTO {} ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                            "$11, $12, $13)",
                            table_, kColumns),
                r.version, r.name, r.checksum, r.description, r.applied_at, r.execution_ms,
                r.applied_by, r.apply_order, r.tool_version, r.transactional, r.statements_done,
                r.statements_total, r.complete);
}

driver::Statement History::insert_statement(const AppliedMigration& r, bool server_elapsed) const {
    driver::Statement st;
    // $6 stays bound (NULL) either way so the statement text and parameter count do not change.
    const bool by_server = server_elapsed && pg_;
    const std::string elapsed =
        by_server
            ? "COALESCE($6::bigint, (extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint)"
            : "$6";
    st.sql = fmt::format(
        "INSERT INTO {} ({}) SELECT $1, $2, $3, $4, $5, {}, $7, COALESCE(MAX(apply_order), 0) + 1, "
        "$8, $9, $10, $11, $12 FROM {}",
        table_, kColumns, elapsed, table_);
    st.params = {driver::to_value(r.version),          driver::to_value(r.name),
                 driver::to_value(r.checksum),         driver::to_value(r.description),
                 driver::to_value(r.applied_at),       driver::to_value(r.execution_ms),
                 driver::to_value(r.applied_by),       driver::to_value(r.tool_version),
                 driver::to_value(r.transactional),    driver::to_value(r.statements_done),
                 driver::to_value(r.statements_total), driver::to_value(r.complete)};
    if (by_server) st.params[5] = driver::Value(std::monostate{});
    return st;
}

driver::Statement History::event_statement(const MigrationEvent& e) const {
    driver::Statement st;
    st.sql = fmt::format(
        "INSERT INTO {} (at, action, version, name, checksum, actor, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        events_);
    st.params = {driver::to_value(e.at),       driver::to_value(e.action),
                 driver::to_value(e.version),  driver::to_value(e.name),
                 driver::to_value(e.checksum), driver::to_value(e.actor),
                 driver::to_value(e.detail)};
    return st;
}

void History::update_progress(const std::string& version, std::int32_t done, bool complete,
                              std::int64_t execution_ms) {
    conn_.query(fmt::format("UPDATE {} SET statements_done = $2, complete = $3, execution_ms = $4 "
                            "WHERE version = $1",
                            table_),
                version, done, complete, execution_ms);
}

void History::update_down_progress(const std::string& version, std::int32_t done,
                                   std::int32_t total) {
    conn_.query(
        fmt::format("UPDATE {} SET down_done = $2, down_total = $3 WHERE version = $1", table_),
        version, done, total);
}

void History::update_checksum(const std::string& version, const std::string& checksum) {
    conn_.query(fmt::format("UPDATE {} SET checksum = $2 WHERE version = $1", table_), version,
                checksum);
}

void History::remove(const std::string& version) {
    conn_.query(fmt::format("DELETE FROM {} WHERE version = $1", table_), version);
}

void History::log_event(const MigrationEvent& e) {
    conn_.query(fmt::format("INSERT INTO {} (at, action, version, name, checksum, actor, detail) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            events_),
                e.at, e.action, e.version, e.name, e.checksum, e.actor, e.detail);
}

std::string History::insert_sql(const AppliedMigration& r) const {
    auto lit = [this](std::string_view s) {
        return pg_ ? sql::quote_literal(s) : sqlite_literal(s);
    };
    const std::string at = pg_ ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    return fmt::format(
        "INSERT INTO {} ({}) VALUES ({}, {}, {}, {}, {}, {}, {}, (SELECT "
        "COALESCE(MAX(apply_order), "
        "0) + 1 FROM {}), {}, {}, {}, {}, {})",
        table_, kColumns, lit(r.version), lit(r.name), lit(r.checksum), lit(r.description), at,
        r.execution_ms, lit(r.applied_by), table_, lit(r.tool_version),
        pg_ ? (r.transactional ? "true" : "false") : (r.transactional ? "1" : "0"),
        r.statements_done, r.statements_total,
        pg_ ? (r.complete ? "true" : "false") : (r.complete ? "1" : "0"));
}

std::string History::remove_sql(const std::string& version) const {
    auto lit = pg_ ? sql::quote_literal(version) : sqlite_literal(version);
    return fmt::format("DELETE FROM {} WHERE version = {}", table_, lit);
}

std::string History::event_sql(const MigrationEvent& e) const {
    auto lit = [this](std::string_view s) {
        return pg_ ? sql::quote_literal(s) : sqlite_literal(s);
    };
    const std::string at = pg_ ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    return fmt::format(
        "INSERT INTO {} (at, action, version, name, checksum, actor, detail) VALUES ({}, {}, {}, "
        "{}, {}, {}, {})",
        events_, at, lit(e.action), lit(e.version), lit(e.name), lit(e.checksum), lit(e.actor),
        lit(e.detail));
}

}  // namespace strata::migrate
