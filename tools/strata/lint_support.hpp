// What `strata lint` and `strata up` share: the lint configuration, migration files read for
// lint, the pending run of a database linted against its catalog.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cli_context.hpp"
#include "strata/core/settings.hpp"
#include "strata/lint/config.hpp"
#include "strata/lint/finding.hpp"
#include "strata/lint/migration_lint.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::cli {

/// The [lint] configuration of the project's strata.toml (defaults when there is none).
[[nodiscard]] lint::Config load_lint_config(const Settings& settings);

/// Every migration file of dir in version order, read for lint: the ones that load, and the
/// findings about the ones that do not.
struct LintFiles {
    std::vector<migrate::Migration> migrations;
    std::vector<lint::Finding> findings;
};
[[nodiscard]] LintFiles read_lint_files(const std::filesystem::path& dir,
                                        const lint::Config& config);

/// Versions recorded as applied on url whose file changed since (checksum differs): `strata
/// lint` checks them with the pending ones.
[[nodiscard]] std::vector<std::string> edited_versions(const std::string& url,
                                                       const Settings& settings);

/// The safety lint of what `up target` would apply to the PostgreSQL database at url: the
/// pending migrations (up to target: head, +N or VERSION) against its current catalog, as one
/// run, plus the file findings of those migrations.
[[nodiscard]] std::vector<lint::Finding> lint_pending(const std::string& url,
                                                      const Settings& settings,
                                                      const lint::Config& config,
                                                      std::string_view target = "head",
                                                      const lint::LintProgress& progress = {});

/// Progress lines for a long migration's lint ("linting FILE: 3 of 10 MB parsed"), at most
/// one a second, on stderr.
[[nodiscard]] lint::LintProgress lint_progress_notes(const Context& ctx);

/// Prints findings as text (stdout) followed by a count line on stderr.
void print_findings(const Context& ctx, const std::vector<lint::Finding>& findings);

}  // namespace strata::cli
