// SQLite test databases: a migrated template file per migrations hash, copied per test.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "strata/testing/templates.hpp"

namespace strata::testing::detail {

/// True for sqlite: URLs (the test databases are files then, not server databases).
[[nodiscard]] bool is_sqlite_url(std::string_view url);

/// Where the test databases of a SQLite project live: the directory `.strata-testdb` beside the
/// file admin_url names (created when missing). Throws UsageError for sqlite::memory: (no
/// directory) and ConfigError for a malformed URL.
[[nodiscard]] std::filesystem::path sqlite_test_dir(const std::string& admin_url);

/// The file of a test database name (strata_tpl_..., strata_clone_..., strata_testdb_...).
[[nodiscard]] std::filesystem::path sqlite_file(const std::filesystem::path& dir,
                                                std::string_view name);
/// The sqlite: URL of a file (absolute).
[[nodiscard]] std::string sqlite_url_of(const std::filesystem::path& file);

/// ensure_template for a SQLite project: <dir>/<name>.db, built once under an flock on
/// <dir>/<name>.lock into <name>.db.building (migrations, seeds), then renamed. Its mtime
/// records the last use (once per process). Throws what the build throws; leaves nothing.
void ensure_sqlite_template(const TestDatabaseOptions& options, const std::string& admin_url,
                            TemplateInfo& info);

/// Copies the template file to a new clone file; returns the clone's URL.
std::string copy_sqlite_template(const std::string& admin_url, const std::string& tpl,
                                 const std::string& name);

/// Removes a test database file (and its -wal, -shm, -journal). False when it did not exist.
bool remove_sqlite_database(const std::filesystem::path& file);

/// collect_garbage for a SQLite project's directory.
GcReport collect_sqlite_garbage(const GcOptions& options);

}  // namespace strata::testing::detail
