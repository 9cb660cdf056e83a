// Migrator baseline and repair: recording history without running migrations.
#include <fmt/format.h>

#include "run.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate {

RunSummary Migrator::baseline(std::string_view version) {
    const auto start = Clock::now();
    MigrationRun run(options_, true);
    if (!run.files_.find(version)) {
        throw UsageError(fmt::format("baseline: no migration file with version \"{}\" in {}",
                                     version, options_.migrations_dir.string()));
    }
    RunSummary summary;
    run.ensure_history();
    run.begin();
    try {
        for (const auto& e : run.status_.entries) {
            if (VersionLess{}(version, e.version) || !e.file) continue;
            if (e.applied) continue;
            auto row = run.make_row(*e.file, std::chrono::milliseconds(0), 0, 0, true);
            row.apply_order = run.history_.next_apply_order();
            run.history_.insert(row);
            run.history_.log_event(run.make_event("baseline", *e.file, "recorded without running"));
            summary.steps.push_back({e.version, e.name, std::chrono::milliseconds(0)});
        }
        run.commit();
    } catch (...) {
        run.rollback();
        throw;
    }
    summary.elapsed = since(start);
    run.report(
        fmt::format("baseline: recorded {} migration{} up to {} as applied without running them",
                    summary.steps.size(), summary.steps.size() == 1 ? "" : "s", version));
    return summary;
}

std::vector<std::string> Migrator::repair(bool forget_partial) {
    MigrationRun run(options_, true);
    std::vector<std::string> repaired;
    run.begin();
    try {
        for (const auto& e : run.status_.entries) {
            if (e.state == State::edited) {
                const Migration& file = run_detail::file_of(e);
                const AppliedMigration& applied = run_detail::applied_of(e);
                run.history_.update_checksum(e.version, file.checksum);
                run.history_.log_event(run.make_event(
                    "repair", file, "accepted checksum (was " + applied.checksum + ")"));
                repaired.push_back(e.version);
            } else if (e.state == State::partial && forget_partial) {
                const AppliedMigration& applied = run_detail::applied_of(e);
                run.history_.remove(e.version);
                Migration m;
                m.version = e.version;
                m.name = e.name;
                m.checksum = applied.checksum;
                run.history_.log_event(
                    run.make_event("repair", m,
                                   fmt::format("forgot a partial run ({} of {} statements)",
                                               applied.statements_done, applied.statements_total)));
                repaired.push_back(e.version);
            }
        }
        run.commit();
    } catch (...) {
        run.rollback();
        throw;
    }
    run.report(repaired.empty() ? std::string("repair: nothing to repair")
                                : fmt::format("repair: accepted {}", fmt::join(repaired, ", ")));
    return repaired;
}

}  // namespace strata::migrate
