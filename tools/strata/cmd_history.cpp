// strata history and strata current: what was applied, when, by whom.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"

namespace strata::cli {
namespace {

int run_history(const Context& ctx, bool events) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target));
    if (events) {
        auto rows = migrator.events();
        if (ctx.global.json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : rows) {
                out.push_back({{"id", e.id},
                               {"at", e.at.to_string()},
                               {"action", e.action},
                               {"version", e.version},
                               {"name", e.name},
                               {"checksum", e.checksum},
                               {"actor", e.actor},
                               {"detail", e.detail}});
            }
            ctx.print_json(out);
            return kExitOk;
        }
        for (const auto& e : rows) {
            ctx.print(fmt::format("{}  {:<8} {}_{}  by {}{}", e.at.to_string(), e.action, e.version,
                                  e.name, e.actor, e.detail.empty() ? "" : "  (" + e.detail + ")"));
        }
        return kExitOk;
    }
    auto rows = migrator.history();
    if (ctx.global.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : rows) out.push_back(to_json(r));
        ctx.print_json(out);
        return kExitOk;
    }
    if (rows.empty()) ctx.print("no migrations applied");
    for (const auto& r : rows) {
        ctx.print(fmt::format("{:>4}  {}_{}  {}  {} ms  by {}{}", r.apply_order, r.version, r.name,
                              r.applied_at.to_string(), r.execution_ms, r.applied_by,
                              r.complete ? "" : ctx.style(Style::bad, "  PARTIAL")));
        if (!r.description.empty()) {
            std::string d = r.description;
            for (std::size_t p = d.find('\n'); p != std::string::npos; p = d.find('\n', p + 7))
                d.replace(p, 1, "\n      ");
            ctx.print(fmt::format("      {}", ctx.style(Style::dim, d)));
        }
    }
    return kExitOk;
}

int run_current(const Context& ctx) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target));
    auto current = migrator.status().current();
    if (ctx.global.json) {
        ctx.print_json({{"current", current ? nlohmann::json(*current) : nlohmann::json(nullptr)}});
    } else {
        ctx.print(current ? *current : "none");
    }
    return kExitOk;
}

}  // namespace

void add_history_command(CLI::App& app, Context& ctx) {
    auto events = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("history",
                                   "Applied migrations in apply order, with their header comments");
    cmd->add_flag("--events", *events,
                  "Show the append-only event log (up, down, baseline, repair)");
    cmd->callback(
        [&ctx, events] { ctx.action = [&ctx, events] { return run_history(ctx, *events); }; });

    auto* current = app.add_subcommand("current", "Print the last applied migration version");
    current->callback([&ctx] { ctx.action = [&ctx] { return run_current(ctx); }; });
}

}  // namespace strata::cli
