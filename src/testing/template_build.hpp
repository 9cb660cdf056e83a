// What building a template does on either backend: resolve the directories, migrate, seed.
#pragma once

#include <filesystem>
#include <string>

#include "strata/testing/templates.hpp"

namespace strata::testing::detail {

/// options.migrations_dir, else $STRATA_TEST_MIGRATIONS_DIR, else db/migrations.
[[nodiscard]] std::filesystem::path resolved_migrations_dir(const TestDatabaseOptions& options);
/// options.seeds_dir, else $STRATA_TEST_SEEDS_DIR, else db/seeds.
[[nodiscard]] std::filesystem::path resolved_seeds_dir(const TestDatabaseOptions& options);

/// True the first time this process asks for key (a template's last use is recorded once per
/// process). Thread-safe.
[[nodiscard]] bool first_use_in_process(const std::string& key);

/// Applies the migrations (and with options.seed the seeds) to the database at url. A failing
/// migration throws migrate::MigrationFailed naming template_name and the file:line.
void migrate_and_seed(const std::string& url, const TestDatabaseOptions& options,
                      const std::string& template_name);

}  // namespace strata::testing::detail
