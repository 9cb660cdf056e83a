// Dump: a deterministic, dependency-ordered SQL script of a Catalog, and the --check comparison.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/schema/catalog.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::schema {

struct DumpOptions {
    /// ALTER ... OWNER TO and GRANT statements (the catalog must be read with ownership).
    bool ownership = false;
    /// End with the history tables and INSERTs of the applied migrations: versions, names and
    /// checksums in version order, without applied-at times, users, durations or tool versions,
    /// so databases with the same schema and applied set dump byte-identical text.
    bool history = true;
    /// Tables whose rows dump() appends as INSERTs ("schema.table", or "table" when one schema
    /// has it): `--data TABLE`, `[dump] data` in strata.toml.
    std::vector<std::string> data;
    /// Where data came from, to begin error messages ("--data", "strata.toml:7: [dump] data").
    std::string data_origin = "dump data";
};

/// The rows of one reference table, as text, in primary-key order (all columns when there is
/// no primary key). Generated columns are left out.
struct TableData {
    std::string table;  ///< "schema.table" unquoted, as Catalog::find_table takes it
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    bool operator==(const TableData&) const = default;
};

/// Reads the rows of each named table of cat from conn. Throws UsageError naming the table when
/// a name matches no table of cat (a view, a misspelling, a schema left out of the dump) or
/// matches tables in several schemas.
/// origin begins the message.
[[nodiscard]] std::vector<TableData> read_data(driver::Connection& conn, const Catalog& cat,
                                               const std::vector<std::string>& tables,
                                               std::string_view origin = "dump data");

/// The script for cat: the same catalog always renders byte-identical text. PostgreSQL order:
/// schemas, extensions, types, sequences, functions, tables (constraints but foreign keys),
/// sequence ownership, indexes, foreign keys and NOT VALID checks, views in dependency order,
/// triggers, row-level security and policies, comments, ownership/grants, the rows of `data`
/// (referenced tables first, one INSERT per table, then setval for their sequences), history
/// tail. SQLite catalogs render tables, indexes, views and triggers. Thread-safety: pure
/// function.
[[nodiscard]] std::string render_dump(const Catalog& cat, const DumpOptions& options = {},
                                      const std::vector<TableData>& data = {});

/// Introspects conn, reads the rows of options.data and renders the script.
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
