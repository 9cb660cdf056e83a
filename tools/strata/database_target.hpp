// Which database a command talks to, and where that choice came from.
#pragma once

#include <string>

#include "cli_context.hpp"

namespace strata::cli {

/// The database a command will use.
struct DatabaseTarget {
    std::string url;     ///< contains the password: print only through log::redact / DatabaseUrl
    std::string origin;  ///< "--url", "environment (DATABASE_URL)", ".env:3", "strata.toml:5", ...
    bool managed = false;  ///< the project's managed local PostgreSQL (embedded default)
};

/// Resolves the "main" database: --url > environment > .env > strata.toml; with none, the
/// managed local PostgreSQL, started when not running (one notice says so). Throws ConfigError
/// for malformed configuration and Error when the managed cluster cannot run.
[[nodiscard]] DatabaseTarget resolve_database(const Context& ctx, bool start_managed = true);

}  // namespace strata::cli
