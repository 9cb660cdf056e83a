// strata::cluster alone: a local cluster's layout (nothing is started).
#include <strata/cluster/local_cluster.hpp>
#include "check.hpp"

int main() {
    strata::cluster::LocalClusterOptions options;
    options.dir = "package-test-cluster";
    const strata::cluster::LocalCluster cluster(options);
    return PACKAGE_CHECK(!cluster.is_initialized() && cluster.data_dir().filename() == "pgdata");
}
