// Settings: strata's resolved configuration from flags, environment, .env, strata.toml, defaults.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/env.hpp"
#include "strata/core/url.hpp"

namespace strata {

namespace core_detail {
class Sources;
}

/// Connection pool sizing for one database.
struct PoolSettings {
    int size = 5;                        ///< connections kept open (> 0)
    int max_overflow = 10;               ///< extra connections under load (>= 0)
    std::chrono::seconds recycle{3600};  ///< close connections older than this; 0: never
    std::chrono::seconds timeout{30};    ///< wait for a free connection at most this long
    bool pre_ping = false;               ///< check a connection before handing it out
    /// Each connection's recycle age is recycle × (1 + up to this percentage), fixed when it
    /// opens, so connections opened together are not all reopened at once (0..100).
    int recycle_jitter_percent = 10;
    std::chrono::seconds idle_timeout{0};  ///< close connections idle longer than this; 0: never
    bool operator==(const PoolSettings&) const = default;
};

/// One named database. url is nullopt when nothing configures it: for "main" that means the
/// project's managed local PostgreSQL (`strata dev`).
struct DatabaseSettings {
    std::string name;
    std::optional<DatabaseUrl> url;
    PoolSettings pool;
    bool echo = false;         ///< log every statement (at info level, redacted)
    bool echo_params = false;  ///< with echo: add the bound parameter values (redacted too)
    bool prepare = true;       ///< use named prepared statements (off behind transaction poolers)
};

/// How `strata new` numbers migrations.
enum class VersionFormat { timestamp, date_counter };

/// [migrations] in strata.toml. Relative dirs are resolved against the project dir.
struct MigrationSettings {
    std::filesystem::path dir;
    std::string table = "strata_migrations";
    std::string schema;  ///< empty: the first schema of search_path
    VersionFormat version_format = VersionFormat::timestamp;
};

/// [dump] in strata.toml.
struct DumpSettings {
    /// Tables whose rows `strata dump` appends as INSERTs (`data = ["user_role_enum", ...]`).
    std::vector<std::string> data;
    std::string data_source;  ///< "strata.toml:12" when set there, else empty
};

/// [gen] in strata.toml: what `strata gen` writes and how it maps types (docs/codegen.md).
/// Relative paths are resolved against the project dir.
struct GenSettings {
    std::filesystem::path out;  ///< generated code (default db/gen)
    std::filesystem::path
        snapshot;  ///< the analysis snapshot (default <queries dir>/strata_gen.json)
    std::string cpp_namespace = "queries";  ///< `namespace` (a C++ namespace, `a::b` allowed)
    std::string include_prefix;             ///< prefix of the header path in each source
    std::string soft_delete_column = "deleted_at";  ///< the column the soft-delete check looks for
    /// The models header (`strata gen models`) as generated code #includes it; "" = query rows
    /// never reuse the model structs. `models_namespace` is their namespace.
    std::string models_header;
    std::string models_namespace = "models";
    /// [gen.overrides]: a typname (`int8`, `_text`, an enum) or `table.column` -> C++ type.
    std::map<std::string, std::string> overrides;
    /// Where each override was written ("strata.toml:12"), by key.
    std::map<std::string, std::string> override_sources;
};

/// One resolved entry for `strata config show`: the value is already redacted; source reads like
/// "flag --url", "env DATABASE_URL", ".env:3 DATABASE_URL", "strata.toml:7" or "default"
/// (a URL put together from parts joins theirs with " + "; an inherited pool setting ends with
/// " (inherited from main)").
struct ConfigEntry {
    std::string key;
    std::string value;
    std::string source;
    bool operator==(const ConfigEntry&) const = default;
};

/// The project directory for a process started in `start`: the nearest of start and its
/// parents that holds a strata.toml, else start itself. The `strata` command and
/// Settings::load() (so Database::open()) both use it, so a service started in a subdirectory
/// of the project reads the same configuration as the command. Thread-safe.
[[nodiscard]] std::filesystem::path find_project_dir(const std::filesystem::path& start);

/// Where Settings::load looks. Defaults read the real process and working directory.
struct LoadOptions {
    /// empty: find_project_dir(the current directory)
    std::filesystem::path project_dir;
    std::optional<std::filesystem::path>
        config_file;                                ///< default: <project>/strata.toml if present
    std::optional<std::filesystem::path> env_file;  ///< default: <project>/.env if present
    /// Command-line overrides by key: "url", "environment", "env_prefix", or any dotted key as in
    /// strata.toml ("database.pool_size", "databases.analytics.url", "migrations.dir", ...).
    std::map<std::string, std::string> flags;
    /// The environment; nullopt: the process environment (tests pass a map).
    std::optional<EnvMap> environment;
};

/// The resolved configuration. Precedence per entry: flags > environment > .env > strata.toml >
/// defaults. Every password found is registered with log::register_secret.
/// Thread-safety: immutable after load(); all const members may be called concurrently.
class Settings {
public:
    /// Reads and validates everything; throws ConfigError naming the variable, or file and line,
    /// of the first malformed value (e.g. `DB_POOL_SIZE: expected a positive integer, got "ten"`).
    [[nodiscard]] static Settings load(const LoadOptions& options = {});

