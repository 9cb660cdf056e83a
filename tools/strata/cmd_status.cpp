// strata status [--exit-code] and strata verify: applied, pending, edited, missing, out of order.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"

namespace strata::cli {
namespace {

Style style_of(migrate::State s) {
    switch (s) {
        case migrate::State::applied:
            return Style::good;
        case migrate::State::pending:
            return Style::plain;
        case migrate::State::out_of_order:
            return Style::warn;
        case migrate::State::edited:
        case migrate::State::missing:
        case migrate::State::partial:
            return Style::bad;
    }
    return Style::plain;
}

void print_report(const Context& ctx, const migrate::StatusReport& report) {
    for (const auto& e : report.entries) {
        std::string extra;
        if (e.state == migrate::State::partial && e.applied && e.applied->reverting()) {
            extra = fmt::format("  (down stopped after statement {} of {}: `strata down` resumes)",
                                e.applied->down_done, e.applied->down_total);
        } else if (e.state == migrate::State::partial && e.applied) {
            extra = fmt::format("  (stopped after statement {} of {})", e.applied->statements_done,
                                e.applied->statements_total);
        } else if (e.applied) {
            extra = fmt::format("  {}", e.applied->applied_at.to_string());
        }
        ctx.print(fmt::format("{:<13} {}_{}{}",
                              ctx.style(style_of(e.state), migrate::to_string(e.state)), e.version,
                              e.name, extra));
    }
    ctx.print(fmt::format(
        "{} applied, {} pending, {} out of order, {} edited, {} missing, {} partial",
        report.count(migrate::State::applied), report.count(migrate::State::pending),
        report.count(migrate::State::out_of_order), report.count(migrate::State::edited),
        report.count(migrate::State::missing), report.count(migrate::State::partial)));
}

int run_status(const Context& ctx, bool exit_code, bool verify) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target));
    note_long_migrations(ctx, settings,
                         verify ? "checksums come before the verdict" : "checksums come first");
    const auto report = migrator.status();
    if (ctx.global.json) {
        ctx.print_json(to_json(report));
    } else {
        print_report(ctx, report);
    }
    if (verify) {
        // verify fails on integrity problems; pending migrations are not problems.
        const bool broken = report.count(migrate::State::edited) +
                                report.count(migrate::State::missing) +
                                report.count(migrate::State::partial) >
                            0;
        if (!ctx.global.json) ctx.print(broken ? "verify: FAILED" : "verify: ok");
        return broken ? kExitFailure : kExitOk;
    }
    return exit_code && !report.clean() ? kExitFailure : kExitOk;
}

}  // namespace

void add_status_command(CLI::App& app, Context& ctx) {
    auto exit_code = std::make_shared<bool>(false);
    auto* cmd =
        app.add_subcommand("status", "Applied, pending, edited-after-apply and missing migrations");
    cmd->add_flag("--exit-code", *exit_code, "Exit 1 when anything is pending or drifted (for CI)");
    cmd->callback([&ctx, exit_code] {
        ctx.action = [&ctx, exit_code] { return run_status(ctx, *exit_code, false); };
    });

    auto* verify = app.add_subcommand(
        "verify",
        "Check applied migrations against their files (exit 1 on edits, missing or partial)");
    verify->callback([&ctx] { ctx.action = [&ctx] { return run_status(ctx, false, true); }; });
}

}  // namespace strata::cli
