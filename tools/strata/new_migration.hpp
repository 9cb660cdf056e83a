// Creating migration files: slugs and versions (timestamp or date + per-day counter).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "strata/core/settings.hpp"

namespace strata::cli {

/// "Add user preferences!" -> "add_user_preferences". Throws UsageError when nothing is left.
[[nodiscard]] std::string slug(std::string_view message);

/// The next version for dir at time now: YYYYMMDDHHMMSS (UTC), or YYYYMMDD_NNNN with NNNN one
/// past the highest counter of that day in dir.
[[nodiscard]] std::string next_version(const std::filesystem::path& dir, VersionFormat format,
                                       std::chrono::system_clock::time_point now);

/// The statements a new migration starts with (a template's); empty: a blank file.
struct MigrationBody {
    std::string up;
    std::string down;
};

/// Writes `<dir>/<version>_<slug>.sql` with up and down markers (and body under them); refuses a
/// duplicate version and never overwrites. Returns the path.
std::filesystem::path create_migration_file(const std::filesystem::path& dir,
                                            std::string_view message, VersionFormat format,
                                            std::chrono::system_clock::time_point now,
                                            bool no_transaction, const MigrationBody& body = {});

}  // namespace strata::cli
