// Dump: a deterministic, dependency-ordered SQL script of a Catalog, and the --check comparison.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "strata/driver/connection.hpp"
#include "strata/schema/catalog.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::schema {

struct DumpOptions {
    /// ALTER ... OWNER TO and GRANT statements (the catalog must be read with ownership).
    bool ownership = false;
    /// End with the history tables and INSERTs of the applied migrations.
    bool history = true;
};

/// The script for cat: the same catalog always renders byte-identical text. PostgreSQL order:
/// schemas, extensions, types, sequences, functions, tables (constraints but foreign keys),
/// sequence ownership, indexes, foreign keys and NOT VALID checks, views in dependency order,
/// triggers, row-level security and policies, comments, ownership/grants, history tail.
/// SQLite catalogs render tables, indexes, views and triggers. Thread-safety: pure function.
[[nodiscard]] std::string render_dump(const Catalog& cat, const DumpOptions& options = {});

/// Introspects conn and renders the script.
[[nodiscard]] std::string dump(driver::Connection& conn, const IntrospectOptions& introspect = {},
                               const DumpOptions& options = {});

/// Writes dump(conn) to path (parent directories created), atomically via a temporary file.
/// For `strata up --dump`. Throws UsageError naming the path when it cannot be written.
void write_dump(driver::Connection& conn, const std::filesystem::path& path,
                const IntrospectOptions& introspect = {}, const DumpOptions& options = {});

/// nullopt when the file at path equals dump(conn); otherwise a unified-style diff from the
/// file (---) to the database (+++). A missing file is stale (its whole content differs).
[[nodiscard]] std::optional<std::string> check_dump(driver::Connection& conn,
                                                    const std::filesystem::path& path,
                                                    const IntrospectOptions& introspect = {},
                                                    const DumpOptions& options = {});

/// A unified diff of two texts by lines with 3 lines of context; empty when equal.
/// Thread-safety: pure function.
[[nodiscard]] std::string unified_diff(std::string_view from, std::string_view to,
                                       std::string_view from_name, std::string_view to_name);

}  // namespace strata::schema
