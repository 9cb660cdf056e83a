// The migration runner: lock, plan, apply/revert each migration with its history row.
#include "strata/migrate/migrator.hpp"

#include "run.hpp"

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
        run.report(fmt::format("[{}/{}] reverting {}", i + 1, steps.size(), m.id()));
        auto r = run.revert(steps[i]);
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

RunSummary Migrator::redo() {
    auto down_summary = down("-1");
    if (down_summary.steps.empty()) return down_summary;
    // Re-apply exactly the migration just reverted: up(VERSION) would also apply any older
    // pending (out-of-order) migration, which redo must not touch.
    const std::string version = down_summary.steps.front().version;
    const auto start = Clock::now();
    MigrationRun run(options_, true);
    run.refuse_when_blocked(false);
    auto entries = run.select_up(version);
    std::erase_if(entries, [&](const StatusEntry* e) { return e->version != version; });
    auto up_summary = apply_selected(run, entries, start);
    down_summary.steps.insert(down_summary.steps.end(), up_summary.steps.begin(),
                              up_summary.steps.end());
    down_summary.elapsed += up_summary.elapsed;
    return down_summary;
}

}  // namespace strata::migrate

namespace strata::migrate {

namespace {

std::string render_step(const PreparedStep& step, const History& history, const std::string& actor,
                        bool pg) {
    const auto& m = *step.migration;
    std::string out = fmt::format("\n-- {} {}{}\n", step.direction == Direction::up ? "up" : "down",
                                  m.id(), step.transactional ? "" : " (no transaction)");
    if (step.transactional) out += pg ? "BEGIN;\n" : "BEGIN IMMEDIATE;\n";
    for (const auto& st : step.statements) out += st.sql + ";\n";
    MigrationEvent event;
    event.action = step.direction == Direction::up ? "up" : "down";
    event.version = m.version;
    event.name = m.name;
    event.checksum = m.checksum;
    event.actor = actor;
    event.detail = step.transactional ? "" : "no-transaction";
    if (step.direction == Direction::up) {
        AppliedMigration row;
        row.version = m.version;
        row.name = m.name;
        row.checksum = m.checksum;
        row.description = m.description;
        row.applied_by = actor;
        row.tool_version = kVersion;
        row.transactional = m.transactional;
        row.statements_done = static_cast<std::int32_t>(step.statements.size());
        row.statements_total = row.statements_done;
        row.complete = true;
        out += history.insert_sql(row) + ";\n";
    } else {
        out += history.remove_sql(m.version) + ";\n";
    }
    out += history.event_sql(event) + ";\n";
    if (step.transactional) out += "COMMIT;\n";
    return out;
}

std::string render(MigrationRun& run, const std::vector<PreparedStep>& steps,
                   std::string_view what) {
    std::string out = fmt::format("-- strata {} --sql: {} migration{}\n", what, steps.size(),
                                  steps.size() == 1 ? "" : "s");
    for (const auto& ddl : run.history_.ensure_sql()) out += ddl + ";\n";
    for (const auto& step : steps) out += render_step(step, run.history_, run.actor(), run.pg_);
    return out;
}

}  // namespace

std::string Migrator::up_sql(std::string_view target) {
    MigrationRun run(options_, false, Access::read_only);
    run.refuse_when_blocked(true);
    auto entries = run.select_up(target);
    return render(run, run.prepare(entries, Direction::up), "up");
}

std::string Migrator::down_sql(std::string_view target) {
    MigrationRun run(options_, false, Access::read_only);
    auto entries = run.select_down(target);
    return render(run, run.prepare(entries, Direction::down), "down");
}

std::string Migrator::redo_sql() {
    MigrationRun run(options_, false, Access::read_only);
    auto entries = run.select_down("-1");
    auto steps = run.prepare(entries, Direction::down);
    auto again = run.prepare(entries, Direction::up);
    steps.insert(steps.end(), std::make_move_iterator(again.begin()),
                 std::make_move_iterator(again.end()));
    return render(run, steps, "redo");
}

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
            if (e.version > version || !e.file) continue;
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
