// A plan written as migration files: one per stage that has changes, each undoing its own up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/autogen/plan.hpp"

namespace strata::autogen {

/// One migration file of a plan: the changes of one stage, as `strata new` writes it.
struct MigrationFile {
    Stage stage = Stage::main;
    /// Added to the description for the file name: "" (main), "prepare", "indexes", "validate".
    std::string suffix;
    /// The whole file: the description (one comment line per line), where it comes from, why
    /// the stage is apart, `-- migrate:no-transaction` for stages outside a transaction, the up
    /// (`SET LOCAL lock_timeout` first in a transaction, each statement that breaks a safety
    /// rule on purpose preceded by its `-- strata:ignore` lines) and the down.
    std::string text;
    bool operator==(const MigrationFile&) const = default;
};

/// The files of plan in run order: prepare (before), main, indexes (online), validate.
/// origin names the desired state in each header. Thread-safety: pure function.
[[nodiscard]] std::vector<MigrationFile> migration_files(const Plan& plan, std::string_view message,
                                                         std::string_view origin);

}  // namespace strata::autogen
