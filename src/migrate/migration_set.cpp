// Loading a migrations directory into an ordered, validated MigrationSet.
#include "strata/migrate/migration_set.hpp"

#include <algorithm>
#include <system_error>

#include "strata/migrate/errors.hpp"

namespace strata::migrate {

namespace fs = std::filesystem;

MigrationSet MigrationSet::load(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        throw MigrationFileError(dir, 0,
                                 "the migrations directory does not exist (run `strata init`, or "
                                 "set [migrations] dir in strata.toml)");
    }
    if (!fs::is_directory(dir, ec)) throw MigrationFileError(dir, 0, "not a directory");
    MigrationSet set;
    fs::directory_iterator it(dir, ec);
    if (ec) throw MigrationFileError(dir, 0, "cannot list the directory: " + ec.message());
    for (const auto& entry : it) {
        const auto file = entry.path().filename().string();
        if (file.empty() || file.front() == '.' || entry.path().extension() != ".sql") continue;
        if (!entry.is_regular_file(ec)) {
            throw MigrationFileError(entry.path(), 0,
                                     "cannot read the file: not a regular file (a dangling link?)");
        }
        set.migrations_.push_back(load_migration(entry.path()));
    }
    std::sort(set.migrations_.begin(), set.migrations_.end(),
              [](const Migration& a, const Migration& b) {
                  return compare_versions(a.version, b.version) < 0;
              });
    for (std::size_t i = 1; i < set.migrations_.size(); ++i) {
        if (compare_versions(set.migrations_[i].version, set.migrations_[i - 1].version) == 0) {
            throw MigrationFileError(set.migrations_[i].path, 0,
                                     "duplicate version " + set.migrations_[i].version +
                                         " (the same version as " +
                                         set.migrations_[i - 1].path.filename().string() + ")");
        }
    }
    return set;
}

const Migration* MigrationSet::find(std::string_view version) const {
    auto it = std::lower_bound(
        migrations_.begin(), migrations_.end(), version,
        [](const Migration& m, std::string_view v) { return compare_versions(m.version, v) < 0; });
    if (it == migrations_.end() || compare_versions(it->version, version) != 0) return nullptr;
    return &*it;
}

std::string MigrationSet::fingerprint() const {
    std::string all;
    for (const auto& m : migrations_) {
        all += m.version;
        all += '\0';
        all += m.name;
        all += '\0';
        all += m.checksum;
        all += '\n';
    }
    return migration_checksum(all);
}

}  // namespace strata::migrate
