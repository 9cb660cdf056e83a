// Migration-safety lint: each migration's statements (libpg_query parse trees) checked against
// the catalog as it was before the run, knowing what earlier statements of the run did.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "strata/lint/config.hpp"
#include "strata/lint/finding.hpp"
#include "strata/migrate/migration.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::lint {

/// A migration file as lint reads it: the parsed migration (nullopt when the file does not
/// load) and the findings about the file itself (a misplaced `-- migrate:no-transaction`, a
/// file the migrations layer refuses).
struct LintedFile {
    std::optional<migrate::Migration> migration;
    std::vector<Finding> findings;
};

/// Reads a migration file for lint. Never throws for the file's content: a file the
/// migrations layer refuses becomes a `migration-invalid` finding (file:line), except a
/// `-- migrate:no-transaction` after `-- migrate:up`, which is reported as
/// `no-transaction-misplaced` and the file linted as transactional. Throws MigrationFileError
/// only when the file cannot be read. Findings get config's severity (off ones are dropped).
[[nodiscard]] LintedFile read_migration_for_lint(const std::filesystem::path& path,
                                                 const Config& config);

/// Progress of a long migration's lint: (file, bytes done, bytes in its up section).
using LintProgress =
    std::function<void(const std::filesystem::path& file, std::size_t done, std::size_t total)>;

struct MigrationLintOptions {
    /// Unqualified names resolve through these schemas, in order (`SET search_path` in a
    /// migration changes it for the rest of that migration).
    std::vector<std::string> search_path{"public"};
    /// Treat every migration as its own run: what earlier migrations created counts as an
    /// existing (populated) table. Off: the migrations are one run (`strata up` applying them
    /// together), so a table created by an earlier one is new.
    bool each_migration_is_a_run = false;
    /// Called as a migration longer than sql::kParsePieceBytes is parsed piece by piece, with
    /// (its file, bytes done, bytes in its up section), so a long file shows progress at once.
    LintProgress progress;
};

/// Lints migrations, in order, as one run (see options) against before, the catalog of the
/// database they will be applied to. A statement the parser rejects is a `migration-invalid`
/// finding at its file:line:column and the rest of that file is skipped; other files are still
/// linted. Findings of rules the config turns off, or whose object is exempt, or that a
/// `-- strata:ignore <rule>` comment suppresses, are left out. Thread-safety: pure function.
[[nodiscard]] std::vector<Finding> lint_migrations(const schema::Catalog& before,
                                                   const std::vector<migrate::Migration>& run,
                                                   const Config& config,
                                                   const MigrationLintOptions& options = {});

}  // namespace strata::lint
