// The project's managed local PostgreSQL (the embedded default) as the CLI sees it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "strata/cluster/local_cluster.hpp"

namespace strata::cli {

/// The LocalCluster of a project: <project>/.strata, database "postgres" (the same cluster
/// strata::cluster::install_embedded_default() gives a Database with no URL configured).
[[nodiscard]] std::unique_ptr<LocalCluster> managed_cluster(
    const std::filesystem::path& project_dir);

/// Throws Error saying what to install (postgresql-15) or how to point strata at a server or at
/// SQLite when the cluster found no PostgreSQL server binaries.
void require_server_binaries(const LocalCluster& cluster);

/// The URL clients use for the managed cluster's "postgres" database.
[[nodiscard]] std::string managed_url(const LocalCluster& cluster);

}  // namespace strata::cli
