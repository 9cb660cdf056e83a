// Importing other tools' migrations: dbmate, golang-migrate, goose, Flyway and sqlx files, and
// their history tables (plus Alembic's for a baseline), into strata's files and history.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "strata/migrate/migrator.hpp"

namespace strata::migrate {

/// The tools strata imports from.
enum class ImportTool : std::uint8_t { dbmate, golang_migrate, goose, flyway, sqlx, alembic };

/// "dbmate", "golang-migrate" (also "migrate"), "goose", "flyway", "sqlx", "alembic".
/// Throws UsageError naming the known tools for anything else.
[[nodiscard]] ImportTool parse_import_tool(std::string_view name);
[[nodiscard]] std::string_view to_string(ImportTool tool);

/// Something of the source the import did not carry over or had to change, and why: shown to
/// the user, never silently dropped.
struct ImportNote {
    std::filesystem::path path;  ///< the source file; empty for the import as a whole
    int line = 0;                ///< 1-based; 0 for the whole file
    std::string message;

    /// "path:line: message" (the parts that are set).
    [[nodiscard]] std::string to_string() const;
};

/// One strata migration file an import writes.
struct ImportedMigration {
    std::string version;    ///< exactly the tool's version ("00042", "1.2", "20240101120000")
    std::string file_name;  ///< "<version>_<name>.sql"
    std::string content;    ///< the whole strata file
    std::vector<std::filesystem::path> sources;  ///< the tool's files it was made from
    bool transactional = true;
};

/// The result of converting a tool's migration directory; nothing is written yet.
struct FileImport {
    ImportTool tool = ImportTool::dbmate;
    std::vector<ImportedMigration> migrations;  ///< in version order
    std::vector<ImportNote> notes;
};

/// Reads source_dir in tool's format and converts every migration to a strata file (versions
/// kept exactly; each tool's no-transaction marker mapped; an exact BEGIN/COMMIT wrapper
/// dropped, since strata's own transaction is the same thing). Reads only. Throws
/// MigrationFileError naming file and line for a malformed file, a version used twice, an
/// orphan down/undo file or a missing directory; UsageError for alembic (no files to import).
[[nodiscard]] FileImport convert_migrations(ImportTool tool,
                                            const std::filesystem::path& source_dir);

/// Writes the converted files into target_dir (created if missing). All or nothing: refuses,
/// writing nothing, when a target file exists or a version is already used by another file
/// there (MigrationFileError naming both).
void write_migrations(const FileImport& import, const std::filesystem::path& target_dir);

/// One migration a tool's history table says is applied.
struct ToolApplied {
    std::string version;     ///< as the tool recorded it ("1", "00042", "1.2")
    std::string applied_at;  ///< as the tool recorded it, when it records one (free text)
    std::string detail;      ///< e.g. Flyway's description, installed_by
};

/// The applied set of a tool's history table.
struct ToolHistory {
    std::string table;  ///< where it was read from, e.g. "public.goose_db_version"
    std::vector<ToolApplied> applied;
    /// golang-migrate: every version up to this one is applied (its table keeps only the
    /// last); Alembic: the current revision(s). Empty otherwise.
    std::string current;
    std::vector<ImportNote> notes;
};

/// Reads tool's history table on conn (PostgreSQL or SQLite): dbmate's and golang-migrate's
/// schema_migrations, goose_db_version, flyway_schema_history, _sqlx_migrations,
/// alembic_version. schema (PostgreSQL) is where to look; empty = the search path. Throws
/// MigrationStateError when the table is missing, when golang-migrate's state is dirty, or
/// when Flyway or sqlx recorded a failed migration: strata would otherwise call a half-applied
/// database clean.
[[nodiscard]] ToolHistory read_tool_history(driver::Connection& conn, ImportTool tool,
                                            const std::string& schema = {});

/// What adopt_history() recorded.
struct AdoptSummary {
    std::string source;                ///< "goose (public.goose_db_version)"
    std::vector<std::string> adopted;  ///< versions recorded now, in version order
    std::vector<std::string> already;  ///< versions strata's history had already
    std::vector<ImportNote> notes;     ///< tool rows that could not be recorded, and why
};

struct AdoptOptions {
    std::string schema;  ///< where the tool's table is (PostgreSQL); empty = the search path
    /// Alembic only: the strata migration that stands for the database's current revision;
    /// it and every older file are recorded. Empty = every migration file.
    std::string baseline;
};

/// Reads tool's history table in the database of options.url and records every migration it
/// says is applied, and that has a file in options.migrations_dir (matched by version:
/// goose's 1 is file 00001), in strata's history without running it: event "adopt", detail
/// naming the source. Under the migration lock, in one transaction; versions strata has
/// recorded already are left alone, so running it again is harmless. Throws what
/// read_tool_history() throws, and MigrationStateError when the tool's current version has
/// no file (golang-migrate, Alembic baseline) — nothing is recorded then.
AdoptSummary adopt_history(const MigratorOptions& options, ImportTool tool,
                           const AdoptOptions& adopt = {});

}  // namespace strata::migrate
