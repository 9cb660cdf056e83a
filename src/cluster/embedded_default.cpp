// The managed local PostgreSQL under .strata/, started on first use, as an embedded default.
#include "strata/cluster/embedded_default.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>

#include "strata/cluster/local_cluster.hpp"

namespace strata::cluster {

session::EmbeddedDatabase managed_local_database(std::string_view /*name*/,
                                                 const std::filesystem::path& project_dir) {
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
    return {cluster->url("postgres"), fmt::format("the managed local PostgreSQL in {} (socket {})",
                                                  dir.string(), status.socket_dir)};
}

void install_embedded_default() {
    (void)session::set_embedded_default(&managed_local_database);
}

}  // namespace strata::cluster
