// strata seed and strata bootstrap (up + seed): development data, refused in production.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "migrate_support.hpp"
#include "strata/migrate/seeds.hpp"

namespace strata::cli {
namespace {

struct SeedFlags {
    bool force_production = false;
    RunFlags run;
};

int seed(const Context& ctx, const Settings& settings, const DatabaseTarget& target, bool force) {
    migrate::SeedOptions so;
    so.dir = settings.seeds_dir().empty() ? settings.project_dir() / "db" / "seeds"
                                          : settings.seeds_dir();
    so.environment = settings.environment();
    so.force_production = force;
    if (settings.is_production() && !force) {
        throw migrate::ProductionSeedRefused(
            "refusing to seed: the environment is production (STRATA_ENV or `environment` in "
            "strata.toml). Seeds are for development and tests; pass --force-production-seed if "
            "you "
            "really mean it");
    }
    if (settings.is_production())
        ctx.warn("seeding a production database (--force-production-seed)");
    auto conn = driver::Connection::open(target.url);
    auto result = migrate::run_seeds(conn, so);
    if (ctx.global.json) {
        ctx.print_json(
            {{"ok", true}, {"seeds", result.files}, {"elapsed_ms", result.elapsed.count()}});
    } else {
        for (const auto& f : result.files) ctx.note(fmt::format("seeded {}", f));
        ctx.note(fmt::format("ran {} seed file{} in one transaction in {} ms", result.files.size(),
                             result.files.size() == 1 ? "" : "s", result.elapsed.count()));
    }
    return kExitOk;
}

int run_seed(const Context& ctx, const SeedFlags& flags) {
    const Settings settings = load_settings(ctx);
    if (settings.is_production() && !flags.force_production) {
        // Refuse before touching the database at all.
        return seed(ctx, settings, DatabaseTarget{}, false);
    }
    return seed(ctx, settings, resolve_database(ctx), flags.force_production);
}

int run_bootstrap(const Context& ctx, const SeedFlags& flags) {
    const Settings settings = load_settings(ctx);
    const DatabaseTarget target = resolve_database(ctx);
    migrate::Migrator migrator(migrator_options(ctx, settings, target, flags.run));
    migrator.up();
    if (settings.is_production() && !flags.force_production) {
        throw migrate::ProductionSeedRefused(
            "migrations applied, but refusing to seed: the environment is production. Use "
            "`strata up` in production, or pass --force-production-seed if you really mean it");
    }
    return seed(ctx, settings, target, flags.force_production);
}

}  // namespace

void add_seed_command(CLI::App& app, Context& ctx) {
    auto flags = std::make_shared<SeedFlags>();
    auto* cmd = app.add_subcommand(
        "seed", "Run db/seeds/*.sql in name order in one transaction (not in production)");
    cmd->add_flag("--force-production-seed", flags->force_production,
                  "Seed even when the environment is production");
    cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return run_seed(ctx, *flags); }; });

    auto bflags = std::make_shared<SeedFlags>();
    auto* boot = app.add_subcommand(
        "bootstrap",
        "Apply migrations, then seed. In production it applies the migrations, then refuses to "
        "seed and exits 1 (unless --force-production-seed)");
    boot->add_flag("--force-production-seed", bflags->force_production,
                   "Seed even when the environment is production");
    add_lock_timeout_flag(*boot, bflags->run.lock_timeout_s,
                          "Seconds to wait for the migration lock");
    boot->callback(
        [&ctx, bflags] { ctx.action = [&ctx, bflags] { return run_bootstrap(ctx, *bflags); }; });
}

}  // namespace strata::cli
