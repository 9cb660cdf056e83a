// Template databases keyed by the migrations' hash: built once, cloned per test, collected when
// old.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "strata/session/pool.hpp"

namespace strata::testing {

/// What a test database is made from, and how it is handed out. Every field has a default, so
/// `migrated_database({.migrations_dir = "db/migrations", .seed = true})` reads well.
struct TestDatabaseOptions {
    /// The project's migrations. Empty: $STRATA_TEST_MIGRATIONS_DIR, else "db/migrations"
    /// (relative to the working directory).
    std::filesystem::path migrations_dir{};
    /// Also run seeds_dir/*.sql (in name order, one transaction) on the template.
    bool seed = false;
    /// Empty: $STRATA_TEST_SEEDS_DIR, else "db/seeds".
    std::filesystem::path seeds_dir{};
    /// Superuser URL of the server's maintenance database. Empty: Server::instance().admin_url().
    std::string admin_url{};
    /// Pool of the returned Database (ignored in rollback mode, which uses a pool of one).
    session::PoolOptions pool{.size = 2, .max_overflow = 8};
    /// DatabaseTest only: instead of a clone per test, one clone per process and template, each
    /// test inside a transaction (BEGIN in SetUp, ROLLBACK in TearDown) on a pool of one
    /// connection. Faster; the test must not commit, and cannot test concurrency.
    bool transaction_rollback = false;
    /// migrated_database only: connected clones of the current template kept ready by two
    /// background threads, which also drop the clones of finished tests, so that a test takes a
    /// database without waiting for CREATE DATABASE (see docs/testing.md). Empty:
    /// $STRATA_TEST_READY_CLONES, else 2. 0: clone and drop on demand, in the test's thread.
    std::optional<std::size_t> ready_clones{};
    /// migrated_database with ready clones only: a finished test whose clone it changed in no way
    /// (no row inserted, updated or deleted, catalog rows included, no sequence advanced, no
    /// database-level setting, comment, grant, prepared transaction or replication slot; all of
    /// its sessions ended) gives the clone back to the ready pool, connected anew, instead of
    /// having it dropped: read-only tests then cost no CREATE DATABASE at all. Empty:
    /// $STRATA_TEST_REUSE_CLONES ("0" or "1"), else true. A test that turns track_counts off
    /// (superuser only) defeats the check: set false for such suites.
    std::optional<bool> reuse_unchanged{};
};

/// The template database for some options, as found or built.
struct TemplateInfo {
    std::string name;         ///< strata_tpl_<first 16 hex digits of fingerprint>
    std::string fingerprint;  ///< SHA-256 hex of (migrations, strata version, seeds if seeding)
    bool built = false;       ///< this call built it (false: it existed)
    std::chrono::milliseconds elapsed{0};
};

/// The template's key: SHA-256 over MigrationSet::fingerprint() of the migrations, strata's
/// version and, when seeding, every seed file's name and contents. Throws MigrationFileError for
/// an unusable migrations directory.
[[nodiscard]] std::string template_fingerprint(const TestDatabaseOptions& options);

/// Returns the template for options, building it first when it does not exist. The build runs
/// under pg_advisory_lock (key from the fingerprint, on the maintenance database) so that
/// racing processes build it once: CREATE DATABASE <name>_building, apply the migrations
/// (Migrator), run the seeds, then in one transaction rename it to <name> and mark it
/// IS_TEMPLATE true ALLOW_CONNECTIONS false. A leftover <name>_building (a crashed builder) is
/// dropped first. On failure nothing is left and the error is rethrown: a failing migration as
/// migrate::MigrationFailed naming the template and file:line. After a build, templates unused
/// for 7 days are collected. Records the last use (once per process) in the database comment.
/// Thread-safe; safe across processes.
TemplateInfo ensure_template(const TestDatabaseOptions& options);

/// The URL of the maintenance database ("postgres") on the server of url, same credentials:
/// what admin_url should be when all you have is an application's DATABASE_URL. Throws
/// UsageError for a URL libpq cannot parse.
[[nodiscard]] std::string maintenance_url(const std::string& url);

/// What collect_garbage removes.
struct GcOptions {
    /// Superuser URL of the maintenance database. Empty: Server::instance().admin_url().
    std::string admin_url{};
    /// Templates not used for this long are dropped...
    std::chrono::seconds template_max_age{std::chrono::hours(24 * 7)};
    /// ...except the most recently used keep_templates ones.
    std::size_t keep_templates = 3;
    /// Clones made by `strata testdb create` older than this are dropped.
    std::chrono::seconds cli_clone_max_age{std::chrono::hours(24)};
    /// Also stop and remove private test clusters of dead processes (reap_orphaned_clusters).
    bool reap_clusters = true;
    /// Drop clones at all (false: templates only, as after a template build).
    bool clones = true;
};

/// What collect_garbage removed.
struct GcReport {
    std::vector<std::string> clones;     ///< per-test clones whose owner process is gone
    std::vector<std::string> templates;  ///< old templates and half-built ones
    std::size_t clusters = 0;            ///< private clusters reaped
};

/// Drops what crashed or old runs left: clones named strata_clone_<pid>_<start>_<n> whose owner
/// process is gone (judged on this machine: run it where the tests ran), CLI clones
/// (strata_testdb_<unix time>_...) older than cli_clone_max_age, templates older than
/// template_max_age beyond the keep_templates most recent, <name>_building databases no builder
/// holds the lock for. Thread-safe.
GcReport collect_garbage(const GcOptions& options = {});

}  // namespace strata::testing
