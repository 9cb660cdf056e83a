// strata up [head|+N|VERSION] (alias upgrade): apply pending migrations.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "migrate_support.hpp"

namespace strata::cli {
namespace {

struct UpFlags {
    std::string target = "head";
    RunFlags run;
};

int run_up(const Context& ctx, const UpFlags& flags) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target, flags.run));
    if (flags.run.sql) {
        ctx.print(migrator.up_sql(flags.target));
        return kExitOk;
    }
    print_summary(ctx, migrator.up(flags.target), "up");
    return kExitOk;
}

}  // namespace

void add_up_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<UpFlags>();
    auto* cmd = app.add_subcommand("up", "Apply pending migrations: head, +N or up to VERSION (alias: upgrade)");
    cmd->alias("upgrade");
    cmd->add_option("target", flags->target, "head (default), +N, or a VERSION");
    add_run_flags(*cmd, flags->run);
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_up(ctx, *flags); }; });
}

}  // namespace strata::cli
