// Migration: one migration file parsed into its sections, directives and checksum.
#pragma once

#include <compare>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::migrate {

/// One executable statement of a section, with where it sits in the file.
struct MigrationStatement {
    /// The statement's text: a view into its Migration::source (or whatever text the section
    /// views), valid while the migration (or a copy of it) lives.
    std::string_view sql;
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
/// The file's text is held once, in source, shared by every copy of the migration: the sections
/// are views into it, so a copy (a status entry's, the lint's) costs a few short strings,
/// whatever the file's size.
///
/// Thread-safety: a value type (copies share the immutable text).
struct Migration {
    std::string version;  ///< "20260411093000", "20260411_0001", "42" or "1.2.3"
    std::string name;     ///< the slug after the version: "add_user_preferences"
    std::filesystem::path path;
    std::string checksum;     ///< SHA-256 hex of the content, BOM stripped and CRLF -> LF
    std::string description;  ///< the header comment, comment markers removed
    bool transactional = true;
    /// The file's text with a byte-order mark removed and CRLF/CR as LF, which up_sql and
    /// down_sql view into (null for a migration built by hand around text of its own).
    std::shared_ptr<const std::string> source;
    /// The up section as written: the lines from up_line up to the `-- migrate:down` marker
    /// (or the end), a view into source. Its line k is line up_line + k - 1 of the file.
    std::string_view up_sql;
    /// The down section as written (a view into source, starting at line down_line); empty (or
    /// comments only) is a deliberate no-op down.
    /// nullopt: the file has no `-- migrate:down` marker, the migration is irreversible.
    std::optional<std::string_view> down_sql;
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
/// the backend-specific splitter). Throws MigrationFileError naming path:line. The migration
/// keeps content (normalised) in a buffer of its own.
[[nodiscard]] Migration parse_migration(const std::filesystem::path& path,
                                        std::string_view content);

/// The same for content shared with the caller: the migration keeps content itself as its
/// source when it needs no normalising (no byte-order mark, no CR), so a file read once is held
/// once, and a normalised copy otherwise.
[[nodiscard]] Migration parse_migration(const std::filesystem::path& path,
                                        std::shared_ptr<const std::string> content);

/// Reads the file at path and parses it: parse_migration(path, read_source_file(path)) without
/// a second copy of the text.
[[nodiscard]] Migration load_migration(const std::filesystem::path& path);

}  // namespace strata::migrate
