// The migration runner: lock, plan, apply/revert each migration with its history row.
#include "strata/migrate/migrator.hpp"

#include <fmt/format.h>

#include "run.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/version.hpp"

namespace strata::migrate {

Migrator::Migrator(MigratorOptions options) : options_(std::move(options)) {}

StatusReport Migrator::status() {
    MigrationRun run(options_, false, Access::read_only);
    return run.status_;
}

std::vector<AppliedMigration> Migrator::history() {
    MigrationRun run(options_, false, Access::read_only);
    return run.applied_;
}

std::vector<MigrationEvent> Migrator::events() {
    MigrationRun run(options_, false, Access::read_only);
    if (!run.history_.exists()) return {};
    return run.history_.events();
}

namespace {

/// Applies the selected entries in order, with progress lines and a summary line.
RunSummary apply_selected(MigrationRun& run, const std::vector<const StatusEntry*>& entries,
                          Clock::time_point start) {
    auto steps = run.prepare(entries, Direction::up);
    RunSummary summary;
    if (steps.empty()) {
        run.report("nothing to apply: the database is up to date");
    } else {
        run.ensure_history();
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& e = *entries[i];
        const Migration& file = run_detail::file_of(e);
        if (e.state == State::out_of_order) {
            run.warn(
                fmt::format("applying {} out of order: it is older than the newest applied "
                            "migration (use --strict to refuse)",
                            file.id()));
        }
        run.report(fmt::format("[{}/{}] applying {}", i + 1, steps.size(), file.id()));
        auto r = run.apply(steps[i], e);
        run.report(fmt::format("[{}/{}] applied {} ({} ms)", i + 1, steps.size(), file.id(),
                               r.elapsed.count()));
        summary.steps.push_back(std::move(r));
    }
    summary.elapsed = since(start);
    if (!steps.empty()) {
        run.report(fmt::format("applied {} migration{} in {} ms", steps.size(),
                               steps.size() == 1 ? "" : "s", summary.elapsed.count()));
    }
    return summary;
}

}  // namespace

RunSummary Migrator::up(std::string_view target) {
    const auto start = Clock::now();
    MigrationRun run(options_, true);
    run.refuse_when_blocked(true);
    return apply_selected(run, run.select_up(target), start);
}

RunSummary Migrator::down(std::string_view target) {
    const auto start = Clock::now();
    MigrationRun run(options_, true);
    run.refuse_when_blocked(false);
    auto entries = run.select_down(target);
    auto steps = run.prepare(entries, Direction::down);
    RunSummary summary;
    if (steps.empty()) run.report("nothing to revert");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& m = *steps[i].migration;
        run.report(fmt::format("[{}/{}] reverting {}{}", i + 1, steps.size(), m.id(),
                               steps[i].statements.empty()
                                   ? ": its down section is empty (a deliberate no-op down), "
                                     "only its history row is removed"
                                   : ""));
        auto r = run.revert(steps[i], *entries[i]);
        run.report(fmt::format("[{}/{}] reverted {} ({} ms)", i + 1, steps.size(), m.id(),
                               r.elapsed.count()));
        summary.steps.push_back(std::move(r));
    }
    summary.elapsed = since(start);
    if (!steps.empty()) {
        run.report(fmt::format("reverted {} migration{} in {} ms", steps.size(),
                               steps.size() == 1 ? "" : "s", summary.elapsed.count()));
    }
    return summary;
}

}  // namespace strata::migrate
