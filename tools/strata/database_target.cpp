// Resolving the database a command uses: configuration first, the managed local cluster last.
#include "database_target.hpp"

#include <fmt/format.h>

#include "config_lookup.hpp"
#include "managed_cluster.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"

namespace strata::cli {
namespace {

DatabaseTarget checked(std::string url, std::string origin) {
    const DatabaseUrl parsed = DatabaseUrl::parse(url, origin);  // ConfigError names origin
    if (parsed.password()) log::register_secret(*parsed.password());
    return {std::move(url), std::move(origin), false};
}

}  // namespace

DatabaseTarget resolve_database(const Context& ctx, bool start_managed) {
    if (!ctx.global.url.empty()) return checked(ctx.global.url, "--url");
    if (auto v = lookup_config(ctx, "DATABASE_URL")) {
        return checked(v->value, fmt::format("DATABASE_URL ({})", v->origin));
    }
    auto cluster = managed_cluster(ctx.project_dir());
    DatabaseTarget target{managed_url(*cluster),
                          fmt::format("managed local PostgreSQL ({})", cluster->options().dir.string()),
                          true};
    if (start_managed) {
        require_server_binaries(*cluster);
        const bool running = cluster->status().accepting;
        if (!running) cluster->ensure_running();
        ctx.note(fmt::format("no database URL configured: using the managed local PostgreSQL in {}{}",
                             cluster->options().dir.string(), running ? "" : " (started it)"));
    }
    return target;
}

}  // namespace strata::cli
