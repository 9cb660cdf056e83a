// Shared plumbing of the migration commands: options from configuration, status as text/JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/migrate/migrator.hpp"

namespace CLI {
class App;
}

namespace strata::cli {

/// Flags shared by the commands that run migrations.
struct RunFlags {
    int lock_timeout_s = 60;
    bool allow_edited = false;
    bool strict = false;
    bool sql = false;    ///< --sql: print what would run instead of running it
    bool force = false;  ///< --force (down, redo): see MigratorOptions::force
};

/// Adds --lock-timeout SECONDS (a whole number, 0 or more; anything else is a usage error, exit 2,
/// naming the flag and the value) to a command.
void add_lock_timeout_flag(CLI::App& command, int& seconds, const std::string& help);

/// Adds --lock-timeout, --allow-edited, --strict and --sql to a command.
void add_run_flags(CLI::App& command, RunFlags& flags);

/// The project's migrations directory ([migrations] dir, default db/migrations).
[[nodiscard]] std::filesystem::path migrations_dir(const Settings& settings);

/// Before reading long migrations (8 MB or more of .sql files in the migrations directory:
/// tens of megabytes take seconds to read, checksum and parse), one line on stderr saying so,
/// "reading N MB of migrations in DIR (why)", so the command is not silent meanwhile. Returns
/// whether it said so (the migrations are that long).
bool note_long_migrations(const Context& ctx, const Settings& settings, std::string_view why);

/// MigratorOptions for the configured database and project (progress goes to ctx notes).
[[nodiscard]] migrate::MigratorOptions migrator_options(const Context& ctx,
                                                        const Settings& settings,
                                                        const DatabaseTarget& target,
                                                        const RunFlags& flags = {});

[[nodiscard]] nlohmann::json to_json(const migrate::StatusReport& report);
[[nodiscard]] nlohmann::json to_json(const migrate::AppliedMigration& row);
[[nodiscard]] nlohmann::json to_json(const migrate::RunSummary& summary);

/// Prints a run summary as JSON when --json is on (text progress already went to stderr).
void print_summary(const Context& ctx, const migrate::RunSummary& summary, std::string_view action);

}  // namespace strata::cli