    /// "development" unless set (STRATA_ENV, `environment =`).
    [[nodiscard]] const std::string& environment() const noexcept { return environment_; }
    [[nodiscard]] bool is_production() const noexcept { return environment_ == "production"; }
    /// Prefix of the database-part variables (`env_prefix`, STRATA_ENV_PREFIX); default empty.
    [[nodiscard]] const std::string& env_prefix() const noexcept { return env_prefix_; }

    /// One database's settings. "main" always exists; another name exists when strata.toml has
    /// [databases.<name>], or the environment, .env or flags configure it. ConfigError otherwise,
    /// or when one of its values is malformed. A named database takes each pool setting it does
    /// not set itself from the main database (DB_POOL_SIZE sizes every pool); its URL comes from
    /// <NAME>_DATABASE_URL or the variables strata.toml names (url_env, host_env, ...).
    [[nodiscard]] DatabaseSettings database(std::string_view name = kMainDatabase) const;
    /// "main" then the names declared in strata.toml, .env and flags, sorted.
    [[nodiscard]] const std::vector<std::string>& database_names() const noexcept {
        return database_names_;
    }

    [[nodiscard]] const MigrationSettings& migrations() const noexcept { return migrations_; }
    [[nodiscard]] const DumpSettings& dump() const noexcept { return dump_; }
    [[nodiscard]] const GenSettings& gen() const noexcept { return gen_; }
    [[nodiscard]] const std::filesystem::path& seeds_dir() const noexcept { return seeds_dir_; }
    [[nodiscard]] const std::filesystem::path& queries_dir() const noexcept { return queries_dir_; }
    [[nodiscard]] const std::filesystem::path& project_dir() const noexcept { return project_dir_; }
    /// The strata.toml / .env that were read, if any.
    [[nodiscard]] const std::optional<std::filesystem::path>& config_file() const noexcept {
        return config_file_;
    }
    [[nodiscard]] const std::optional<std::filesystem::path>& env_file() const noexcept {
        return env_file_;
    }

    /// Where a URL for database `name` was looked for, in words: the flag, the URL variable
    /// (or url_env's), the part variables (<PREFIX>DATABASE__HOST, ..., or host_env's ...), .env
    /// and strata.toml with their paths
    /// (or "none at <path>"). For messages when no URL is configured.
    [[nodiscard]] std::vector<std::string> database_url_places(
        std::string_view name = kMainDatabase) const;
    /// Variables of the environment and .env that look like database settings (MAIN_DB_URL,
    /// SUPABASE_DB_HOST, POSTGRES_URL, PGHOST, DB_HOST, ...) but that strata does not read for
    /// database `name`, each with where it was found ("MAIN_DB_URL (environment)",
    /// "SUPABASE_DB_HOST (.env:3)"). Values are never included.
    [[nodiscard]] std::vector<std::string> database_look_alikes(
        std::string_view name = kMainDatabase) const;
    /// "found but not read (strata reads DATABASE_URL): MAIN_DB_URL (environment), ..." or ""
    /// when there are no look-alikes: for the line saying the managed local PostgreSQL is used.
    [[nodiscard]] std::string database_look_alike_note(std::string_view name = kMainDatabase) const;
    /// "no database URL configured for 'main': looked in ...; found but not read: ..." (the
    /// look-alike part only when there are some). No values, so no secrets.
    [[nodiscard]] std::string describe_missing_database_url(
        std::string_view name = kMainDatabase) const;
    /// Throws ConfigError when the environment is production and database `name` has no URL:
    /// a production service never falls back to the managed local PostgreSQL. The message says
    /// so, then describe_missing_database_url().
    void refuse_managed_database_in_production(std::string_view name = kMainDatabase) const;

    /// Every resolved entry with its redacted value and source, in a stable order.
    [[nodiscard]] const std::vector<ConfigEntry>& entries() const noexcept { return entries_; }

private:
    std::shared_ptr<const core_detail::Sources> sources_;
    std::string environment_;
    std::string env_prefix_;
    std::vector<std::string> database_names_;
    MigrationSettings migrations_;
    DumpSettings dump_;
    GenSettings gen_;
    std::filesystem::path seeds_dir_;
    std::filesystem::path queries_dir_;
    std::filesystem::path project_dir_;
    std::optional<std::filesystem::path> config_file_;
    std::optional<std::filesystem::path> env_file_;
    std::vector<ConfigEntry> entries_;
};

}  // namespace strata
