// The managed local PostgreSQL as the embedded default of Database::open() (opt in, per program).
#pragma once

#include <filesystem>
#include <string_view>

#include "strata/session/embedded_default.hpp"

namespace strata::cluster {

/// Starts (if not running) the LocalCluster in <project_dir>/.strata (empty: the current
/// directory) and returns its "postgres" database. One LocalCluster object per directory per
/// process. Checks nothing about the environment: reach it through Database (see below).
[[nodiscard]] session::EmbeddedDatabase managed_local_database(
    std::string_view name, const std::filesystem::path& project_dir);

/// Makes managed_local_database the process's embedded default: a Database with no URL then
/// uses the project's managed local PostgreSQL, outside production (session::
/// set_embedded_default). For development programs (the CLI, `make demo`, examples); a service
/// that never calls this cannot start a local cluster at all.
void install_embedded_default();

}  // namespace strata::cluster
