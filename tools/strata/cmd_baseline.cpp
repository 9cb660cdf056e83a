// strata baseline VERSION and strata repair: adopt an existing database; accept edits deliberately.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"

namespace strata::cli {
namespace {

int run_baseline(const Context& ctx, const std::string& version) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target));
    print_summary(ctx, migrator.baseline(version), "baseline");
    return kExitOk;
}

int run_repair(const Context& ctx, bool forget_partial) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target));
    auto repaired = migrator.repair(forget_partial);
    if (ctx.global.json) ctx.print_json({{"ok", true}, {"repaired", repaired}});
    return kExitOk;
}

}  // namespace

void add_baseline_command(CLI::App& app, Context& ctx) {
    auto version = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "baseline", "Mark the database as migrated up to VERSION without running anything");
    cmd->add_option("version", *version, "The last migration the existing database already has")
        ->required();
    cmd->callback(
        [&ctx, version] { ctx.action = [&ctx, version] { return run_baseline(ctx, *version); }; });

    auto forget = std::make_shared<bool>(false);
    auto* repair =
        app.add_subcommand("repair", "Accept the current checksum of edited migrations (logged)");
    repair->add_flag("--forget-partial", *forget,
                     "Also forget a non-transactional migration that stopped half way");
    repair->callback(
        [&ctx, forget] { ctx.action = [&ctx, forget] { return run_repair(ctx, *forget); }; });
}

}  // namespace strata::cli
