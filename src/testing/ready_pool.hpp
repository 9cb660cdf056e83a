// Ready clones made ahead of time by background threads, and drops done off the test's path.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "strata/session/database.hpp"
#include "strata/session/pool.hpp"
#include "testing/clone_reuse.hpp"

namespace strata::testing::detail {

/// A clone made and connected before a test asked for it; owned by this process (its name is a
/// strata_clone_<pid>_<start>_<n>, so `gc` drops it after a crash).
struct ReadyClone {
    std::string name;
    std::string url;
    session::Database database;
    /// The clone as it was handed out (compared after the test to reuse it); nullopt when reuse
    /// is off.
    std::optional<CloneState> baseline;
};

/// What a pool of ready clones is made of. Pools are keyed by admin_url, template and pool
/// options; source names what the template was built from (migrations and seeds directories):
/// when a source's template changes, the ready clones of the old one are dropped.
struct ReadyRequest {
    std::string admin_url;             ///< resolved maintenance URL
    std::string configured_admin_url;  ///< TestDatabaseOptions::admin_url (strategy choice)
    std::string template_name;
    std::string source;
    session::PoolOptions pool;
    std::size_t target = 0;  ///< ready clones to keep (0: no pool)
    bool reuse = true;       ///< finished tests' unchanged clones go back to the pool
};

/// How many ready clones to keep: configured, else $STRATA_TEST_READY_CLONES, else 2.
/// Throws UsageError for a malformed variable.
[[nodiscard]] std::size_t ready_clone_target(std::optional<std::size_t> configured);

/// The next ready clone of request's pool, or nullopt when none is ready nor being made (the
/// caller clones on demand). Creates the pool on first use and wakes the refill threads; drops
/// the ready clones of an older template of the same source. Thread-safe.
[[nodiscard]] std::optional<ReadyClone> take_ready_clone(const ReadyRequest& request);

/// Drops database name (after its connections ended) on a background thread. Thread-safe.
void drop_in_background(const std::string& admin_url, const std::string& name);

/// After a test, on a background thread: the clone goes back among request's ready clones with
/// database (the test's, its pooled connections reset as usual and their advisory locks
/// released) when the test changed nothing (see CloneState; also no SQL-level prepared
/// statement left, no other session still connected); else it is closed and dropped.
/// Thread-safe.
void recycle_in_background(const ReadyRequest& request, std::string name, std::string url,
                           CloneState baseline, session::Database database);

/// Waits until every drop and recycle requested so far (and every outdated clone) is done.
/// Thread-safe.
void wait_for_background_drops();

/// Names of the ready clones this process holds for template_name (tests).
[[nodiscard]] std::vector<std::string> ready_clone_names(const std::string& template_name);

/// Stops the refill threads, drops every ready clone and finishes the pending drops. Runs at
/// exit; later takes start the pool again. Thread-safe.
void shut_down_ready_pools();

}  // namespace strata::testing::detail
