// strata import <tool> <dir>: adopt another tool's migration files and history.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"
#include "strata/migrate/import.hpp"

namespace strata::cli {
namespace {

struct ImportFlags {
    std::string tool;
    std::string dir;
    std::string to;
    std::string schema;
    std::string baseline;
    bool history = false;
    bool history_only = false;
};

nlohmann::json notes_json(const std::vector<migrate::ImportNote>& notes) {
    auto out = nlohmann::json::array();
    for (const auto& n : notes) {
        out.push_back(
            nlohmann::json{{"file", n.path.string()}, {"line", n.line}, {"message", n.message}});
    }
    return out;
}

void print_notes(const Context& ctx, const std::vector<migrate::ImportNote>& notes) {
    for (const auto& n : notes) ctx.warn("not carried over as is: " + n.to_string());
}

int run_import(const Context& ctx, const ImportFlags& flags) {
    const auto tool = migrate::parse_import_tool(flags.tool);
    const Settings settings = load_settings(ctx);
    const bool files = !flags.history_only && tool != migrate::ImportTool::alembic;
    const bool history =
        flags.history || flags.history_only || tool == migrate::ImportTool::alembic;
    nlohmann::json doc = {{"ok", true}, {"tool", migrate::to_string(tool)}};
    if (files) {
        if (flags.dir.empty()) {
            throw UsageError(fmt::format(
                "import {}: name the directory of its migrations (strata import {} DIR), or pass "
                "--history-only to record only the database's history",
                migrate::to_string(tool), migrate::to_string(tool)));
        }
        const std::filesystem::path target =
            flags.to.empty() ? migrations_dir(settings) : std::filesystem::path(flags.to);
        const auto import = migrate::convert_migrations(tool, flags.dir);
        migrate::write_migrations(import, target);
        auto written = nlohmann::json::array();
        for (const auto& m : import.migrations) {
            const auto path = (target / m.file_name).string();
            if (!ctx.global.json) {
                ctx.print(
                    fmt::format("wrote {}{}", path, m.transactional ? "" : "  (no-transaction)"));
            }
            auto sources = nlohmann::json::array();
            for (const auto& s : m.sources) sources.push_back(s.string());
            written.push_back(nlohmann::json{{"version", m.version},
                                             {"file", path},
                                             {"sources", sources},
                                             {"transactional", m.transactional}});
        }
        print_notes(ctx, import.notes);
        ctx.note(fmt::format("import: wrote {} migration{} from {} into {}",
                             import.migrations.size(), import.migrations.size() == 1 ? "" : "s",
                             flags.dir, target.string()));
        doc["files"] = written;
        doc["notes"] = notes_json(import.notes);
    }
    if (history) {
        const DatabaseTarget target = resolve_database(ctx);
        migrate::AdoptOptions adopt;
        adopt.schema = flags.schema;
        adopt.baseline = flags.baseline;
        const auto summary =
            migrate::adopt_history(migrator_options(ctx, settings, target), tool, adopt);
        if (!ctx.global.json) {
            for (const auto& v : summary.adopted) {
                ctx.print(fmt::format("recorded {} as applied (from {})", v, summary.source));
            }
        }
        print_notes(ctx, summary.notes);
        doc["source"] = summary.source;
        doc["adopted"] = summary.adopted;
        doc["already"] = summary.already;
        doc["history_notes"] = notes_json(summary.notes);
    }
    if (ctx.global.json) ctx.print_json(doc);
    return kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<ImportFlags>();
    auto* cmd = app.add_subcommand(
        "import",
        "Adopt another tool's migrations: dbmate, golang-migrate, goose, flyway, sqlx files (and "
        "their history with --history); alembic history as a baseline");
    cmd->add_option("tool", flags->tool,
                    "dbmate | golang-migrate | goose | flyway | sqlx | alembic")
        ->required();
    cmd->add_option("dir", flags->dir, "The tool's migrations directory");
    cmd->add_option("--to", flags->to,
                    "Where to write strata's files (default: the project's migrations directory)");
    cmd->add_flag("--history", flags->history,
                  "Also record what the tool's history table says is applied (the configured "
                  "database)");
    cmd->add_flag("--history-only", flags->history_only,
                  "Only record the history (the files were imported before)");
    cmd->add_option("--schema", flags->schema,
                    "Schema of the tool's history table (PostgreSQL; default: the search path)");
    cmd->add_option("--baseline", flags->baseline,
                    "alembic: the strata migration that stands for the current revision "
                    "(default: every migration file)");
    cmd->callback(
        [&ctx, flags] { ctx.action = [&ctx, flags] { return run_import(ctx, *flags); }; });
}

}  // namespace strata::cli
