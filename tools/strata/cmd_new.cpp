// strata new -m "add users" (alias revision): create the next migration file.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "new_migration.hpp"
#include "strata/core/error.hpp"

namespace strata::cli {
namespace {

struct NewFlags {
    std::string message;
    bool no_transaction = false;
};

int run_new(const Context& ctx, const NewFlags& flags) {
    const Settings settings = load_settings(ctx);
    auto dir = settings.migrations().dir.empty() ? settings.project_dir() / "db" / "migrations"
                                                 : settings.migrations().dir;
    auto path = create_migration_file(dir, flags.message, settings.migrations().version_format,
                                      std::chrono::system_clock::now(), flags.no_transaction);
    if (ctx.global.json) {
        ctx.print_json({{"ok", true}, {"file", path.string()}});
    } else {
        ctx.print(fmt::format("created {}", path.string()));
    }
    return kExitOk;
}

}  // namespace

void add_new_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<NewFlags>();
    auto* cmd = app.add_subcommand("new", "Create a new migration file (alias: revision)");
    cmd->alias("revision");
    cmd->add_option("-m,--message", flags->message, "What the migration does")->required();
    cmd->add_flag("--no-transaction", flags->no_transaction,
                  "Start the file with -- migrate:no-transaction");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_new(ctx, *flags); }; });
}

}  // namespace strata::cli
