// The strata command's driver: global flags, output helpers, and exceptions turned into exit codes.
#include "cli_context.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"
#include "strata/version.hpp"

namespace strata::cli {

void Context::print(std::string_view line) const {
    fmt::print(stdout, "{}\n", line);
    std::fflush(stdout);
}

void Context::print_json(const nlohmann::json& document) const {
    fmt::print(stdout, "{}\n", log::redact(document.dump(2)));
    std::fflush(stdout);
}

void Context::note(std::string_view line) const {
    if (global.quiet) return;
    fmt::print(stderr, "strata: {}\n", log::redact(line));
}

void Context::warn(std::string_view line) const {
    fmt::print(stderr, "strata: {}: {}\n", style(Style::warn, "warning"), log::redact(line));
}

bool Context::color() const {
    if (global.no_color || global.json) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

std::string Context::style(Style s, std::string_view text) const {
    if (!color() || s == Style::plain) return std::string(text);
    const char* code = "";
    switch (s) {
        case Style::bold:
            code = "1";
            break;
        case Style::dim:
            code = "2";
            break;
        case Style::good:
            code = "32";
            break;
        case Style::warn:
            code = "33";
            break;
        case Style::bad:
            code = "31";
            break;
        case Style::plain:
            break;
    }
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::filesystem::path Context::project_dir() const {
    namespace fs = std::filesystem;
    if (!global.config.empty()) return fs::absolute(global.config).parent_path();
    return find_project_dir(fs::current_path());
}

namespace {

void add_global_flags(CLI::App& app, GlobalOptions& g) {
    app.option_defaults()->group("Global options");
    app.add_option(
        "--url", g.url,
        "Database URL (postgresql://..., sqlite:///file.db), overriding all configuration");
    app.add_option("--config", g.config, "Path of strata.toml (default: found upwards from here)");
    app.add_option("--env-file", g.env_file, "Path of the .env file (default: <project>/.env)");
    app.add_flag("--json", g.json, "Machine-readable output (JSON on stdout)");
    app.add_flag("-q,--quiet", g.quiet, "Only results and errors");
    app.add_flag("-v,--verbose", g.verbose, "Debug logging on stderr");
    app.add_flag("--no-color", g.no_color, "No ANSI colours (also NO_COLOR=1)");
    // Subcommands copy the option defaults when they are added: their own options go under
    // "Options", apart from the global ones.
    app.option_defaults()->group("Options");
}

constexpr const char* kGlobalOptionsFooter =
    "\nGlobal options (accepted by every command, before or after its name; see strata --help):\n"
    "  --url TEXT, --config TEXT, --env-file TEXT, --json, -q,--quiet, -v,--verbose, --no-color";

// Every command's --help names the global options apart from its own.
void add_global_options_footer(CLI::App& command) {
    for (CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
        sub->footer(kGlobalOptionsFooter);
        add_global_options_footer(*sub);
    }
}

constexpr const char* kFooter =
    "\nWith no database configured (--url, DATABASE_URL, .env, strata.toml), commands use the\n"
    "managed local PostgreSQL under .strata/ (see `strata dev`).\n"
    "Exit codes: 0 ok, 1 failure or findings, 2 usage or configuration error.";

int report_error(const Context& ctx, std::string_view kind, std::string_view message, int code) {
    const std::string text = log::redact(message);
    fmt::print(stderr, "strata: {}: {}\n", ctx.style(Style::bad, kind), text);
    if (ctx.global.json) {
        ctx.print_json({{"ok", false}, {"error", text}, {"exit_code", code}});
    }
    return code;
}

}  // namespace

int run(int argc, char** argv) {
    Context ctx;
    CLI::App app{"strata: a PostgreSQL-first data layer for C++ services", "strata"};
    app.set_version_flag("--version", std::string("strata ") + kVersion);
    app.fallthrough();  // global flags are accepted after the command name too
    app.footer(kFooter);
    add_global_flags(app, ctx.global);

    add_init_command(app, ctx);
    add_new_command(app, ctx);
    add_up_command(app, ctx);
    add_down_command(app, ctx);
    add_status_command(app, ctx);
    add_history_command(app, ctx);
    add_baseline_command(app, ctx);
    add_import_command(app, ctx);
    add_seed_command(app, ctx);
    add_testdb_command(app, ctx);
    add_dump_command(app, ctx);
    add_diff_command(app, ctx);
    add_drift_command(app, ctx);
    add_docs_command(app, ctx);
    add_gen_command(app, ctx);
    add_lint_command(app, ctx);
    add_config_command(app, ctx);
    add_dev_command(app, ctx);
    add_doctor_command(app, ctx);
    add_version_command(app, ctx);
    add_global_options_footer(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "strata: {}\nRun 'strata --help' for usage.\n", e.what());
        return kExitUsage;
    }

    log::set_level(ctx.global.verbose ? log::Level::debug
                   : ctx.global.quiet ? log::Level::warn
                                      : log::Level::info);
    if (!ctx.action) {
        fmt::print(stderr, "{}", app.help());
        fmt::print(stderr, "strata: a command is required\n");
        return kExitUsage;
    }
    try {
        return ctx.action();
    } catch (const UsageError& e) {
        return report_error(ctx, "usage error", e.what(), kExitUsage);
    } catch (const ConfigError& e) {  // bad input too: a malformed strata.toml, .env or variable
        return report_error(ctx, "configuration error", e.what(), kExitUsage);
    } catch (const Error& e) {
        return report_error(ctx, "error", e.what(), kExitFailure);
    } catch (const std::exception& e) {
        return report_error(ctx, "internal error", e.what(), kExitFailure);
    }
}

}  // namespace strata::cli
