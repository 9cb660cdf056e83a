// strata lint [--schema|--migrations] [--since VERSION] [--format human|json|sarif]: the
// convention rules on the catalog and the safety rules on the migrations.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <future>
#include <memory>
#include <optional>

#include "database_target.hpp"
#include "lint_support.hpp"
#include "migrate_support.hpp"
#include "strata/core/error.hpp"
#include "strata/lint/catalog_lint.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/lint/report.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::cli {
namespace {

struct LintFlags {
    bool schema = false;
    bool migrations = false;
    std::string since;
    std::string format = "human";
    std::string preset;
};

/// A migration file by version and path: what a scratch database is built from.
struct FileRef {
    std::string version;
    std::filesystem::path path;
};

std::vector<FileRef> refs_of(const std::vector<migrate::Migration>& migrations) {
    std::vector<FileRef> refs;
    refs.reserve(migrations.size());
    for (const auto& m : migrations) refs.push_back({m.version, m.path});
    return refs;
}

// A scratch database: the migrations up to and including `upto` (all when empty) applied to a
// template clone on the configured server (the managed local PostgreSQL when none is set).
schema::Catalog scratch_catalog(const Context& ctx, const Settings& settings,
                                const std::vector<FileRef>& migrations, const std::string& upto) {
    const auto dir = std::filesystem::temp_directory_path() /
                     fmt::format("strata-lint-{}-{}", ::getpid(), upto.empty() ? "all" : upto);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::size_t copied = 0;
    for (const auto& m : migrations) {
        if (!upto.empty() && m.version > upto) continue;
        std::filesystem::copy_file(m.path, dir / m.path.filename());
        ++copied;
    }
    schema::Catalog catalog;
    if (copied > 0) {
        testing::TestDatabaseOptions options;
        options.migrations_dir = dir;
        options.admin_url = testing::maintenance_url(resolve_database(ctx).url);
        auto clone = testing::migrated_database(options);
        schema::IntrospectOptions io;
        io.history_table = settings.migrations().table;
        catalog = schema::introspect(clone.url(), io);
    }
    std::filesystem::remove_all(dir);
    return catalog;
}

// An applied migration whose file changed since: its statements against a scratch database
// at the migration before it, with its file findings.
std::vector<lint::Finding> lint_edited(const Context& ctx, const Settings& settings,
                                       const LintFiles& files, const lint::Config& config,
                                       const std::string& version) {
    std::string before_version;
    std::vector<migrate::Migration> run;
    for (const auto& m : files.migrations) {
        if (m.version < version) before_version = m.version;
        if (m.version == version) run.push_back(m);
    }
    std::vector<lint::Finding> out;
    for (const auto& f : files.findings) {
        if (std::filesystem::path(f.file).filename().string().starts_with(version + "_"))
            out.push_back(f);
    }
    if (run.empty()) return out;
    const auto before =
        before_version.empty()
            ? schema::Catalog{}
            : scratch_catalog(ctx, settings, refs_of(files.migrations), before_version);
    auto more = lint::lint_migrations(before, run, config);
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

int run_lint(const Context& ctx, const LintFlags& flags) {
    const Settings settings = load_settings(ctx);
    auto config = load_lint_config(settings);
    if (!flags.preset.empty()) config.use_preset(flags.preset);
    if (flags.format != "human" && flags.format != "json" && flags.format != "sarif") {
        throw UsageError(fmt::format("--format {}: expected human, json or sarif", flags.format));
    }
    const bool both = !flags.schema && !flags.migrations;
    const bool do_migrations = flags.migrations || both || !flags.since.empty();
    const bool do_schema = (flags.schema || both) && flags.since.empty();
    const bool long_files =
        (do_migrations || ctx.global.url.empty()) &&
        note_long_migrations(ctx, settings, "parsed and linted before the findings");
    // Every file, read for lint: needed without a database (the files are the schema too) and
    // for --since; with one, the pending migrations are read through the migrator and the
    // files only when an applied one was edited, so a long migration is not held twice.
    std::optional<LintFiles> all_files;
    const auto files = [&]() -> const LintFiles& {
        if (!all_files) all_files = read_lint_files(migrations_dir(settings), config);
        return *all_files;
    };
    std::vector<FileRef> refs;  // without a database: what the scratch database is built from
    if (!flags.since.empty() || ctx.global.url.empty()) {
        refs = refs_of(files().migrations);
    } else if (!std::filesystem::is_directory(migrations_dir(settings))) {
        throw UsageError(
            fmt::format("{}: no migrations directory", migrations_dir(settings).string()));
    }
    const auto lint_files = [&]() -> std::vector<lint::Finding> {
        std::vector<lint::Finding> findings;
        if (!flags.since.empty()) {
            // Migrations newer than VERSION, one run, against a scratch database at VERSION.
            std::vector<migrate::Migration> run;
            for (const auto& m : files().migrations) {
                if (m.version > flags.since) run.push_back(m);
            }
            const auto before = scratch_catalog(ctx, settings, refs, flags.since);
            findings = lint::lint_migrations(before, run, config);
            for (const auto& f : files().findings) {
                const auto name = std::filesystem::path(f.file).filename().string();
                if (name.substr(0, flags.since.size()) > flags.since) findings.push_back(f);
            }
        } else if (!ctx.global.url.empty()) {
            // The pending migrations as one run, plus every applied file changed since.
            findings = lint_pending(ctx.global.url, settings, config);
            for (const auto& version : edited_versions(ctx.global.url, settings)) {
                auto more = lint_edited(ctx, settings, files(), config, version);
                findings.insert(findings.end(), more.begin(), more.end());
            }
        } else {
            // No database: each migration against what the ones before it created.
            lint::MigrationLintOptions options;
            options.each_migration_is_a_run = true;
            findings = files().findings;
            auto more =
                lint::lint_migrations(schema::Catalog{}, files().migrations, config, options);
            findings.insert(findings.end(), more.begin(), more.end());
        }
        return findings;
    };
    const auto lint_schema = [&]() -> std::vector<lint::Finding> {
        schema::Catalog catalog;
        if (!ctx.global.url.empty()) {
            schema::IntrospectOptions io;
            io.history_table = settings.migrations().table;
            catalog = schema::introspect(ctx.global.url, io);
        } else {
            catalog = scratch_catalog(ctx, settings, refs, "");
        }
        return lint::lint_catalog(catalog, config);
    };
    std::vector<lint::Finding> findings;
    if (do_migrations && do_schema && ctx.global.url.empty() && !long_files) {
        // Without a database the file lint is CPU work only (parse trees), while the catalog
        // is mostly the server's work (scratch clone, introspection): both at once. Not for
        // long migrations: the scratch database reads them again, so they would be held twice.
        auto from_files = std::async(std::launch::async, lint_files);
        auto from_schema = lint_schema();
        findings = from_files.get();
        findings.insert(findings.end(), from_schema.begin(), from_schema.end());
    } else {
        if (do_migrations) findings = lint_files();
        // The files read for lint are let go before a scratch database reads them again.
        if (do_schema && ctx.global.url.empty()) all_files.reset();
        if (do_schema) {
            auto more = lint_schema();
            findings.insert(findings.end(), more.begin(), more.end());
        }
    }
    if (flags.format == "json" || (ctx.global.json && flags.format == "human")) {
        ctx.print_json(lint::to_json(findings));
    } else if (flags.format == "sarif") {
        ctx.print_json(lint::to_sarif(findings));
    } else {
        print_findings(ctx, findings);
    }
    return lint::has_errors(findings) ? kExitFailure : kExitOk;
}

}  // namespace

void add_lint_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<LintFlags>();
    CLI::App* cmd = app.add_subcommand(
        "lint", "Check the schema's conventions and the migrations' lock safety");
    cmd->add_flag("--schema", flags->schema, "Only the convention rules on the catalog");
    cmd->add_flag("--migrations", flags->migrations, "Only the safety rules on the migrations");
    cmd->add_option("--since", flags->since,
                    "Lint the migrations newer than VERSION, against the schema at VERSION")
        ->type_name("VERSION");
    cmd->add_option("--format", flags->format, "human (default), json or sarif");
    cmd->add_option("--preset", flags->preset, "Use this preset instead of strata.toml's");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_lint(ctx, *flags); }; });
}

}  // namespace strata::cli
