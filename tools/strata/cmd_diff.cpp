// strata diff --from URL|FILE --to URL|FILE: every difference between two schemas, by object.
// A FILE is a catalog .json or a .sql script (loaded into a scratch database of strata's test
// server, which is dropped afterwards).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <sstream>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"
#include "strata/schema/diff.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli {
namespace {

struct DiffFlags {
    std::string from;
    std::string to;
    std::vector<std::string> schemas;
    bool grants = false;
};

/// Loads a .sql script into a scratch database and introspects it; the database is dropped.
schema::Catalog load_sql(const std::string& source, const schema::IntrospectOptions& options) {
    std::ifstream f(source, std::ios::binary);
    if (!f) throw UsageError(fmt::format("cannot read {}", source));
    std::ostringstream text;
    text << f.rdbuf();
    auto& server = testing::Server::instance();
    auto url = server.create_database("diff");
    struct Drop {
        testing::Server& server;
        std::string url;
        ~Drop() {
            try {
                server.drop_database(url);
            } catch (const Error&) {  // a scratch database left behind is reaped later
            }
        }
    } drop{server, url};
    auto conn = driver::Connection::open(url);
    try {
        conn.execute_script(text.str());
    } catch (const Error& e) {
        throw UsageError(fmt::format("{} does not load: {}", source, e.what()));
    }
    return schema::introspect(conn, options);
}

/// A database URL, or a catalog JSON file written by `strata docs --format json`.
schema::Catalog load(const Context& ctx, const std::string& source,
                     const schema::IntrospectOptions& options) {
    // Read-only connections: a missing SQLite file is an error, never created empty.
    if (source.empty()) {
        auto conn = open_read_only(resolve_database(ctx).url);
        return schema::introspect(conn, options);
    }
    if (source.find("://") != std::string::npos || source.starts_with("sqlite:")) {
        auto conn = open_read_only(source);
        return schema::introspect(conn, options);
    }
    if (source.ends_with(".sql")) return load_sql(source, options);
    std::ifstream f(source, std::ios::binary);
    if (!f) {
        throw UsageError(fmt::format(
            "cannot read {}: give a database URL, a catalog .json file or a .sql file", source));
    }
    std::ostringstream text;
    text << f.rdbuf();
    try {
        return schema::catalog_from_json(nlohmann::json::parse(text.str()));
    } catch (const nlohmann::json::exception& e) {
        throw UsageError(fmt::format(
            "{} is not a catalog JSON file (strata docs --format json): {}", source, e.what()));
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}", source, e.what()));
    }
}

int run_diff(const Context& ctx, const DiffFlags& flags) {
    schema::IntrospectOptions options;
    options.include_schemas = flags.schemas;
    options.ownership = flags.grants;
    auto from = load(ctx, flags.from, options);
    auto to = load(ctx, flags.to, options);
    auto differences = schema::diff(from, to);
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
    cmd->add_option("--from", flags->from, "Database URL, catalog .json file or .sql file")
        ->required();
    cmd->add_option("--to", flags->to,
                    "Database URL, catalog .json file or .sql file (default: the configured "
                    "database)");
    cmd->add_flag("--grants", flags->grants,
                  "Compare owners and privileges too (grants and revokes against the defaults, "
                  "column privileges, default privileges)");
    cmd->add_option("--schema", flags->schemas, "Only schemas matching this glob (repeatable)");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_diff(ctx, *flags); }; });
}

}  // namespace strata::cli
