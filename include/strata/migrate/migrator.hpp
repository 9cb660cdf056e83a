// Migrator: applies and reverts migrations against one database, one run at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/migrate/history.hpp"
#include "strata/migrate/migration_set.hpp"
#include "strata/migrate/status.hpp"

namespace strata::migrate {

struct MigratorOptions {
    std::string url;  ///< the database (resolved by the caller: flags, env, config, embedded)
    std::filesystem::path migrations_dir = "db/migrations";
    HistoryLocation history;
    std::chrono::milliseconds lock_timeout{60'000};
    bool allow_edited = false;  ///< run even though an applied migration's file changed
    bool strict = false;        ///< refuse to apply out-of-order migrations instead of warning
    /// redo: revert the last applied migration even while another one is pending (after a
    /// failed redo the pending one is the migration being edited). down: also run the down
    /// statements of a partly applied no-transaction migration whose up statements never ran.
    bool force = false;
    std::string actor;  ///< recorded as applied_by; default "<os user>@<host>"
    /// Progress lines ("applying ...", "waiting for the migration lock held by ..."). Default:
    /// strata::log info.
    std::function<void(const std::string&)> report;
    /// Warnings (out-of-order applies). Default: strata::log warn.
    std::function<void(const std::string&)> warn;
};

/// Receives a SQL script piece by piece (Migrator::up_sql of a long migration).
using SqlSink = std::function<void(std::string_view piece)>;

/// One migration applied or reverted by a run.
struct StepResult {
    std::string version;
    std::string name;
    std::chrono::milliseconds elapsed{0};
};

struct RunSummary {
    std::vector<StepResult> steps;
    std::chrono::milliseconds elapsed{0};
};

/// Thread-safety: one Migrator per thread; several processes may run against one database at
/// once (the lock serialises them and each migration is applied exactly once).
class Migrator {
public:
    explicit Migrator(MigratorOptions options);

    /// Files vs history. Read-only: creates nothing, takes no lock. Like history(), events(),
    /// up_sql() and down_sql() it opens a SQLite file read-only, and a SQLite file that does not
    /// exist reads as an empty database (nothing applied; reported) and is not created.
    [[nodiscard]] StatusReport status();
    /// The history rows in apply order (empty when the history table does not exist).
    [[nodiscard]] std::vector<AppliedMigration> history();
    [[nodiscard]] std::vector<MigrationEvent> events();

    /// target: "head" (default), "+N" (the next N pending), or a VERSION (every pending
    /// migration up to and including it). Refuses to start while an applied migration was
    /// edited (unless allow_edited) and, with strict, when a pending one is out of order.
    /// Every pending file is split and checked before anything runs.
    RunSummary up(std::string_view target = "head");
    /// target: "-N" (the last N applied, by apply order; default -1), a VERSION (revert every
    /// applied migration newer than it), or "base" (all). Every migration to revert must have
    /// a down section and its file, or nothing runs.
    RunSummary down(std::string_view target = "-1");
    /// Reverts the last applied migration and applies its file again, under one lock: both
    /// sections are split and checked before anything runs, and when both are transactional
    /// they run in one transaction (a failure leaves it applied as it was). Editing that
    /// migration is what redo is for: no allow_edited needed, the new checksum is recorded.
    /// Refuses (unless force) while another migration is pending and the last applied one is
    /// unedited: after a failed redo, redo again must not revert the migration before it.
    RunSummary redo();

    /// Exactly what up(target) / down(target) would run, as a SQL script: statements and the
    /// history bookkeeping. Touches nothing.
    [[nodiscard]] std::string up_sql(std::string_view target = "head");
    /// The same script handed to sink in pieces of about a megabyte as it is written, so a long
    /// migration's script is never held whole in memory.
    void up_sql(std::string_view target, const SqlSink& sink);
    [[nodiscard]] std::string down_sql(std::string_view target = "-1");
    /// What redo() would run: the down of the last applied migration, then its up.
    [[nodiscard]] std::string redo_sql();

    /// Records every migration up to and including version as applied without running them
    /// (adopting a database built by other tools). Throws if version has no file.
    RunSummary baseline(std::string_view version);
    /// Accepts the current checksum of every edited migration (logged as "repair" events) and
    /// returns their versions. Also forgets a partial migration when forget_partial is set.
    std::vector<std::string> repair(bool forget_partial = false);

    [[nodiscard]] const MigratorOptions& options() const { return options_; }

private:
    MigratorOptions options_;
};

}  // namespace strata::migrate
