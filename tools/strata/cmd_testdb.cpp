// strata testdb create|drop|gc: throwaway migrated databases for scripts, CI and other languages.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>

#include "database_target.hpp"
#include "strata/core/log.hpp"
#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::cli {
namespace {

struct TestdbFlags {
    bool seed = false;
    std::string url;  ///< drop: the clone's URL or name
    int max_age_hours = 24;
    int template_max_age_days = 7;
    std::size_t keep_templates = 3;
};

/// The server's maintenance database, from the configured (or managed) database.
std::string admin_url(const Context& ctx) {
    return testing::maintenance_url(resolve_database(ctx).url);
}

testing::TestDatabaseOptions options(const Context& ctx, bool seed) {
    const Settings settings = load_settings(ctx);
    testing::TestDatabaseOptions o;
    o.migrations_dir = settings.migrations().dir.empty()
                           ? settings.project_dir() / "db" / "migrations"
                           : settings.migrations().dir;
    o.seeds_dir = settings.seeds_dir().empty() ? settings.project_dir() / "db" / "seeds"
                                               : settings.seeds_dir();
    o.seed = seed;
    o.admin_url = admin_url(ctx);
    return o;
}

int create(const Context& ctx, const TestdbFlags& flags) {
    const auto started = std::chrono::steady_clock::now();
    auto o = options(ctx, flags.seed);
    auto info = testing::ensure_template(o);
    if (info.built) {
        ctx.note(fmt::format("built template {} from {} in {} ms", info.name,
                             o.migrations_dir.string(), info.elapsed.count()));
    }
    auto url = testing::create_detached_clone(o);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    if (ctx.global.json) {
        ctx.print_json({{"ok", true},
                        {"url", url},  // the output: it must connect
                        {"template", info.name},
                        {"elapsed_ms", ms.count()}});
    } else {
        ctx.note(
            fmt::format("created a clone of {} in {} ms (drop it with `strata testdb drop "
                        "URL`; `strata testdb gc` drops it after {} h)",
                        info.name, ms.count(), flags.max_age_hours));
        ctx.print(url);  // the command's one line of output: the password stays in it
    }
    return kExitOk;
}

int drop(const Context& ctx, const TestdbFlags& flags) {
    if (!testing::drop_test_database(flags.url, admin_url(ctx))) {
        if (ctx.global.json) {
            ctx.print_json({{"ok", false}, {"missing", log::redact(flags.url)}});
        } else {
            ctx.warn(fmt::format("no such database: {} (nothing dropped)", log::redact(flags.url)));
        }
        return kExitFailure;
    }
    if (ctx.global.json) {
        ctx.print_json({{"ok", true}, {"dropped", log::redact(flags.url)}});
    } else {
        ctx.note(fmt::format("dropped {}", log::redact(flags.url)));
    }
    return kExitOk;
}

int gc(const Context& ctx, const TestdbFlags& flags) {
    testing::GcOptions o;
    o.admin_url = admin_url(ctx);
    o.cli_clone_max_age = std::chrono::hours(flags.max_age_hours);
    o.template_max_age = std::chrono::hours(24 * flags.template_max_age_days);
    o.keep_templates = flags.keep_templates;
    auto report = testing::collect_garbage(o);
    if (ctx.global.json) {
        ctx.print_json({{"ok", true},
                        {"clones", report.clones},
                        {"templates", report.templates},
                        {"clusters", report.clusters}});
        return kExitOk;
    }
    for (const auto& name : report.clones) ctx.print(fmt::format("dropped clone {}", name));
    for (const auto& name : report.templates) ctx.print(fmt::format("dropped template {}", name));
    ctx.note(fmt::format("dropped {} clone(s) and {} template(s); reaped {} test cluster(s)",
                         report.clones.size(), report.templates.size(), report.clusters));
    return kExitOk;
}

}  // namespace

void add_testdb_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<TestdbFlags>();
    auto* cmd = app.add_subcommand("testdb", "Throwaway migrated databases for tests and CI");
    cmd->require_subcommand(1);

    auto* c = cmd->add_subcommand(
        "create", "Print the URL of a fresh clone of the migrated template (built when needed)");
    c->add_flag("--seed", flags->seed, "Template with db/seeds applied too");
    c->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return create(ctx, *flags); }; });

    auto* d = cmd->add_subcommand("drop", "Drop a database made by `strata testdb create`");
    d->add_option("URL", flags->url, "The clone's URL (or name)")->required();
    d->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return drop(ctx, *flags); }; });

    auto* g = cmd->add_subcommand(
        "gc", "Drop clones of dead test processes, old CLI clones and old templates");
    g->add_option("--max-age", flags->max_age_hours, "Hours after which CLI clones are dropped");
    g->add_option("--template-max-age", flags->template_max_age_days,
                  "Days unused after which templates are dropped");
    g->add_option("--keep-templates", flags->keep_templates,
                  "Most recently used templates always kept");
    g->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return gc(ctx, *flags); }; });
}

}  // namespace strata::cli
