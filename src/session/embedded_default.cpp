// The embedded default: the managed PostgreSQL under .strata/, started on first use.
#include "session/embedded_default.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "strata/core/log.hpp"
#include "strata/session/local_cluster.hpp"

namespace strata::session {

std::string embedded_default_url(std::string_view name, const std::filesystem::path& project_dir) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::unique_ptr<LocalCluster>> clusters;
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
        "(socket {})",
        name, dir.string(), status.socket_dir);
    return cluster->url("postgres");
}

}  // namespace strata::session
