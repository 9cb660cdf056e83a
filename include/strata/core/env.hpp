// Environment variables: lookup sources and the names strata reads for a database.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace strata {

/// Looks up one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
/// An ordered name -> value map (transparent comparator, so string_view lookups work).
using EnvMap = std::map<std::string, std::string, std::less<>>;

/// The process environment (getenv at call time). Thread-safe as long as nobody calls setenv.
[[nodiscard]] EnvLookup process_env();
/// A fixed map, for tests and for snapshots.
[[nodiscard]] EnvLookup map_env(EnvMap values);
/// Copies the whole process environment (environ) into a map.
[[nodiscard]] EnvMap snapshot_process_env();

/// The default database name: DATABASE_URL, [database] in strata.toml.
inline constexpr std::string_view kMainDatabase = "main";

/// The URL variable for a database: "main" -> DATABASE_URL, "analytics" -> ANALYTICS_DATABASE_URL.
/// Names are upper-cased and '-' becomes '_'.
[[nodiscard]] std::string database_url_variable(std::string_view name);
/// The prefix of the variables holding a database's parts, `__` being the nesting separator:
/// ("APP", "main") -> "APP_DATABASE__", ("APP", "analytics") -> "APP_DATABASES__ANALYTICS__",
/// ("", "main") -> "DATABASE__".
[[nodiscard]] std::string database_part_prefix(std::string_view env_prefix, std::string_view name);
/// The pool/echo variable for a database: ("main", "POOL_SIZE") -> DB_POOL_SIZE,
/// ("analytics", "POOL_SIZE") -> ANALYTICS_DB_POOL_SIZE.
[[nodiscard]] std::string database_setting_variable(std::string_view name, std::string_view what);

}  // namespace strata
