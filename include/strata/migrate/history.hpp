// History: the applied-migrations table and the append-only events table of one database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/core/timestamptz.hpp"
#include "strata/driver/connection.hpp"

namespace strata::migrate {

/// One row of the history table.
struct AppliedMigration {
    std::string version;
    std::string name;
    std::string checksum;
    std::string description;
    Timestamptz applied_at;
    std::int64_t execution_ms = 0;
    std::string applied_by;
    std::int64_t apply_order = 0;
    std::string tool_version;
    bool transactional = true;
    /// For a non-transactional migration: statements completed and in total. complete is false
    /// while it is half way (a failure stopped it).
    std::int32_t statements_done = 0;
    std::int32_t statements_total = 0;
    bool complete = true;
    /// For a non-transactional migration whose down stopped half way: down statements completed
    /// and in its down section. 0 while no down has started; the row stays until the down ends.
    std::int32_t down_done = 0;
    std::int32_t down_total = 0;

    /// A down stopped half way through this migration (`strata down` resumes it).
    [[nodiscard]] bool reverting() const { return down_done > 0; }
};

/// One row of the events table: every up, down, baseline and repair, with who and when.
struct MigrationEvent {
    std::int64_t id = 0;
    Timestamptz at;
    std::string action;  ///< "up", "down", "baseline", "repair", "partial"
    std::string version;
    std::string name;
    std::string checksum;
    std::string actor;
    std::string detail;
};

/// Where the history lives. The schema is resolved once (current_schema() when empty) and every
/// statement names it, so a `SET search_path` inside a migration cannot move the history.
struct HistoryLocation {
    std::string schema;  ///< PostgreSQL only; empty = first schema of the search path
    std::string table = "strata_migrations";
};

/// SQL over the history tables on one connection. Not thread-safe (like the connection).
class History {
public:
    History(driver::Connection& conn, const HistoryLocation& where);

    /// CREATE ... IF NOT EXISTS for both tables (idempotent). A history table of an older strata
    /// gains the columns it lacks (down_done, down_total), so existing databases keep working.
    void ensure();
    /// The DDL ensure() runs, for --sql output.
    [[nodiscard]] std::vector<std::string> ensure_sql() const;
    [[nodiscard]] bool exists();
    /// Every applied row ordered by apply_order.
    [[nodiscard]] std::vector<AppliedMigration> applied();
    [[nodiscard]] std::vector<MigrationEvent> events();
    [[nodiscard]] std::int64_t next_apply_order();

    void insert(const AppliedMigration& row);
    /// insert() and log_event() as statements for one pipelined round trip; the row's
    /// apply_order is computed by the server (MAX + 1) so no read is needed first.
    /// With server_elapsed (PostgreSQL), execution_ms is computed by the server as the time since
    /// the transaction began, for a migration sent in the same pipeline as its BEGIN.
    [[nodiscard]] driver::Statement insert_statement(const AppliedMigration& row,
                                                     bool server_elapsed = false) const;
    [[nodiscard]] driver::Statement event_statement(const MigrationEvent& event) const;
    void update_progress(const std::string& version, std::int32_t done, bool complete,
                         std::int64_t execution_ms);
    /// Records that down statements 1..done of total ran (a non-transactional down).
    void update_down_progress(const std::string& version, std::int32_t done, std::int32_t total);
    void update_checksum(const std::string& version, const std::string& checksum);
    void remove(const std::string& version);
    void log_event(const MigrationEvent& event);

    /// Statements equivalent to insert()/log_event() with literal values, for --sql output.
    [[nodiscard]] std::string insert_sql(const AppliedMigration& row) const;
    [[nodiscard]] std::string remove_sql(const std::string& version) const;
    [[nodiscard]] std::string event_sql(const MigrationEvent& event) const;

    [[nodiscard]] const std::string& qualified_table() const { return table_; }
    [[nodiscard]] const std::string& qualified_events() const { return events_; }
    [[nodiscard]] const std::string& schema() const { return schema_; }

private:
    /// Whether the history table has the down progress columns (older strata made it without).
    bool has_down_columns();

    driver::Connection& conn_;
    bool pg_;
    bool create_schema_;  ///< only a configured schema is created; current_schema() exists
    std::string schema_;
    std::string table_;   ///< quoted, schema-qualified
    std::string events_;  ///< quoted, schema-qualified "<table>_events"
};

}  // namespace strata::migrate
