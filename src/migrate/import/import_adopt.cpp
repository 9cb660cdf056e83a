// Adopting another tool's history: what it says is applied is recorded in strata's history.
#include <fmt/format.h>

#include "migrate/run.hpp"
#include "strata/migrate/import.hpp"

namespace strata::migrate {
namespace {

const StatusEntry* adopt_entry_of(const StatusReport& status, std::string_view version) {
    for (const auto& e : status.entries) {
        if (compare_versions(e.version, version) == 0) return &e;
    }
    return nullptr;
}

}  // namespace

AdoptSummary adopt_history(const MigratorOptions& options, ImportTool tool,
                           const AdoptOptions& adopt) {
    const auto start = Clock::now();
    MigrationRun run(options, true);
    const ToolHistory tool_history = read_tool_history(run.conn_, tool, adopt.schema);
    AdoptSummary summary;
    summary.source = fmt::format("{} ({})", to_string(tool), tool_history.table);
    summary.notes = tool_history.notes;
    const std::string dir = options.migrations_dir.string();

    // The versions to record, each with the detail that says where it comes from.
    std::vector<std::pair<const StatusEntry*, std::string>> chosen;
    auto choose = [&](const StatusEntry& e, const std::string& detail) {
        for (const auto& c : chosen) {
            if (c.first == &e) return;
        }
        chosen.emplace_back(&e, detail);
    };
    // Every file up to a version: golang-migrate's current version, a Flyway baseline,
    // the migration standing for Alembic's revision.
    auto choose_up_to = [&](const std::string& version, const std::string& detail) {
        const StatusEntry* last = adopt_entry_of(run.status_, version);
        if (!last || !last->file) {
            throw MigrationStateError(fmt::format(
                "{} says the database is at version {}, but {} has no migration file with that "
                "version: import the files first (strata import {} <dir>). Nothing was recorded",
                summary.source, version, dir, to_string(tool)));
        }
        for (const auto& e : run.status_.entries) {
            if (e.file && compare_versions(e.version, version) <= 0) choose(e, detail);
        }
    };
    if (tool == ImportTool::alembic) {
        const std::string detail = "alembic revision " + tool_history.current;
        if (!adopt.baseline.empty()) {
            choose_up_to(adopt.baseline, detail);
        } else {
            if (run.files_.empty()) {
                throw MigrationStateError(fmt::format(
                    "{} has no migration files: write the baseline migration first (for example "
                    "from `strata dump`), then import the alembic history. Nothing was recorded",
                    dir));
            }
            for (const auto& e : run.status_.entries) {
                if (e.file) choose(e, detail);
            }
        }
    } else if (!tool_history.current.empty()) {
        choose_up_to(tool_history.current,
                     tool == ImportTool::flyway
                         ? "at or before the Flyway baseline " + tool_history.current
                         : "current version " + tool_history.current);
    }
    for (const auto& applied : tool_history.applied) {
        const StatusEntry* e = adopt_entry_of(run.status_, applied.version);
        if (!e || !e->file) {
            summary.notes.push_back(
                {{},
                 0,
                 fmt::format("version {} is applied according to {} but has no file in {}: not "
                             "recorded",
                             applied.version, summary.source, dir)});
            continue;
        }
        std::string detail;
        if (!applied.applied_at.empty()) detail += "applied there " + applied.applied_at;
        if (!applied.detail.empty()) detail += (detail.empty() ? "" : ", ") + applied.detail;
        choose(*e, detail);
    }
    std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
        return compare_versions(a.first->version, b.first->version) < 0;
    });

    std::vector<std::pair<const StatusEntry*, std::string>> to_record;
    for (const auto& c : chosen) {
        if (c.first->applied) {
            summary.already.push_back(c.first->version);
        } else {
            to_record.push_back(c);
        }
    }
    if (!to_record.empty()) {
        run.ensure_history();
        run.begin();
        try {
            for (const auto& [e, detail] : to_record) {
                if (!e->file) throw std::logic_error("adopt: a recorded version has no file");
                const Migration& file = *e->file;
                auto row = run.make_row(file, std::chrono::milliseconds(0), 0, 0, true);
                row.apply_order = run.history_.next_apply_order();
                run.history_.insert(row);
                run.history_.log_event(run.make_event(
                    "adopt", file,
                    "from " + summary.source + (detail.empty() ? "" : ": " + detail)));
                summary.adopted.push_back(file.version);
            }
            run.commit();
        } catch (...) {
            run.rollback();
            throw;
        }
    }
    run.report(fmt::format(
        "import: recorded {} migration{} as applied from {} without running them{} in {} ms",
        summary.adopted.size(), summary.adopted.size() == 1 ? "" : "s", summary.source,
        summary.already.empty() ? std::string()
                                : fmt::format(" ({} already recorded)", summary.already.size()),
        since(start).count()));
    return summary;
}

}  // namespace strata::migrate
