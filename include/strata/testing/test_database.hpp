// TestDatabase: a fresh clone of the migrated template for one test, dropped unless kept.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "strata/session/database.hpp"
#include "strata/testing/templates.hpp"

namespace strata::testing {

/// A clone of a template database, owned by one test. The destructor drops it unless keep()
/// was called; kept clones are printed with their URL so the developer can connect. On the
/// default private cluster a kept clone also keeps the cluster running after the process exits
/// (until the next test run or `strata testdb gc`). Move-only. Thread-safety: not thread-safe
/// itself; database() hands out a thread-safe Database.
class TestDatabase {
public:
    TestDatabase(TestDatabase&& other) noexcept;
    TestDatabase& operator=(TestDatabase&& other) noexcept;
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    /// Drops the clone (terminating its connections) unless kept. Never throws.
    ~TestDatabase();

    /// Superuser URL of the clone (no password on strata's own clusters).
    [[nodiscard]] const std::string& url() const;
    [[nodiscard]] const std::string& name() const;
    [[nodiscard]] const std::string& template_name() const;
    /// The clone as a pooled Database, already connected once.
    [[nodiscard]] session::Database& database();

    /// Keeps the clone after this object dies and prints "kept test database <name>: <url>"
    /// (password redacted) on stderr, with why.
    void keep(std::string_view why = {});
    [[nodiscard]] bool kept() const;
    /// Drops the clone now (throws strata::Error on failure); the destructor then does nothing.
    void drop();

private:
    friend TestDatabase migrated_database(const TestDatabaseOptions& options);
    struct State;
    explicit TestDatabase(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

/// A fresh, migrated (and with options.seed, seeded) database for one test:
/// ensure_template(options), then CREATE DATABASE strata_clone_<pid>_<start>_<n> TEMPLATE it
/// (strategy: Server::clone_strategy()), then one connection opened. For any test framework:
///
///     auto tdb = strata::testing::migrated_database({.migrations_dir = "db/migrations"});
///     tdb.database().transact([](strata::Session& s) { ... });
///     if (failed) tdb.keep("test X failed");
///
/// Throws what ensure_template throws, or strata::Error when the clone cannot be made.
/// Thread-safe.
[[nodiscard]] TestDatabase migrated_database(const TestDatabaseOptions& options = {});

/// For transaction-rollback mode: one clone per process and template, opened with a pool of
/// exactly one connection (so every test sees the same connection and its open transaction),
/// dropped at process exit (or by collect_garbage after a crash). Thread-safe; the returned
/// Database lives until the process exits.
[[nodiscard]] session::Database& process_database(const TestDatabaseOptions& options = {});

/// A clone not owned by this process (`strata testdb create`): named
/// strata_testdb_<unix time>_<pid>_<n>, never dropped automatically; `drop_test_database` or
/// `collect_garbage` (by age) remove it. Returns its URL.
[[nodiscard]] std::string create_detached_clone(const TestDatabaseOptions& options);

/// Drops a clone (or any strata test database) by URL or name on the server of admin_url
/// (empty: Server::instance()). Refuses names that strata did not create. Throws strata::Error.
/// Returns false (and drops nothing) when no database of that name exists.
bool drop_test_database(std::string_view url_or_name, const std::string& admin_url = {});

}  // namespace strata::testing
