// Private: what the per-tool importers share (reading, SQL section preparation, composing the
// strata file, ordering) and the per-tool converters.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/migrate/import.hpp"

namespace strata::migrate::import_detail {

namespace fs = std::filesystem;

/// The file's text with a UTF-8 BOM removed and CRLF/CR turned into LF. Throws
/// MigrationFileError when it cannot be read.
[[nodiscard]] std::string read_source(const fs::path& path);

/// The regular, non-hidden files of dir (recursively when asked), sorted by path. Throws
/// MigrationFileError for a missing directory or a file that is not readable.
[[nodiscard]] std::vector<fs::path> list_sources(const fs::path& dir, bool recursive);

/// True when sql holds nothing but whitespace and `--` / `/* */` comments.
[[nodiscard]] bool only_comments(std::string_view sql);

/// A file name part made of letters, digits, '_' and '-' (others become '_'); fallback when
/// nothing is left.
[[nodiscard]] std::string slug(std::string_view name, std::string_view fallback);

/// Whether a line of SQL would read as a strata directive ("-- migrate:...").
[[nodiscard]] bool looks_like_directive(std::string_view line);

/// One direction of a migration, ready for the strata file.
struct Section {
    std::string sql;            ///< the statements (original text; a dropped wrapper commented)
    bool transactional = true;  ///< false: it must run outside a transaction
    std::string why_not;        ///< why not, for the note
};

/// How to treat one direction's SQL.
struct SectionRules {
    /// Drop an exact leading BEGIN / START TRANSACTION and trailing COMMIT / END.
    bool drop_wrapper = true;
    /// Tools that run such files outside a transaction on their own (golang-migrate, Flyway):
    /// a statement PostgreSQL refuses in a transaction block, or transaction control left
    /// after the wrapper, makes the section non-transactional.
    bool detect_no_transaction = false;
};

/// Prepares sql, whose first line is line first_line of path (for messages and notes).
/// Refuses a line that would read as a strata directive. Adds notes for what it changed.
[[nodiscard]] Section prepare_section(std::string_view sql, const fs::path& path, int first_line,
                                      const SectionRules& rules, std::vector<ImportNote>& notes);

/// The text of a strata migration file.
struct Composed {
    std::vector<std::string> header;  ///< comment lines (without "-- ")
    bool transactional = true;
    std::string up;
    std::optional<std::string> down;  ///< nullopt: no down section at all
};
[[nodiscard]] std::string compose(const Composed& parts);

/// Builds the migration, checking that "<version>_<name>.sql" reads back as this version.
/// A comment-only up gets a no-op statement (strata needs one to record the version), noted.
[[nodiscard]] ImportedMigration make_migration(ImportTool tool, const std::string& version,
                                               const std::string& name, Composed parts,
                                               std::vector<fs::path> sources,
                                               std::vector<ImportNote>& notes);

/// Sorts by version and refuses two migrations with the same version (naming both files).
void order_and_check(std::vector<ImportedMigration>& migrations);

/// The leading digits (and dots when dotted) of text, or empty.
[[nodiscard]] std::string_view leading_version(std::string_view text, bool dotted);

/// The path relative to base, for notes and headers.
[[nodiscard]] std::string relative_name(const fs::path& path, const fs::path& base);

FileImport convert_dbmate(const fs::path& dir);
FileImport convert_golang_migrate(const fs::path& dir);
FileImport convert_goose(const fs::path& dir);
FileImport convert_flyway(const fs::path& dir);
FileImport convert_sqlx(const fs::path& dir);

}  // namespace strata::migrate::import_detail
