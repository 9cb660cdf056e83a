// Resolving the database a command uses: configuration first, the managed local cluster last.
#include "database_target.hpp"

#include <fmt/format.h>

#include "managed_cluster.hpp"

namespace strata::cli {

Settings load_settings(const Context& ctx) {
    LoadOptions options;
    options.project_dir = ctx.project_dir();
    if (!ctx.global.config.empty()) options.config_file = ctx.global.config;
    if (!ctx.global.env_file.empty()) options.env_file = ctx.global.env_file;
    if (!ctx.global.url.empty()) options.flags["url"] = ctx.global.url;
    return Settings::load(options);
}

DatabaseTarget resolve_database(const Context& ctx, bool start_managed) {
    const Settings settings = load_settings(ctx);
    const DatabaseSettings db = settings.database(kMainDatabase);
    if (db.url) {
        std::string origin = "configuration";
        for (const auto& e : settings.entries()) {
            if (e.key == "database.url") origin = e.source;
        }
        return {db.url->to_string(DatabaseUrl::Password::reveal), origin, false};
    }
    settings.refuse_managed_database_in_production(kMainDatabase);
    auto cluster = managed_cluster(settings.project_dir());
    DatabaseTarget target{
        managed_url(*cluster),
        fmt::format("managed local PostgreSQL ({})", cluster->options().dir.string()), true};
    if (start_managed) {
        require_server_binaries(*cluster);
        const bool running = cluster->status().accepting;
        if (!running) cluster->ensure_running();
        const auto note = settings.database_look_alike_note(kMainDatabase);
        ctx.note(
            fmt::format("no database URL configured: using the managed local PostgreSQL in {}{}{}",
                        cluster->options().dir.string(), running ? "" : " (started it)",
                        note.empty() ? "" : "; " + note));
    }
    return target;
}

driver::Connection open_read_only(const std::string& url) {
    driver::ConnectOptions options;
    options.url = url;
    options.read_only = true;
    return driver::Connection::open(options);
}

}  // namespace strata::cli
