// strata down [-N|VERSION|base] (alias downgrade) and strata redo: revert applied migrations.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"

namespace strata::cli {
namespace {

struct DownFlags {
    std::string target = "-1";
    RunFlags run;
};

int run_down(const Context& ctx, const DownFlags& flags) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target, flags.run));
    if (flags.run.sql) {
        ctx.print(migrator.down_sql(flags.target));
        return kExitOk;
    }
    print_summary(ctx, migrator.down(flags.target), "down");
    return kExitOk;
}

int run_redo(const Context& ctx, const RunFlags& flags) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target, flags));
    if (flags.sql) {
        ctx.print(migrator.redo_sql());
        return kExitOk;
    }
    print_summary(ctx, migrator.redo(), "redo");
    return kExitOk;
}

}  // namespace

void add_down_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<DownFlags>();
    auto* cmd = app.add_subcommand("down",
                                   "Revert the last applied migration, -N of them, those after "
                                   "VERSION, or base (alias: downgrade)");
    cmd->alias("downgrade");
    cmd->add_option("target", flags->target, "-1 (default: the last applied), -N, VERSION or base");
    add_run_flags(*cmd, flags->run);
    cmd->add_flag("--force", flags->run.force,
                  "Also run down statements of a partly applied no-transaction migration for up "
                  "statements that never ran");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_down(ctx, *flags); }; });

    auto redo = std::make_shared<RunFlags>();
    auto* r = app.add_subcommand("redo", "Revert the last applied migration and apply it again");
    add_run_flags(*r, *redo);
    r->add_flag("--force", redo->force,
                "Revert the last applied migration even while another one is pending");
    r->callback([&ctx, redo] { ctx.action = [&ctx, redo] { return run_redo(ctx, *redo); }; });
}

}  // namespace strata::cli
