// The embedded default: with no URL configured, the project-local managed PostgreSQL.
#pragma once

#include <string>
#include <string_view>

namespace strata::session {

/// Starts (once per process, if not running) the LocalCluster in ./.strata and returns the URL
/// of its "postgres" database, logging one info line that says so for database `name`.
[[nodiscard]] std::string embedded_default_url(std::string_view name);

}  // namespace strata::session
