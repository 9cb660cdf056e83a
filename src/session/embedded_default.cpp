// The embedded default: the managed PostgreSQL under .strata/, started on first use.
#include "session/embedded_default.hpp"

#include <filesystem>
#include <memory>
#include <mutex>

#include "strata/core/log.hpp"
#include "strata/session/local_cluster.hpp"

namespace strata::session {

std::string embedded_default_url(std::string_view name) {
    static std::mutex mutex;
    static std::unique_ptr<LocalCluster> cluster;
    std::lock_guard lock(mutex);
    if (!cluster) {
        LocalClusterOptions options;
        options.dir = std::filesystem::absolute(".strata");
        cluster = std::make_unique<LocalCluster>(std::move(options));
    }
    const auto status = cluster->ensure_running();
    log::info("database '{}': no URL configured; using the managed local PostgreSQL in {} "
              "(socket {})",
              name, cluster->options().dir.string(), status.socket_dir);
    return cluster->url("postgres");
}

}  // namespace strata::session
