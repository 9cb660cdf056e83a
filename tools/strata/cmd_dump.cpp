// strata dump [--out FILE] [--check [FILE]]: the deterministic schema script, or whether the
// committed one is stale.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/dump.hpp"

namespace strata::cli {
namespace {

struct DumpFlags {
    std::string out = "db/schema.sql";
    std::string check;
    bool checking = false;
    bool to_stdout = false;
    bool grants = false;
    bool no_history = false;
    std::vector<std::string> schemas;
    std::vector<std::string> exclude;
    std::vector<std::string> data;
    bool no_data = false;
};

int run_dump(const Context& ctx, const DumpFlags& flags) {
    const auto started = std::chrono::steady_clock::now();
    const DatabaseTarget target = resolve_database(ctx);
    auto conn = open_read_only(target.url);  // never creates a missing SQLite file
    schema::IntrospectOptions introspect;
    introspect.include_schemas = flags.schemas;
    introspect.exclude_schemas = flags.exclude;
    schema::DumpOptions options;
    options.ownership = flags.grants;
    options.history = !flags.no_history;
    // --data replaces [dump] data; --no-data drops both.
    if (!flags.no_data && !flags.data.empty()) {
        options.data = flags.data;
        options.data_origin = "--data";
    } else if (!flags.no_data) {
        auto settings = load_settings(ctx);
        options.data = settings.dump().data;
        options.data_origin = settings.dump().data_source + ": [dump] data";
    }
    auto resolve = [&](const std::string& p) {
        std::filesystem::path path(p);
        return path.is_absolute() ? path : ctx.project_dir() / path;
    };
    if (flags.checking) {
        auto path = resolve(flags.check.empty() ? flags.out : flags.check);
        auto diff = schema::check_dump(conn, path, introspect, options);
        if (ctx.global.json) {
            ctx.print_json({{"file", path.string()},
                            {"stale", diff.has_value()},
                            {"diff", diff.value_or("")}});
        } else if (diff) {
            ctx.print(*diff);
            ctx.warn(fmt::format("{} is stale: run `strata dump` and commit it", path.string()));
        } else {
            ctx.note(fmt::format("{} matches the database", path.string()));
        }
        return diff ? kExitFailure : kExitOk;
    }
    if (flags.to_stdout) {
        ctx.print(schema::dump(conn, introspect, options));
        return kExitOk;
    }
    auto path = resolve(flags.out);
    schema::write_dump(conn, path, introspect, options);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (ctx.global.json) {
        ctx.print_json({{"file", path.string()}, {"ms", ms.count()}});
    } else {
        ctx.print(fmt::format("wrote {} ({} ms)", path.string(), ms.count()));
    }
    return kExitOk;
}

}  // namespace

void add_dump_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<DumpFlags>();
    CLI::App* cmd = app.add_subcommand(
        "dump", "Write the schema as a deterministic SQL script (db/schema.sql)");
    cmd->add_option("-o,--out", flags->out,
                    "Output file (default db/schema.sql, relative to the project)");
    cmd->add_option("--check", flags->check,
                    "Compare FILE (default: --out) with the database; exit 1 when stale")
        ->expected(0, 1)
        ->type_name("[FILE]");  // the value is optional: `--check` alone is a flag
    cmd->add_flag("--stdout", flags->to_stdout, "Print the script instead of writing the file");
    cmd->add_flag("--grants", flags->grants, "Include ownership and grants");
    cmd->add_flag("--no-history", flags->no_history, "Leave out the applied migration versions");
    cmd->add_option("--data", flags->data,
                    "Append the rows of TABLE as INSERTs (repeatable; replaces [dump] data)")
        ->type_name("TABLE");
    cmd->add_flag("--no-data", flags->no_data, "Leave out the rows of [dump] data");
    cmd->add_option("--schema", flags->schemas, "Only schemas matching this glob (repeatable)");
    cmd->add_option("--exclude-schema", flags->exclude,
                    "Leave out schemas matching this glob (repeatable)");
    cmd->callback([&ctx, flags, cmd] {
        flags->checking = cmd->count("--check") > 0;
        ctx.action = [&ctx, flags] { return run_dump(ctx, *flags); };
    });
}

}  // namespace strata::cli
