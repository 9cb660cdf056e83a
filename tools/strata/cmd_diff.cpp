// strata diff --from SOURCE --to SOURCE: every difference between two schemas, by object, or
// with --sql the statements that turn one into the other (up and down), optionally verified.
// A SOURCE is a URL, a catalog .json, a .sql file or a directory of them (loaded into a
// scratch database of strata's test server, which is dropped afterwards).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "autogen_support.hpp"
#include "cli_context.hpp"
#include "schema_source.hpp"
#include "strata/autogen/plan.hpp"
#include "strata/autogen/verify.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/diff.hpp"

namespace strata::cli {
namespace {

struct DiffFlags {
    std::string from;
    std::string to;
    std::vector<std::string> schemas;
    bool grants = false;
    bool sql = false;
    bool safe = false;
    bool verify = false;
};

int print_sql(const Context& ctx, const DiffFlags& flags, const SchemaSource& from,
              const SchemaSource& to, const schema::IntrospectOptions& options) {
    auto plan = plan_to(from.catalog, to, flags.safe);
    if (plan.empty()) {
        // Notes stand even when nothing can be run (columns PostgreSQL cannot reorder).
        for (const auto& n : plan.notes) ctx.print("-- note: " + n);
        ctx.print("-- no differences");
        return kExitOk;
    }
    if (flags.verify) {
        autogen::verify(plan, from.catalog, to.catalog, server_scratch(), options);
    }
    auto text = autogen::render_plan(plan);
    while (text.ends_with('\n')) text.pop_back();
    ctx.print(text);
    return kExitFailure;
}

int run_diff(const Context& ctx, const DiffFlags& flags) {
    schema::IntrospectOptions options;
    options.include_schemas = flags.schemas;
    options.ownership = flags.grants;
    auto from = load_schema_source(ctx, flags.from, options);
    auto to = load_schema_source(ctx, flags.to, options);
    if (flags.sql) return print_sql(ctx, flags, from, to, options);
    auto differences = schema::diff(from.catalog, to.catalog);
    if (ctx.global.json) {
        ctx.print_json(schema::differences_to_json(differences));
    } else if (differences.empty()) {
        ctx.print("no differences");
    } else {
        auto text = schema::format_differences(differences);
        while (text.ends_with('\n')) text.pop_back();  // print() ends the line itself
        ctx.print(text);
    }
    return differences.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void add_diff_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<DiffFlags>();
    CLI::App* cmd =
        app.add_subcommand("diff", "List the differences between two schemas (exit 1 when any)");
    cmd->add_option("--from", flags->from,
                    "Database URL, catalog .json file, .sql file or directory of .sql files")
        ->required();
    cmd->add_option("--to", flags->to,
                    "Database URL, catalog .json file, .sql file or directory of .sql files "
                    "(default: the configured database)");
    cmd->add_flag("--grants", flags->grants,
                  "Compare owners and privileges too (grants and revokes against the defaults, "
                  "column privileges, default privileges)");
    cmd->add_option("--schema", flags->schemas, "Only schemas matching this glob (repeatable)");
    cmd->add_flag("--sql", flags->sql,
                  "Print the statements that turn --from into --to (up, then down) instead of "
                  "the list; `-- strata:renamed-from old` in a --to .sql renames");
    cmd->add_flag("--safe", flags->safe,
                  "With --sql: the forms safe for a live table (CONCURRENTLY, NOT VALID + "
                  "VALIDATE, SET NOT NULL through a check)");
    cmd->add_flag("--verify", flags->verify,
                  "With --sql: apply up and down to a scratch copy of --from and check they "
                  "reach --to and come back (exit 1 listing what did not converge)");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_diff(ctx, *flags); }; });
}

}  // namespace strata::cli
