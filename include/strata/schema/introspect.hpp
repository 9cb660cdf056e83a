// Introspection: read a live database's catalog (PostgreSQL pg_catalog, SQLite pragmas) into a
// Catalog.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::schema {

/// What to read. Patterns are SQL LIKE-style globs over schema names: `*` any run, `?` one char.
struct IntrospectOptions {
    /// Schemas to read; empty = every schema not excluded.
    std::vector<std::string> include_schemas;
    /// Schemas never read, on top of the system schemas (pg_catalog, information_schema,
    /// pg_toast*, pg_temp_*), which are always excluded.
    std::vector<std::string> exclude_schemas;
    /// Read owners and grants too (off by default: they differ between environments).
    bool ownership = false;
    /// The migration history table; it and "<table>_events" become Catalog::history_tables
    /// and their rows Catalog::history instead of ordinary tables. Empty = no history handling.
    std::string history_table = "strata_migrations";
    /// When a non-empty include/exclude selection matches no schema at all, throw UsageError
    /// (a typo in a filter should not produce an empty dump).
    bool require_match = true;
};

/// True when name matches the glob (`*`, `?`). Thread-safety: pure function.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view name);

/// Reads the catalog of the database behind conn (either backend). PostgreSQL: a fixed handful of
/// set-based queries over pg_catalog, whatever the number of tables; extension-owned objects are
/// skipped. SQLite: sqlite_schema and the table_xinfo/index_list/index_xinfo/foreign_key_list
/// pragmas; schema filters do not apply (one schema, "main"). Throws strata::Error subclasses.
/// Thread-safety: uses conn, which must not be shared meanwhile.
[[nodiscard]] Catalog introspect(driver::Connection& conn, const IntrospectOptions& options = {});

/// Opens url, introspects, closes. Throws ConnectionError when the server does not answer.
[[nodiscard]] Catalog introspect(std::string_view url, const IntrospectOptions& options = {});

[[nodiscard]] Catalog introspect_postgres(driver::Connection& conn,
                                          const IntrospectOptions& options);
[[nodiscard]] Catalog introspect_sqlite(driver::Connection& conn, const IntrospectOptions& options);

}  // namespace strata::schema
