// Context: the strata command's global flags, output helpers and exit codes, shared by every
// command.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace strata::cli {

/// Process exit codes of the strata command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< an operation failed, or a check found problems
inline constexpr int kExitUsage = 2;    ///< bad flags, arguments or configuration

/// Flags every command accepts (before or after the command name).
struct GlobalOptions {
    std::string url;        ///< --url: the database, overriding all configuration
    std::string config;     ///< --config: path of strata.toml (default: found upwards from cwd)
    std::string env_file;   ///< --env-file: path of the .env file (default: <project>/.env)
    bool json = false;      ///< --json: machine-readable output on stdout
    bool quiet = false;     ///< --quiet: no notices, only results and errors
    bool verbose = false;   ///< --verbose: debug logging on stderr
    bool no_color = false;  ///< --no-color (also NO_COLOR, or stdout not a terminal)
};

enum class Style { plain, bold, dim, good, warn, bad };

/// Parsed global flags and the output of one strata invocation. Results go to stdout (as JSON
/// with --json), notices and errors to stderr so stdout stays parseable.
/// Thread-safety: single-threaded, like the command.
class Context {
public:
    GlobalOptions global;
    /// Set by the callback of the command that was parsed; run() calls it after parsing.
    std::function<int()> action;

    /// One line of a command's result on stdout (always printed, also with --quiet).
    void print(std::string_view line) const;
    /// A JSON document on stdout (pretty, one per invocation).
    void print_json(const nlohmann::json& document) const;
    /// A one-line notice on stderr ("strata: ..."); dropped with --quiet.
    void note(std::string_view line) const;
    /// A warning on stderr; printed even with --quiet.
    void warn(std::string_view line) const;
    /// Wraps text in ANSI colour when colour is on.
    [[nodiscard]] std::string style(Style s, std::string_view text) const;
    [[nodiscard]] bool color() const;

    /// The project directory: that of --config, else the nearest ancestor of the working
    /// directory holding strata.toml, else the working directory.
    [[nodiscard]] std::filesystem::path project_dir() const;
};

/// Runs the strata command; returns the process exit code. Every exception ends here and is
/// turned into a message on stderr and an exit code (UsageError and ConfigError: 2, anything
/// else: 1).
int run(int argc, char** argv);

/// Command registration: each adds its subcommand to app; its callback sets ctx.action.
void add_version_command(CLI::App& app, Context& ctx);
void add_config_command(CLI::App& app, Context& ctx);
void add_doctor_command(CLI::App& app, Context& ctx);
void add_dev_command(CLI::App& app, Context& ctx);
// Migrations (cmd_init, cmd_new, cmd_up, cmd_down, cmd_status, cmd_history, cmd_baseline,
// cmd_seed).
void add_init_command(CLI::App& app, Context& ctx);
void add_new_command(CLI::App& app, Context& ctx);
void add_up_command(CLI::App& app, Context& ctx);
void add_down_command(CLI::App& app, Context& ctx);
void add_status_command(CLI::App& app, Context& ctx);
void add_history_command(CLI::App& app, Context& ctx);
void add_baseline_command(CLI::App& app, Context& ctx);
void add_import_command(CLI::App& app, Context& ctx);
void add_seed_command(CLI::App& app, Context& ctx);
void add_testdb_command(CLI::App& app, Context& ctx);
// Schema (cmd_dump, cmd_diff, cmd_docs).
void add_dump_command(CLI::App& app, Context& ctx);
void add_diff_command(CLI::App& app, Context& ctx);
void add_drift_command(CLI::App& app, Context& ctx);
void add_docs_command(CLI::App& app, Context& ctx);
// Code generation (cmd_gen).
void add_gen_command(CLI::App& app, Context& ctx);
// Lint (cmd_lint).
void add_lint_command(CLI::App& app, Context& ctx);

}  // namespace strata::cli
