// The embedded-default hook: what Database::open() uses when no URL is configured, if anything.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace strata::session {

/// The database an embedded default provides.
struct EmbeddedDatabase {
    /// The URL to connect to (its password, if any, is registered as a secret).
    std::string url;
    /// What it is, for the one log line saying it is used, e.g. "the managed local PostgreSQL
    /// in /srv/app/.strata (socket /srv/app/.strata)".
    std::string description;
};

/// Provides a database for database `name` of the project in project_dir (empty: the current
/// directory) when no URL is configured. Called at most once per Database, on first use.
using EmbeddedDefault = std::function<EmbeddedDatabase(std::string_view name,
                                                       const std::filesystem::path& project_dir)>;

/// Installs the process's embedded default (an empty function removes it) and returns the one
/// installed before. Without one (the default: a service linking only strata::session), a
/// Database with no URL fails on first use with a ConfigError saying where a URL was looked
/// for; nothing is started. strata::cluster::install_embedded_default() installs the managed
/// local PostgreSQL (the CLI, `make demo`, development programs). Either way the environment is
/// checked first: in production (STRATA_ENV=production, `environment = "production"`) no hook
/// is called. Thread-safe.
EmbeddedDefault set_embedded_default(EmbeddedDefault hook);

/// True when an embedded default is installed.
[[nodiscard]] bool has_embedded_default();

}  // namespace strata::session
