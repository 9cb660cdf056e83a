// strata docs [--out docs/schema] [--format markdown|json] [--check]: schema docs with ER diagrams.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli_context.hpp"
#include "database_target.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/docs.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::cli {
namespace {

struct DocsFlags {
    std::string out = "docs/schema";
    std::string annotations = "db/schema_annotations.yaml";
    std::string format = "markdown";
    bool check = false;
    bool no_svg = false;
    std::vector<std::string> schemas;
};

int run_docs(const Context& ctx, const DocsFlags& flags) {
    auto resolve = [&](const std::string& p) {
        std::filesystem::path path(p);
        return path.is_absolute() ? path : ctx.project_dir() / path;
    };
    schema::DocsOptions options;
    if (flags.format == "json") {
        options.format = schema::DocsFormat::json;
    } else if (flags.format != "markdown") {
        throw UsageError(fmt::format("--format {}: expected markdown or json", flags.format));
    }
    options.svg = !flags.no_svg;
    schema::IntrospectOptions introspect;
    introspect.include_schemas = flags.schemas;
    auto conn = open_read_only(resolve_database(ctx).url);  // never creates a SQLite file
    auto cat = schema::introspect(conn, introspect);
    auto ann = schema::load_annotations(resolve(flags.annotations));
    auto dir = resolve(flags.out);
    if (flags.check) {
        auto findings = schema::check_annotations(cat, ann);
        for (const auto& f : schema::stale_docs(cat, ann, dir, options)) {
            findings.push_back(fmt::format("{} is stale: run `strata docs`", (dir / f).string()));
        }
        if (ctx.global.json) {
            ctx.print_json({{"findings", findings}});
        } else {
            for (const auto& f : findings) ctx.print(f);
            if (findings.empty()) ctx.note("docs and annotations are up to date");
        }
        return findings.empty() ? kExitOk : kExitFailure;
    }
    auto written = schema::write_docs(cat, ann, dir, options);
    if (ctx.global.json) {
        std::vector<std::string> paths;
        paths.reserve(written.size());
        for (const auto& p : written) paths.push_back(p.string());
        ctx.print_json({{"directory", dir.string()}, {"files", paths}});
    } else {
        ctx.print(fmt::format(
            "wrote {} files to {} (start at {})", written.size(), dir.string(),
            (dir / (options.format == schema::DocsFormat::json ? "catalog.json" : "index.md"))
                .string()));
    }
    return kExitOk;
}

}  // namespace

void add_docs_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<DocsFlags>();
    CLI::App* cmd = app.add_subcommand(
        "docs", "Write Markdown docs and ER diagrams of the schema (docs/schema)");
    cmd->add_option("-o,--out", flags->out,
                    "Output directory (default docs/schema, relative to the project)");
    cmd->add_option("--annotations", flags->annotations,
                    "Annotations file (default db/schema_annotations.yaml)");
    cmd->add_option("--format", flags->format,
                    "markdown (default) or json (catalog.json, see docs/catalog.schema.json)");
    cmd->add_flag(
        "--check", flags->check,
        "Report stale docs, annotated objects that no longer exist and undescribed tables");
    cmd->add_flag("--no-svg", flags->no_svg, "Do not render SVG diagrams with Graphviz");
    cmd->add_option("--schema", flags->schemas, "Only schemas matching this glob (repeatable)");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_docs(ctx, *flags); }; });
}

}  // namespace strata::cli
