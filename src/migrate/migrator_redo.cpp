// Migrator::redo: revert the last applied migration and apply its file again, safely.
#include <fmt/format.h>

#include "run.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate {

namespace {

/// Refuses a redo that would revert a migration nobody is editing: while a migration newer than
/// every applied one is pending (after a failed redo, that one is the migration being edited)
/// and the last applied one is unchanged.
void refuse_redo_of_the_wrong_migration(const MigrationRun& run, const StatusEntry& last) {
    if (last.state == State::partial && applied_of(last).reverting()) {
        throw MigrationStateError(
            fmt::format("cannot redo {}_{}: its down stopped half way; run `strata down` to "
                        "finish reverting it, then `strata up`; nothing was run",
                        last.version, last.name));
    }
    if (last.state == State::partial) {
        throw MigrationStateError(
            fmt::format("cannot redo {}_{}: it stopped half way; run `strata up` to resume it "
                        "(or `strata down` to revert what ran); nothing was run",
                        last.version, last.name));
    }
    if (run.options_.force || last.state == State::edited) return;
    std::vector<std::string> pending;
    for (const auto& e : run.status_.entries) {
        // An older pending migration (out of order, after a branch merge) is not being edited
        // through redo; a newer one is: the one a failed redo left reverted, or a new file.
        if (&e != &last && (e.state == State::pending || e.state == State::partial)) {
            pending.push_back(e.version + "_" + e.name);
        }
    }
    if (pending.empty()) return;
    throw MigrationStateError(fmt::format(
        "redo would revert {}_{}, the last applied migration, which is unchanged, while {} {} "
        "not applied (after a failed redo, that is the migration being edited). Run `strata "
        "up` to apply it, or `strata redo --force` to revert {}_{} anyway; nothing was run",
        last.version, last.name, fmt::join(pending, ", "), pending.size() > 1 ? "are" : "is",
        last.version, last.name));
}

}  // namespace

RunSummary Migrator::redo() {
    const auto start = Clock::now();
    MigrationRun run(options_, true);  // one lock across the down and the up
    auto entries = run.select_down("-1");
    RunSummary summary;
    if (entries.empty()) {
        run.report("nothing to redo: no migration is applied");
        return summary;
    }
    const StatusEntry& last = *entries.front();
    run.refuse_when_blocked(false, last.version);
    refuse_redo_of_the_wrong_migration(run, last);
    // Both sections are read, split and checked before the down runs.
    auto down = run.prepare(entries, Direction::down);
    auto up = run.prepare(entries, Direction::up);
    const Migration& m = file_of(last);
    if (down.front().transactional && up.front().transactional) {
        run.report(fmt::format("redoing {} in one transaction: revert, then apply", m.id()));
        auto r = run.redo_in_one_transaction(down.front(), up.front());
        run.report(fmt::format("reverted {} and applied {} again, in one transaction ({} ms)",
                               m.id(), m.id(), r.elapsed.count()));
        summary.steps.push_back({r.version, r.name, std::chrono::milliseconds(0)});
        summary.steps.push_back(std::move(r));
    } else {
        run.report(fmt::format("[1/2] reverting {}", m.id()));
        summary.steps.push_back(run.revert(down.front(), last));
        run.report(
            fmt::format("[1/2] reverted {} ({} ms)", m.id(), summary.steps.back().elapsed.count()));
        run.report(fmt::format("[2/2] applying {}", m.id()));
        summary.steps.push_back(run.apply(up.front(), last));
        run.report(
            fmt::format("[2/2] applied {} ({} ms)", m.id(), summary.steps.back().elapsed.count()));
    }
    summary.elapsed = since(start);
    run.report(fmt::format("redid {} in {} ms", m.id(), summary.elapsed.count()));
    return summary;
}

}  // namespace strata::migrate
