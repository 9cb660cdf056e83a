// Status: how the migration files and a database's history relate, migration by migration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "strata/migrate/history.hpp"
#include "strata/migrate/migration_set.hpp"

namespace strata::migrate {

enum class State {
    applied,       ///< recorded, file present, checksum equal
    pending,       ///< file present, not recorded
    out_of_order,  ///< pending, but older than the newest applied version (after a branch merge)
    edited,        ///< recorded, but the file changed since (checksum differs)
    missing,       ///< recorded, but the file is gone
    partial,       ///< a non-transactional migration whose up or down stopped half way
};

[[nodiscard]] std::string_view to_string(State s);

struct StatusEntry {
    std::string version;
    std::string name;
    State state = State::pending;
    std::optional<Migration> file;            ///< empty when the file is missing
    std::optional<AppliedMigration> applied;  ///< set when recorded
};

/// Thread-safety: a value type.
struct StatusReport {
    std::vector<StatusEntry> entries;  ///< ordered by version

    [[nodiscard]] std::size_t count(State s) const;
    /// Nothing pending, edited, missing or partial.
    [[nodiscard]] bool clean() const;
    /// The applied version with the highest apply order, if any.
    [[nodiscard]] std::optional<std::string> current() const;
};

/// Compares files with history rows.
[[nodiscard]] StatusReport compute_status(const MigrationSet& files,
                                          const std::vector<AppliedMigration>& applied);

}  // namespace strata::migrate
