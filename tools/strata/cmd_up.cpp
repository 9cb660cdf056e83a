// strata up [head|+N|VERSION] (alias upgrade): apply pending migrations.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "lint_support.hpp"
#include "migrate_support.hpp"
#include "strata/lint/report.hpp"
#include "strata/schema/dump.hpp"

namespace strata::cli {
namespace {

struct UpFlags {
    std::string target = "head";
    RunFlags run;
    bool dump = false;      ///< --dump given
    std::string dump_path;  ///< its value; empty: db/schema.sql in the project
    bool no_lint = false;   ///< --no-lint: apply even with error findings
};

// The safety lint of what is about to be applied (PostgreSQL only). False: refuse to run.
bool lint_before_up(const Context& ctx, const Settings& settings, const DatabaseTarget& target,
                    const std::string& up_target) {
    if (target.url.starts_with("sqlite:")) return true;
    auto findings = lint_pending(target.url, settings, load_lint_config(settings), up_target,
                                 lint_progress_notes(ctx));
    // Files the runner refuses by itself (with its own message and exit code) are left to it.
    std::erase_if(findings, [](const lint::Finding& f) {
        return f.rule == "migration-invalid" || f.rule == "concurrent-in-transaction" ||
               f.rule == "no-transaction-misplaced";
    });
    if (findings.empty()) return true;
    for (const auto& f : findings) ctx.warn(lint::format_human(f));
    if (!lint::has_errors(findings)) return true;
    ctx.warn(
        "refusing to apply: the lint found error findings in the pending migrations (fix them, "
        "suppress one with -- strata:ignore <rule> <reason>, or run strata up --no-lint)");
    return false;
}

int run_up(const Context& ctx, const UpFlags& flags) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target, flags.run));
    if (flags.run.sql) {
        note_long_migrations(ctx, settings, "checksums and check come before the script");
        // Written as it is rendered: a long migration's script is never held whole.
        migrator.up_sql(flags.target, [](std::string_view piece) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
        });
        std::fputc('\n', stdout);
        std::fflush(stdout);
        return kExitOk;
    }
    note_long_migrations(ctx, settings,
                         "checksums, lint and check come before the first statement runs");
    if (!flags.no_lint && !lint_before_up(ctx, settings, target, flags.target)) {
        return kExitFailure;
    }
    auto summary = migrator.up(flags.target);
    if (flags.dump) {
        // Keep the squashed schema beside the migrations (`strata dump --check` in CI).
        const auto start = std::chrono::steady_clock::now();
        std::filesystem::path path = flags.dump_path.empty()
                                         ? settings.project_dir() / "db" / "schema.sql"
                                         : std::filesystem::path(flags.dump_path);
        schema::IntrospectOptions io;
        io.history_table = settings.migrations().table;
        auto conn = driver::Connection::open(target.url);
        schema::write_dump(conn, path, io);
        ctx.note(fmt::format("wrote {} ({} ms)", path.string(),
                             std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - start)
                                 .count()));
    }
    print_summary(ctx, summary, "up");
    return kExitOk;
}

}  // namespace

void add_up_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<UpFlags>();
    auto* cmd = app.add_subcommand(
        "up", "Apply pending migrations: head, +N or up to VERSION (alias: upgrade)");
    cmd->alias("upgrade");
    cmd->add_option("target", flags->target, "head (default), +N, or a VERSION");
    add_run_flags(*cmd, flags->run);
    cmd->add_option("--dump", flags->dump_path,
                    "After applying, refresh the schema dump FILE (default db/schema.sql)")
        ->expected(0, 1)
        ->type_name("[FILE]");  // the value is optional: `--dump` alone is a flag
    cmd->add_flag("--no-lint", flags->no_lint,
                  "Apply even when the safety lint finds errors in the pending migrations");
    cmd->callback([&ctx, flags, cmd] {
        flags->dump = cmd->count("--dump") > 0;
        ctx.action = [&ctx, flags] { return run_up(ctx, *flags); };
    });
}

}  // namespace strata::cli
