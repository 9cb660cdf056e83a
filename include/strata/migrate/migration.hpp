// Migration: one migration file parsed into its sections, directives and checksum.
#pragma once

#include <compare>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::migrate {

/// One executable statement of a section, with where it sits in the file.
struct MigrationStatement {
    std::string sql;
    int line = 0;    ///< 1-based line in the file
    int column = 0;  ///< 1-based column in the file
};

/// The parsed content of `db/migrations/<version>_<name>.sql`:
///
///     -- Adds user preferences. (free-text header comment, shown by `strata history`)
///     -- migrate:no-transaction          (optional; for CREATE INDEX CONCURRENTLY and friends)
///     -- migrate:up
///     CREATE TABLE ...;
///     -- migrate:down
///     DROP TABLE ...;
///
/// Thread-safety: a value type.
struct Migration {
    std::string version;  ///< "20260411093000", "20260411_0001", "42" or "1.2.3"
    std::string name;     ///< the slug after the version: "add_user_preferences"
    std::filesystem::path path;
    std::string checksum;     ///< SHA-256 hex of the content, BOM stripped and CRLF -> LF
    std::string description;  ///< the header comment, comment markers removed
    bool transactional = true;
    std::string up_sql;  ///< the up section as written
    /// The down section as written; empty (or comments only) is a deliberate no-op down.
    /// nullopt: the file has no `-- migrate:down` marker, the migration is irreversible.
    std::optional<std::string> down_sql;
    int up_line = 0;    ///< line of the first line after `-- migrate:up`
    int down_line = 0;  ///< line of the first line after `-- migrate:down` (0: no down section)

    [[nodiscard]] std::string id() const { return version + "_" + name; }
};

/// SHA-256 hex digest of content with a UTF-8 BOM removed and CRLF/CR normalised to LF, so that
/// changing only line endings is not an edit.
[[nodiscard]] std::string migration_checksum(std::string_view content);

/// Splits a file name "<version>_<name>.sql" into version and name; nullopt if it is not one.
/// Versions: strata's own 14 digits (YYYYMMDDHHMMSS) or 8 digits, '_', 4 digits
/// (YYYYMMDD_NNNN), and the versions other tools use: any integer ("1", "00042") and dotted
/// integers ("1.2.3", Flyway). The version ends at the first '_' (after YYYYMMDD_NNNN's own).
struct VersionedName {
    std::string version;
    std::string name;
};
[[nodiscard]] std::optional<VersionedName> parse_file_name(std::string_view file_name);

/// Whether text is a version parse_file_name() accepts.
[[nodiscard]] bool is_version(std::string_view text);

/// Orders versions numerically, part by part ("2" < "10", "1.2" < "1.10", "001" == "1"), so the
/// integer versions of other tools sort as those tools sort them. Among strata's own formats the
/// order is unchanged: timestamps by time, and YYYYMMDD_NNNN after every timestamp of its day.
/// Versions that compare equal are the same migration (a duplicate in one directory).
[[nodiscard]] std::strong_ordering compare_versions(std::string_view a, std::string_view b);

/// compare_versions as a less-than, for sorting and ordered containers.
struct VersionLess {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const {
        return compare_versions(a, b) < 0;
    }
};

/// The bytes of the file at path, as they are, read with one allocation of the file's size.
/// Throws MigrationFileError naming the file when it cannot be read.
[[nodiscard]] std::string read_source_file(const std::filesystem::path& path);

/// Parses the text of a migration (sections and directives only; statements are split later by
/// the backend-specific splitter). Throws MigrationFileError naming path:line.
[[nodiscard]] Migration parse_migration(const std::filesystem::path& path,
                                        std::string_view content);

}  // namespace strata::migrate
