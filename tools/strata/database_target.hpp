// Which database a command talks to, and where that choice came from.
#pragma once

#include <string>

#include "cli_context.hpp"
#include "strata/core/settings.hpp"
#include "strata/driver/connection.hpp"

namespace strata::cli {

/// The database a command will use.
struct DatabaseTarget {
    std::string url;  ///< contains the password: print only through log::redact / DatabaseUrl
    std::string
        origin;  ///< "flag --url", "env DATABASE_URL", ".env:3", "strata.toml:5", "managed ..."
    bool managed = false;  ///< the project's managed local PostgreSQL (embedded default)
};

/// strata's configuration as the global flags select it (--url, --config, --env-file, project).
/// Throws ConfigError naming the variable or file:line of a malformed value.
[[nodiscard]] Settings load_settings(const Context& ctx);

/// Resolves the "main" database: --url > environment > .env > strata.toml; with none, the
/// managed local PostgreSQL, started when not running (one notice says so). Throws ConfigError
/// for malformed configuration and Error when the managed cluster cannot run.
[[nodiscard]] DatabaseTarget resolve_database(const Context& ctx, bool start_managed = true);

/// A connection for a command that only reads (dump, docs, diff): a SQLite file is opened
/// read-only, so a missing one is a ConnectionError naming it instead of a new empty file.
[[nodiscard]] driver::Connection open_read_only(const std::string& url);

}  // namespace strata::cli
