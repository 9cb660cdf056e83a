// strata::cluster alone: a local cluster's layout (nothing is started).
#include <strata/cluster/local_cluster.hpp>

int main() {
    strata::cluster::LocalClusterOptions options;
    options.dir = "package-test-cluster";
    const strata::cluster::LocalCluster cluster(options);
    return !cluster.is_initialized() && cluster.data_dir().filename() == "pgdata" ? 0 : 1;
}
