// The embedded-default hook: installed by whoever links a provider; checked after the environment.
#include "session/embedded_default.hpp"

#include <fmt/format.h>

#include <mutex>
#include <utility>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"
#include "strata/session/embedded_default.hpp"

namespace strata::session {
namespace {

std::mutex& hook_mutex() {
    static std::mutex mutex;
    return mutex;
}

EmbeddedDefault& installed_hook() {
    static EmbeddedDefault hook;
    return hook;
}

}  // namespace

EmbeddedDefault set_embedded_default(EmbeddedDefault hook) {
    std::lock_guard lock(hook_mutex());
    return std::exchange(installed_hook(), std::move(hook));
}

bool has_embedded_default() {
    std::lock_guard lock(hook_mutex());
    return static_cast<bool>(installed_hook());
}

std::string embedded_default_url(std::string_view name, const std::filesystem::path& project_dir) {
    // The environment first: production never falls back to a local database, whatever
    // DatabaseOptions said (an empty URL there reaches this function too).
    LoadOptions load;
    load.project_dir = project_dir;
    const Settings settings = Settings::load(load);
    settings.refuse_managed_database_in_production(name);
    EmbeddedDefault hook;
    {
        std::lock_guard lock(hook_mutex());
        hook = installed_hook();
    }
    if (!hook) {
        throw ConfigError(fmt::format(
            "{}. This program has no embedded default database (only programs that call "
            "strata::cluster::install_embedded_default() start one): configure a URL",
            settings.describe_missing_database_url(name)));
    }
    EmbeddedDatabase db = hook(name, project_dir);
    auto look_alikes = settings.database_look_alike_note(name);
    log::info("database '{}': no URL configured; using {}{}", name, db.description,
              look_alikes.empty() ? "" : "; " + look_alikes);
    return std::move(db.url);
}

}  // namespace strata::session
