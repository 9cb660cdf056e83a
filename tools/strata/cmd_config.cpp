// strata config show: the resolved configuration, passwords redacted, with where each value came
// from.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"

namespace strata::cli {
namespace {

/// A URL safe to print: re-serialised with the password masked, then redact() on top.
std::string printable_url(const std::string& url) {
    try {
        return log::redact(DatabaseUrl::parse(url).to_string());
    } catch (const std::exception&) {
        return log::redact(url);
    }
}

int config_show(Context& ctx) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget db = resolve_database(ctx, /*start_managed=*/false);
    const auto& entries = settings.entries();
    const auto& config_path = settings.config_file();
    const std::string config_file = config_path ? config_path->string() : "";
    const auto& env_path = settings.env_file();
    const std::string env_file = env_path ? env_path->string() : "";

    if (ctx.global.json) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& e : entries) {
            values.push_back(
                {{"key", e.key}, {"value", log::redact(e.value)}, {"source", e.source}});
        }
        ctx.print_json(
            {{"project_dir", settings.project_dir().string()},
             {"config_file", config_file},
             {"env_file", env_file},
             {"database",
              {{"url", printable_url(db.url)}, {"origin", db.origin}, {"managed", db.managed}}},
             {"entries", values}});
        return kExitOk;
    }
    auto label = [&](std::string_view text) { return ctx.style(Style::bold, text); };
    ctx.print(fmt::format("{} {}", label("project:    "), settings.project_dir().string()));
    ctx.print(
        fmt::format("{} {}", label("strata.toml:"), config_file.empty() ? "(none)" : config_file));
    ctx.print(fmt::format("{} {}", label(".env:       "), env_file.empty() ? "(none)" : env_file));
    ctx.print(fmt::format("{} {}  {}", label("database:   "), printable_url(db.url),
                          ctx.style(Style::dim, fmt::format("(from {})", db.origin))));
    ctx.print("");
    std::size_t width = 0;
    std::size_t value_width = 0;
    for (const auto& e : entries) {
        width = std::max(width, e.key.size());
        value_width = std::max(value_width, std::min<std::size_t>(e.value.size(), 48));
    }
    for (const auto& e : entries) {
        ctx.print(fmt::format("{:<{}}  {:<{}}  {}", e.key, width, log::redact(e.value), value_width,
                              ctx.style(Style::dim, fmt::format("({})", e.source))));
    }
    return kExitOk;
}

}  // namespace

void add_config_command(CLI::App& app, Context& ctx) {
    CLI::App* config = app.add_subcommand("config", "Inspect strata's configuration (show)");
    config->require_subcommand(1);
    CLI::App* show = config->add_subcommand(
        "show", "The resolved configuration and where each value came from (passwords as ****)");
    show->callback([&ctx] { ctx.action = [&ctx] { return config_show(ctx); }; });
}

}  // namespace strata::cli
