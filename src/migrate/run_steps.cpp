// Applying and reverting one migration: its statements, its history row, honest failure notes.
#include <fmt/format.h>

#include <algorithm>

#include "run.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/sql/quote.hpp"

namespace strata::migrate {

namespace {

/// "statements 1..N" / "statement 1", for how much of a no-transaction file stays applied.
std::string run_steps_first(std::size_t n) {
    return n == 1 ? std::string("statement 1") : fmt::format("statements 1..{}", n);
}

}  // namespace

bool MigrationRun::already_done(const std::string& version, Direction dir) {
    if (pg_) return false;
    auto rows = conn_.query(
        fmt::format("SELECT complete FROM {} WHERE version = $1", history_.qualified_table()),
        version);
    return dir == Direction::up ? !rows.empty() && rows[0].get<bool>(0) : rows.empty();
}

void MigrationRun::refuse_leftover_invalid_index(const PreparedStep& step, std::size_t index) {
    for (const auto& ci : step.concurrent_indexes) {
        if (ci.statement != index) continue;
        auto rows = conn_.query(
            "SELECT n.nspname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid "
            "AND c.relname = $1 AND CASE WHEN $2 = '' THEN pg_table_is_visible(c.oid) "
            "ELSE n.nspname = $2 END",
            ci.name, ci.schema);
        if (rows.empty()) return;
        const std::string qualified = sql::quote_qualified(rows[0].get<std::string>(0), ci.name);
        const auto& st = step.statements[index];
        throw MigrationStateError(fmt::format(
            "{}:{}: statement {} of {} (CREATE INDEX CONCURRENTLY {}) cannot run: an earlier "
            "attempt was interrupted and left the invalid index {} behind. Remove it with `DROP "
            "INDEX CONCURRENTLY {};` and run `strata up` again to resume at statement {}",
            step.migration->path.string(), st.line, index + 1, step.statements.size(), ci.name,
            qualified, qualified, index + 1));
    }
}

bool MigrationRun::transaction_intact() const {
    const auto state = conn_.transaction_state();
    return state == driver::TransactionState::in_transaction ||
           state == driver::TransactionState::failed;
}

std::string MigrationRun::transactional_failure_note(const PreparedStep& step, bool intact) const {
    if (!intact) {
        // Transaction-control statements are refused before a transactional file runs, so this
        // is only reached if something else ended the transaction: say so, never "rolled back".
        return "\nThe migration's transaction had ended before this statement: what ran before "
               "it may be committed and is not recorded. Check the database before running "
               "again.";
    }
    return step.direction == Direction::up
               ? "\nThe migration was rolled back; nothing of it remains."
               : "\nThe down migration was rolled back; the migration stays applied.";
}

void MigrationRun::fail(const PreparedStep& step, std::size_t index, const SqlError& e,
                        const std::string& tail) const {
    const auto& st = step.statements[index];
    int line = st.line;
    if (const auto& position = e.info().position) line = line_of_position(st, *position);
    throw MigrationFailed(fmt::format("{}:{}: statement {} of {} failed: {} (SQLSTATE {}){}{}{}",
                                      step.migration->path.string(), line, index + 1,
                                      step.statements.size(), e.server_message(), e.sqlstate(),
                                      e.detail().empty() ? "" : "\nDETAIL: " + e.detail(),
                                      e.hint().empty() ? "" : "\nHINT: " + e.hint(), tail),
                          step.migration->version, line);
}

void MigrationRun::run_in_transaction(const PreparedStep& step, std::string_view rolled_back_note) {
    for (std::size_t i = 0; i < step.statements.size(); ++i) {
        try {
            conn_.execute_script(step.statements[i].sql);
        } catch (const SqlError& e) {
            const bool intact = transaction_intact();
            rollback();
            fail(step, i, e,
                 intact && !rolled_back_note.empty() ? std::string(rolled_back_note)
                                                     : transactional_failure_note(step, intact));
        }
    }
}

StepResult MigrationRun::redo_in_one_transaction(const PreparedStep& down, const PreparedStep& up) {
    const auto& m = *up.migration;
    const auto start = Clock::now();
    const auto total = static_cast<std::int32_t>(up.statements.size());
    const std::string note = fmt::format(
        "\nThe redo was rolled back: {} stays applied as it was before the redo.", m.id());
    begin();
    try {
        run_in_transaction(down, note);
        const driver::Statement removed[] = {
            driver::Statement{
                fmt::format("DELETE FROM {} WHERE version = $1", history_.qualified_table()),
                {driver::to_value(m.version)}},
            history_.event_statement(make_event("down", m, "redo"))};
        conn_.pipeline(removed);
        run_in_transaction(up, note);
        const driver::Statement tail[] = {
            history_.insert_statement(make_row(m, since(start), total, total, true)),
            history_.event_statement(make_event("up", m, "redo")), driver::Statement{"COMMIT", {}}};
        conn_.pipeline(tail);
    } catch (...) {
        rollback();
        throw;
    }
    return {m.version, m.name, since(start)};
}

StepResult MigrationRun::apply_pipelined(const PreparedStep& step) {
    // The whole migration in one pipeline: BEGIN, its statements, the history row (its execution
    // time measured by the server), the event and COMMIT. A failing statement aborts the rest;
    // the transaction is then rolled back. A long migration goes in pieces of one transaction,
    // so that it says how far it got and its batch stays small.
    constexpr std::size_t kPiece = 20'000;
    const auto& m = *step.migration;
    const auto start = Clock::now();
    const std::size_t n = step.statements.size();
    const auto total = static_cast<std::int32_t>(n);
    std::vector<driver::Statement> batch;
    batch.reserve(std::min(n, kPiece) + 4);
    batch.push_back(driver::Statement{"BEGIN", {}});
    std::size_t first = 0;   // statement index of batch[1] (batch[0] is BEGIN in the first piece)
    std::size_t offset = 1;  // batch index of statement `first`
    auto last_report = start;
    try {
        for (std::size_t i = 0; i < n; ++i) {
            batch.push_back(driver::Statement{std::string(step.statements[i].sql), {}});
            if (i + 1 < n && batch.size() - offset == kPiece) {
                conn_.pipeline(batch);
                if (Clock::now() - last_report >= std::chrono::seconds(1) || first == 0) {
                    last_report = Clock::now();
                    report(fmt::format("applying {}: statement {} of {}", m.id(), i + 1, n));
                }
                batch.clear();
                first = i + 1;
                offset = 0;
            }
        }
        batch.push_back(history_.insert_statement(make_row(m, since(start), total, total, true),
                                                  /*server_elapsed=*/true));
        batch.push_back(history_.event_statement(make_event("up", m, "")));
        batch.push_back(driver::Statement{"COMMIT", {}});
        conn_.pipeline(batch);
    } catch (const SqlError& e) {
        const bool intact = transaction_intact();
        rollback();
        // Blame the statement by its place in the batch, never by its text: two identical
        // statements are two different statements.
        if (const auto at = e.info().statement_index;
            at && *at >= offset && *at - offset + first < n) {
            fail(step, *at - offset + first, e, transactional_failure_note(step, intact));
        }
        throw MigrationFailed(
            fmt::format("{}: recording or committing the migration failed: {} (SQLSTATE "
                        "{}); it was rolled back",
                        m.path.string(), e.server_message(), e.sqlstate()),
            m.version, 0);
    } catch (...) {
        rollback();
        throw;
    }
    return {m.version, m.name, since(start)};
}

StepResult MigrationRun::apply(const PreparedStep& step, const StatusEntry& entry) {
    const auto& m = *step.migration;
    if (step.transactional && pg_) return apply_pipelined(step);
    const auto start = Clock::now();
    const auto total = static_cast<std::int32_t>(step.statements.size());
    if (step.transactional) {
        begin();
        try {
            if (already_done(m.version, Direction::up)) {
                rollback();
                return {m.version, m.name, since(start)};
            }
            run_in_transaction(step);
            // Bookkeeping and COMMIT in one round trip.
            const driver::Statement tail[] = {
                history_.insert_statement(make_row(m, since(start), total, total, true)),
                history_.event_statement(make_event("up", m, "")), driver::Statement{"COMMIT", {}}};
            conn_.pipeline(tail);
        } catch (...) {
            rollback();
            throw;
        }
        return {m.version, m.name, since(start)};
    }
    std::int32_t done = 0;
    if (entry.state == State::partial) {
        done = applied_of(entry).statements_done;
        report(fmt::format("resuming {} at statement {} of {}", m.id(), done + 1, total));
    } else {
        AppliedMigration row = make_row(m, std::chrono::milliseconds(0), 0, total, false);
        row.apply_order = history_.next_apply_order();
        history_.insert(row);
        history_.log_event(make_event("partial", m, "started"));
    }
    for (auto i = static_cast<std::size_t>(done); i < step.statements.size(); ++i) {
        refuse_leftover_invalid_index(step, i);
        try {
            conn_.execute_script(step.statements[i].sql);
        } catch (const SqlError& e) {
            const std::string kept =
                i == 0 ? std::string("none of its statements took effect")
                       : fmt::format("{} stay{} applied", run_steps_first(i), i == 1 ? "s" : "");
            const std::string undo =
                i == 0 ? std::string("run `strata repair --forget-partial` to forget it")
                       : fmt::format("undo {} by hand and run `strata repair --forget-partial`",
                                     run_steps_first(i));
            fail(step, i, e,
                 fmt::format("\nThis migration runs without a transaction: {}. Fix the cause and "
                             "run `strata up` to resume at statement {}, or {}.",
                             kept, i + 1, undo));
        }
        ++done;
        history_.update_progress(m.version, done, done == total, since(start).count());
    }
    history_.log_event(make_event("up", m, "no-transaction"));
    return {m.version, m.name, since(start)};
}

StepResult MigrationRun::revert(const PreparedStep& step, const StatusEntry& entry) {
    const auto& m = *step.migration;
    const auto start = Clock::now();
    if (step.transactional) {
        begin();
        try {
            if (already_done(m.version, Direction::down)) {
                rollback();
                return {m.version, m.name, since(start)};
            }
            run_in_transaction(step);
            const driver::Statement tail[] = {
                driver::Statement{
                    fmt::format("DELETE FROM {} WHERE version = $1", history_.qualified_table()),
                    {driver::to_value(m.version)}},
                history_.event_statement(make_event(
                    "down", m, step.statements.empty() ? "empty down section: nothing ran" : "")),
                driver::Statement{"COMMIT", {}}};
            conn_.pipeline(tail);
        } catch (...) {
            rollback();
            throw;
        }
        return {m.version, m.name, since(start)};
    }
    // Statement by statement, each recorded as it completes, so that a down stopped half way
    // shows as partial and resumes after its last completed statement.
    const auto total = static_cast<std::int32_t>(step.statements.size());
    std::int32_t done = entry.applied ? entry.applied->down_done : 0;
    if (done > total) {
        throw MigrationStateError(fmt::format(
            "cannot resume the down of {}: {} of its down statements ran, but its down section "
            "now has {}; restore the file as it was, or finish reverting by hand and run "
            "`strata repair --forget-partial`; nothing was run",
            m.path.string(), done, total));
    }
    if (done > 0) {
        report(
            fmt::format("resuming the down of {} at statement {} of {}", m.id(), done + 1, total));
    }
    ensure_history();  // a history table of an older strata gains its down progress columns
    for (auto i = static_cast<std::size_t>(done); i < step.statements.size(); ++i) {
        try {
            conn_.execute_script(step.statements[i].sql);
        } catch (const SqlError& e) {
            fail(step, i, e,
                 i == 0 ? std::string("\nThis down migration runs without a transaction: none of "
                                      "its statements took effect and the migration is still "
                                      "recorded as applied.")
                        : fmt::format("\nThis down migration runs without a transaction: its {} "
                                      "stay{} reverted and the migration is recorded as half "
                                      "reverted ({} of {} down statements). Fix the cause and "
                                      "run `strata down` to resume at statement {}.",
                                      run_steps_first(i), i == 1 ? "s" : "", i, total, i + 1));
        }
        ++done;
        history_.update_down_progress(m.version, done, total);
    }
    history_.remove(m.version);
    history_.log_event(make_event("down", m, "no-transaction"));
    return {m.version, m.name, since(start)};
}

}  // namespace strata::migrate
