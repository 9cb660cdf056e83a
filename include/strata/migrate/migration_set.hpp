// MigrationSet: every migration file of a directory, parsed, validated and ordered by version.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "strata/migrate/migration.hpp"

namespace strata::migrate {

/// Thread-safety: a value type.
class MigrationSet {
public:
    /// Reads every `*.sql` file of dir. Throws MigrationFileError for a missing or unreadable
    /// directory, an unreadable file, a `.sql` file whose name is not `<version>_<name>.sql`,
    /// a malformed file, or two files with the same version (naming both). Hidden files and
    /// files not ending in .sql are ignored.
    static MigrationSet load(const std::filesystem::path& dir);

    [[nodiscard]] const std::vector<Migration>& migrations() const { return migrations_; }
    [[nodiscard]] const Migration* find(std::string_view version) const;
    [[nodiscard]] bool empty() const { return migrations_.empty(); }
    [[nodiscard]] std::size_t size() const { return migrations_.size(); }
    /// SHA-256 over every file's version, name and checksum: changes when any migration does.
    [[nodiscard]] std::string fingerprint() const;

private:
    std::vector<Migration> migrations_;
};

}  // namespace strata::migrate
