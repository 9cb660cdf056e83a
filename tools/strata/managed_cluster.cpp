// The project's managed local PostgreSQL: where it lives and what to say when it cannot run.
#include "managed_cluster.hpp"

#include <unistd.h>

#include "strata/core/error.hpp"

namespace strata::cli {

std::unique_ptr<LocalCluster> managed_cluster(const std::filesystem::path& project_dir) {
    LocalClusterOptions options;
    options.dir = project_dir / ".strata";
    return std::make_unique<LocalCluster>(std::move(options));
}

void require_server_binaries(const LocalCluster& cluster) {
    std::error_code ec;
    const std::filesystem::path bin = cluster.bin_dir();
    if (!bin.empty() && std::filesystem::exists(bin / "initdb", ec) &&
        std::filesystem::exists(bin / "postgres", ec)) {
        return;
    }
    throw Error(
        "no database URL is configured and the PostgreSQL server binaries (initdb, postgres) "
        "were not found for the managed local cluster.\n"
        "  install them:            sudo apt-get install postgresql-15   (or set "
        "STRATA_PG_BINDIR)\n"
        "  or use a server:         --url postgresql://user@host/db   or DATABASE_URL=...\n"
        "  or use SQLite:           --url sqlite:///app.db");
}

std::string managed_url(const LocalCluster& cluster) {
    return cluster.url("postgres");
}

}  // namespace strata::cli
