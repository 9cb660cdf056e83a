// The embedded default: with no URL configured, the project-local managed PostgreSQL.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace strata::session {

/// Starts (if not running) the LocalCluster in <project_dir>/.strata (empty: the current
/// directory) and returns the URL of its "postgres" database, logging one info line that says
/// so for database `name`. One LocalCluster object per directory per process.
[[nodiscard]] std::string embedded_default_url(std::string_view name,
                                               const std::filesystem::path& project_dir);

}  // namespace strata::session
