// strata config show: the resolved configuration, passwords redacted, with where each value came from.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <map>

#include "cli_context.hpp"
#include "config_lookup.hpp"
#include "database_target.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"

namespace strata::cli {
namespace {

const std::map<std::string_view, std::string_view>& defaults() {
    static const std::map<std::string_view, std::string_view> kDefaults = {
        {"DB_POOL_SIZE", "5"},     {"DB_MAX_OVERFLOW", "10"}, {"DB_POOL_RECYCLE", "0"},
        {"DB_POOL_TIMEOUT", "30"}, {"DB_ECHO", "false"},      {"STRATA_LOG_LEVEL", "info"}};
    return kDefaults;
}

/// A value safe to print: URLs re-serialised with the password masked, then redact() on top.
std::string printable(std::string_view name, const std::string& value) {
    if (name.ends_with("URL")) {
        try {
            return log::redact(DatabaseUrl::parse(value, name).to_string());
        } catch (const std::exception&) {
            return log::redact(value) + "  (malformed)";
        }
    }
    if (name.find("PASSWORD") != std::string_view::npos) return "****";
    return log::redact(value);
}

int config_show(Context& ctx) {
    std::vector<ConfigValue> rows;
    for (std::string_view name : known_variables()) {
        if (auto v = lookup_config(ctx, name)) {
            if (name.ends_with("URL")) {
                try {
                    const auto parsed = DatabaseUrl::parse(v->value, name);
                    if (parsed.password()) log::register_secret(*parsed.password());
                } catch (const std::exception&) {  // shown as malformed below
                }
            }
            rows.push_back(std::move(*v));
        } else if (auto d = defaults().find(name); d != defaults().end()) {
            rows.push_back({std::string(name), std::string(d->second), "default"});
        }
    }
    if (!ctx.global.url.empty()) {
        rows.insert(rows.begin(), {"--url", ctx.global.url, "command line"});
    }
    const DatabaseTarget db = resolve_database(ctx, /*start_managed=*/false);

    if (ctx.global.json) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& r : rows) {
            values.push_back({{"name", r.name}, {"value", printable(r.name, r.value)}, {"origin", r.origin}});
        }
        ctx.print_json({{"project_dir", ctx.project_dir().string()},
                        {"database", {{"url", printable("URL", db.url)}, {"origin", db.origin}, {"managed", db.managed}}},
                        {"values", values}});
        return kExitOk;
    }
    ctx.print(fmt::format("{} {}", ctx.style(Style::bold, "project:"), ctx.project_dir().string()));
    ctx.print(fmt::format("{} {}", ctx.style(Style::bold, "database:"), printable("URL", db.url)));
    ctx.print(fmt::format("  {} {}", ctx.style(Style::dim, "from"), db.origin));
    std::size_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.name.size());
    for (const auto& r : rows) {
        ctx.print(fmt::format("{:<{}}  {}  {}", r.name, width, printable(r.name, r.value),
                              ctx.style(Style::dim, fmt::format("({})", r.origin))));
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
