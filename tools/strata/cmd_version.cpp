// strata version: the version of the command and of the libraries it was built with.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli_context.hpp"
#include "strata/version.hpp"

namespace strata::cli {

void add_version_command(CLI::App& app, Context& ctx) {
    CLI::App* cmd = app.add_subcommand("version", "Print the strata version");
    cmd->callback([&ctx] {
        ctx.action = [&ctx] {
            if (ctx.global.json) {
                ctx.print_json(
                    {{"version", kVersion}, {"compiler", __VERSION__}, {"cplusplus", __cplusplus}});
            } else {
                ctx.print(fmt::format("strata {}", kVersion));
            }
            return kExitOk;
        };
    });
}

}  // namespace strata::cli
