// The embedded default: the managed PostgreSQL under .strata/, started on first use.
#include "session/embedded_default.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"
#include "strata/session/local_cluster.hpp"

namespace strata::session {

std::string embedded_default_url(std::string_view name, const std::filesystem::path& project_dir) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::unique_ptr<LocalCluster>> clusters;
    // The environment first: production never falls back to a local database, whatever
    // DatabaseOptions said (an empty URL there reaches this hook too).
    LoadOptions load;
    load.project_dir = project_dir;
    const Settings settings = Settings::load(load);
    settings.refuse_managed_database_in_production(name);
    auto look_alikes = settings.database_look_alike_note(name);
    if (!look_alikes.empty()) look_alikes.insert(0, "; ");
    std::lock_guard lock(mutex);
    const auto dir = std::filesystem::absolute(project_dir.empty() ? std::filesystem::current_path()
                                                                   : project_dir) /
                     ".strata";
    auto& cluster = clusters[dir];
    if (!cluster) {
        LocalClusterOptions options;
        options.dir = dir;
        cluster = std::make_unique<LocalCluster>(std::move(options));
    }
    const auto status = cluster->ensure_running();
    log::info(
        "database '{}': no URL configured; using the managed local PostgreSQL in {} "
        "(socket {}){}",
        name, dir.string(), status.socket_dir, look_alikes);
    return cluster->url("postgres");
}

}  // namespace strata::session
