// Migrator --sql: what up, down and redo would run, as one SQL script.
#include <fmt/format.h>

#include <algorithm>

#include "run.hpp"
#include "strata/version.hpp"

namespace strata::migrate {

namespace {

/// The script in pieces of about a megabyte to a sink: a long migration's script is never held
/// whole (`strata up --sql` of a 50 MB file writes it as it goes).
class ScriptWriter {
public:
    explicit ScriptWriter(const SqlSink& sink) : sink_(sink) { buffer_.reserve(kPiece); }
    ScriptWriter(const ScriptWriter&) = delete;
    ScriptWriter& operator=(const ScriptWriter&) = delete;
    ~ScriptWriter() = default;

    ScriptWriter& operator<<(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() >= kPiece) flush();
        return *this;
    }
    void flush() {
        if (buffer_.empty()) return;
        sink_(buffer_);
        buffer_.clear();
    }

private:
    static constexpr std::size_t kPiece = std::size_t{1} << 20;
    const SqlSink& sink_;
    std::string buffer_;
};

/// done: the statements of a no-transaction up that stopped part way which already ran (an
/// up resumes after them, so the script does too).
void render_step(ScriptWriter& out, const PreparedStep& step, const History& history,
                 const std::string& actor, bool pg, std::size_t done = 0) {
    const auto& m = *step.migration;
    out << fmt::format("\n-- {} {}{}\n", step.direction == Direction::up ? "up" : "down", m.id(),
                       step.transactional ? "" : " (no transaction)");
    done = std::min(done, step.statements.size());
    if (done > 0) {
        out << fmt::format(
            "-- resuming at statement {} of {}: statements 1..{} ran before the migration "
            "stopped\n",
            done + 1, step.statements.size(), done);
        // Its history row says partial: replaced by the complete one below.
        out << history.remove_sql(m.version) << ";\n";
    }
    if (step.transactional) out << (pg ? "BEGIN;\n" : "BEGIN IMMEDIATE;\n");
    for (std::size_t i = done; i < step.statements.size(); ++i)
        out << step.statements[i].sql << ";\n";
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
        out << history.insert_sql(row) << ";\n";
    } else {
        out << history.remove_sql(m.version) << ";\n";
    }
    out << history.event_sql(event) << ";\n";
    if (step.transactional) out << "COMMIT;\n";
}

/// entries: for an up, what each step's status entry is (a partial one resumes).
void render(const SqlSink& sink, MigrationRun& run, const std::vector<PreparedStep>& steps,
            std::string_view what, const std::vector<const StatusEntry*>& entries = {}) {
    ScriptWriter out(sink);
    out << fmt::format("-- strata {} --sql: {} migration{}\n", what, steps.size(),
                       steps.size() == 1 ? "" : "s");
    for (const auto& ddl : run.history_.ensure_sql()) out << ddl << ";\n";
    for (std::size_t i = 0; i < steps.size(); ++i) {
        std::size_t done = 0;
        if (i < entries.size() && entries[i]->state == State::partial) {
            if (const auto& applied = entries[i]->applied; applied && !applied->reverting())
                done = static_cast<std::size_t>(std::max(applied->statements_done, 0));
        }
        render_step(out, steps[i], run.history_, run.actor(), run.pg_, done);
    }
    out.flush();
}

/// What a sink writes, as one string.
std::string collect(const std::function<void(const SqlSink&)>& write) {
    std::string out;
    write([&out](std::string_view piece) { out.append(piece); });
    return out;
}

}  // namespace

void Migrator::up_sql(std::string_view target, const SqlSink& sink) {
    MigrationRun run(options_, false, Access::read_only);
    run.refuse_when_blocked(true);
    auto entries = run.select_up(target);
    render(sink, run, run.prepare(entries, Direction::up), "up", entries);
}

std::string Migrator::up_sql(std::string_view target) {
    return collect([&](const SqlSink& sink) { up_sql(target, sink); });
}

std::string Migrator::down_sql(std::string_view target) {
    MigrationRun run(options_, false, Access::read_only);
    auto entries = run.select_down(target);
    return collect([&](const SqlSink& sink) {
        render(sink, run, run.prepare(entries, Direction::down), "down");
    });
}

std::string Migrator::redo_sql() {
    MigrationRun run(options_, false, Access::read_only);
    auto entries = run.select_down("-1");
    auto steps = run.prepare(entries, Direction::down);
    auto again = run.prepare(entries, Direction::up);
    steps.insert(steps.end(), std::make_move_iterator(again.begin()),
                 std::make_move_iterator(again.end()));
    return collect([&](const SqlSink& sink) { render(sink, run, steps, "redo"); });
}

}  // namespace strata::migrate
