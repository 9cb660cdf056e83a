// Private: one migration run (connections, lock, history, files, status) and its steps.
#pragma once

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "plan.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/lock.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/version.hpp"

namespace strata::migrate {

namespace run_detail {

using Clock = std::chrono::steady_clock;

inline std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

inline std::string default_actor() {
    std::string user;
    if (const char* u = std::getenv("USER"); u && *u) {
        user = u;
    } else if (const passwd* pw = getpwuid(geteuid())) {
        user = pw->pw_name;
    } else {
        user = std::to_string(geteuid());
    }
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return host[0] ? user + "@" + host : user;
}

/// The file of an entry whose state guarantees one (edited, pending, out of order, selected).
inline const Migration& file_of(const StatusEntry& e) {
    if (!e.file)
        throw std::logic_error(fmt::format("migration {}: its file is missing", e.version));
    return *e.file;
}

/// The history row of an entry whose state guarantees one (applied, edited, partial).
inline const AppliedMigration& applied_of(const StatusEntry& e) {
    if (!e.applied)
        throw std::logic_error(fmt::format("migration {}: it is not recorded", e.version));
    return *e.applied;
}

inline std::optional<long> parse_count(std::string_view text, char sign) {
    if (text.size() < 2 || text.front() != sign) return std::nullopt;
    long n = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

}  // namespace run_detail

using run_detail::applied_of;
using run_detail::Clock;
using run_detail::file_of;
using run_detail::since;

/// Whether a run may change the database. A read-only run (status, history, --sql) opens a
/// SQLite file read-only and plans against an empty database when the file does not exist, so
/// it never creates the file.
enum class Access : std::uint8_t { read_write, read_only };

/// One run: the work connection, the lock (PostgreSQL), the history, files and status.
class MigrationRun {
public:
    MigrationRun(const MigratorOptions& options, bool take_lock, Access access = Access::read_write)
        : options_(options),
          files_(MigrationSet::load(options.migrations_dir)),
          conn_(open(access)),
          history_(conn_, options.history),
          pg_(conn_.backend() == driver::Backend::postgres) {
        if (take_lock && pg_) {
            lock_conn_.emplace(open(Access::read_write));
            lock_.emplace(
                *lock_conn_, "strata-migrate:" + history_.qualified_table(), options.lock_timeout,
                [this](const std::string& holder) {
                    report(fmt::format("waiting for the migration lock held by {}", holder));
                });
        }
        refresh();
    }

    /// Creates the history tables (under the lock) the first time something will be recorded,
    /// so a run that fails validation or has nothing to do leaves the database untouched.
    void ensure_history() {
        if (history_ready_) return;
        history_.ensure();
        history_ready_ = true;
    }

    void refresh() {
        applied_ = history_.exists() ? history_.applied() : std::vector<AppliedMigration>{};
        status_ = compute_status(files_, applied_);
    }

    driver::Connection open(Access access) const {
        driver::ConnectOptions co;
        co.url = options_.url;
        if (access == Access::read_only) {
            co.read_only = true;
            if (const auto missing = driver::missing_sqlite_file(options_.url); !missing.empty()) {
                // Nothing can be applied to a database that does not exist: plan against an
                // empty one, and leave the file uncreated.
                report(fmt::format(
                    "SQLite database file {} does not exist yet: nothing is applied (not created)",
                    missing));
                co.url = "sqlite::memory:";
            }
        }
        co.prepare = false;  // DDL changes result types under prepared statements
        co.sqlite_busy_timeout = options_.lock_timeout;
        co.application_name = "strata migrate";
        auto conn = driver::Connection::open(co);
        if (conn.backend() == driver::Backend::postgres && conn.server_version() >= 140000) {
            // If this process dies (SIGKILL, lost SSH session) the server notices within a second
            // and aborts the open migration instead of running it to the end with nobody to
            // commit: the database is left as if the migration never started.
            conn.execute_script("SET client_connection_check_interval = 1000");
        }
        return conn;
    }

    void report(const std::string& line) const {
        if (options_.report) {
            options_.report(line);
        } else {
            log::info("{}", line);
        }
    }
    void warn(const std::string& line) const {
        if (options_.warn) {
            options_.warn(line);
        } else {
            log::warn("{}", line);
        }
    }

    void refuse_when_blocked(bool check_out_of_order) {
        std::vector<std::string> edited;
        for (const auto& e : status_.entries) {
            if (e.state == State::edited) edited.push_back(file_of(e).path.filename().string());
        }
        if (!edited.empty() && !options_.allow_edited) {
            throw MigrationStateError(fmt::format(
                "applied migration{} changed since {} applied: {}. Applied migrations are never "
                "edited: revert the change and add a new migration, or accept it deliberately with "
                "`strata repair` (or run with --allow-edited)",
                edited.size() > 1 ? "s" : "", edited.size() > 1 ? "they were" : "it was",
                fmt::join(edited, ", ")));
        }
        if (check_out_of_order && options_.strict) {
            std::vector<std::string> late;
            for (const auto& e : status_.entries) {
                if (e.state == State::out_of_order)
                    late.push_back(file_of(e).path.filename().string());
            }
            if (!late.empty()) {
                throw MigrationStateError(fmt::format(
                    "--strict: pending migration{} older than the newest applied one: {}",
                    late.size() > 1 ? "s" : "", fmt::join(late, ", ")));
            }
        }
    }

    /// Pending (and partial, to resume) migrations selected by an up target, in version order.
    std::vector<const StatusEntry*> select_up(std::string_view target) {
        std::vector<const StatusEntry*> pending;
        for (const auto& e : status_.entries) {
            if (e.state == State::pending || e.state == State::out_of_order ||
                e.state == State::partial) {
                if (e.state == State::partial && !e.file) {
                    throw MigrationStateError(fmt::format(
                        "migration {}_{} stopped half way and its file is gone; restore the file "
                        "or run `strata repair --forget-partial`",
                        e.version, e.name));
                }
                pending.push_back(&e);
            }
        }
        if (target.empty() || target == "head") return pending;
        if (auto n = run_detail::parse_count(target, '+')) {
            if (static_cast<std::size_t>(*n) < pending.size())
                pending.resize(static_cast<std::size_t>(*n));
            return pending;
        }
        if (!files_.find(target)) {
            throw UsageError(fmt::format(
                "unknown target \"{}\": expected head, +N or the version of a migration file in {}",
                target, options_.migrations_dir.string()));
        }
        std::erase_if(pending, [&](const StatusEntry* e) { return e->version > target; });
        return pending;
    }

    /// Applied migrations selected by a down target, newest apply order first.
    std::vector<const StatusEntry*> select_down(std::string_view target) {
        std::vector<const StatusEntry*> applied;
        for (const auto& e : status_.entries) {
            if (e.applied) applied.push_back(&e);
        }
        std::sort(applied.begin(), applied.end(), [](const StatusEntry* a, const StatusEntry* b) {
            return applied_of(*a).apply_order > applied_of(*b).apply_order;
        });
        if (target == "base") return applied;
        if (auto n = run_detail::parse_count(target, '-')) {
            if (static_cast<std::size_t>(*n) < applied.size())
                applied.resize(static_cast<std::size_t>(*n));
            return applied;
        }
        const bool known = files_.find(target) != nullptr ||
                           std::any_of(applied.begin(), applied.end(),
                                       [&](const StatusEntry* e) { return e->version == target; });
        if (!known) {
            throw UsageError(fmt::format(
                "unknown target \"{}\": expected -N, base or the version of an applied migration",
                target));
        }
        std::erase_if(applied, [&](const StatusEntry* e) { return e->version <= target; });
        return applied;
    }

    std::vector<PreparedStep> prepare(const std::vector<const StatusEntry*>& entries,
                                      Direction dir) {
        std::vector<PreparedStep> steps;
        const int version = conn_.server_version();
        for (const auto* e : entries) {
            if (dir == Direction::down) {
                if (!e->file) {
                    throw MigrationStateError(
                        fmt::format("cannot revert {}_{}: its file is gone from {}", e->version,
                                    e->name, options_.migrations_dir.string()));
                }
                if (!e->file->down_sql) {
                    throw MigrationStateError(
                        fmt::format("cannot revert {}: it has no '-- migrate:down' section; "
                                    "nothing was reverted",
                                    e->file->path.string()));
                }
            }
            steps.push_back(prepare_step(*e->file, dir, conn_.backend(), version));
        }
        return steps;
    }

    void begin() { conn_.execute_script(pg_ ? "BEGIN" : "BEGIN IMMEDIATE"); }
    void commit() { conn_.execute_script("COMMIT"); }
    void rollback() noexcept {
        try {
            if (!conn_.is_broken() && conn_.transaction_state() != driver::TransactionState::idle) {
                conn_.execute_script("ROLLBACK");
            }
        } catch (const std::exception& e) {
            log::warn("rollback failed: {}", e.what());
        }
    }

    /// SQLite has no session lock: each migration re-checks its row inside BEGIN IMMEDIATE.
    bool already_done(const std::string& version, Direction dir) {
        if (pg_) return false;
        auto rows = conn_.query(
            fmt::format("SELECT complete FROM {} WHERE version = $1", history_.qualified_table()),
            version);
        return dir == Direction::up ? !rows.empty() && rows[0].get<bool>(0) : rows.empty();
    }

    [[noreturn]] void fail(const PreparedStep& step, std::size_t index, const SqlError& e,
                           const std::string& tail) {
        const auto& st = step.statements[index];
        int line = st.line;
        if (const auto& position = e.info().position) line = line_of_position(st, *position);
        throw MigrationFailed(
            fmt::format("{}:{}: statement {} of {} failed: {} (SQLSTATE {}){}{}{}",
                        step.migration->path.string(), line, index + 1, step.statements.size(),
                        e.server_message(), e.sqlstate(),
                        e.detail().empty() ? "" : "\nDETAIL: " + e.detail(),
                        e.hint().empty() ? "" : "\nHINT: " + e.hint(), tail),
            step.migration->version, line);
    }

    StepResult apply(const PreparedStep& step, const StatusEntry& entry) {
        const auto& m = *step.migration;
        const auto start = Clock::now();
        const auto total = static_cast<std::int32_t>(step.statements.size());
        if (step.transactional && pg_) {
            // The whole migration in one pipeline: BEGIN, its statements, the history row (its
            // execution time measured by the server), the event and COMMIT. A failing statement
            // aborts the rest; the transaction is then rolled back.
            std::vector<driver::Statement> batch;
            batch.reserve(step.statements.size() + 4);
            batch.push_back(driver::Statement{"BEGIN", {}});
            for (const auto& st : step.statements) batch.push_back(driver::Statement{st.sql, {}});
            batch.push_back(history_.insert_statement(make_row(m, since(start), total, total, true),
                                                      /*server_elapsed=*/true));
            batch.push_back(history_.event_statement(make_event("up", m, "")));
            batch.push_back(driver::Statement{"COMMIT", {}});
            try {
                conn_.pipeline(batch);
            } catch (const SqlError& e) {
                rollback();
                for (std::size_t i = 0; i < step.statements.size(); ++i) {
                    if (step.statements[i].sql == e.query()) {
                        fail(step, i, e, "\nThe migration was rolled back; nothing of it remains.");
                    }
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
        } else if (step.transactional) {
            begin();
            try {
                if (already_done(m.version, Direction::up)) {
                    rollback();
                    return {m.version, m.name, since(start)};
                }
                run_in_transaction(step, "\nThe migration was rolled back; nothing of it remains.");
                // Bookkeeping and COMMIT in one round trip.
                const driver::Statement tail[] = {
                    history_.insert_statement(make_row(m, since(start), total, total, true)),
                    history_.event_statement(make_event("up", m, "")),
                    driver::Statement{"COMMIT", {}}};
                conn_.pipeline(tail);
            } catch (...) {
                rollback();
                throw;
            }
        } else {
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
                try {
                    conn_.execute_script(step.statements[i].sql);
                } catch (const SqlError& e) {
                    fail(
                        step, i, e,
                        fmt::format("\nThis migration runs without a transaction: statements 1..{} "
                                    "stay applied. Fix the cause and run `strata up` to resume at "
                                    "statement {}, or undo statements 1..{} by hand and run "
                                    "`strata repair --forget-partial`.",
                                    i, i + 1, i));
                }
                ++done;
                history_.update_progress(m.version, done, done == total, since(start).count());
            }
            history_.log_event(make_event("up", m, "no-transaction"));
        }
        return {m.version, m.name, since(start)};
    }

    /// Runs the step's statements one by one inside the open transaction; the first failure
    /// rolls back and throws MigrationFailed naming its line, with rolled_back_note appended.
    void run_in_transaction(const PreparedStep& step, const std::string& rolled_back_note) {
        for (std::size_t i = 0; i < step.statements.size(); ++i) {
            try {
                conn_.execute_script(step.statements[i].sql);
            } catch (const SqlError& e) {
                rollback();
                fail(step, i, e, rolled_back_note);
            }
        }
    }

    StepResult revert(const PreparedStep& step) {
        const auto& m = *step.migration;
        const auto start = Clock::now();
        if (step.transactional) {
            begin();
            try {
                if (already_done(m.version, Direction::down)) {
                    rollback();
                    return {m.version, m.name, since(start)};
                }
                run_in_transaction(
                    step, "\nThe down migration was rolled back; the migration stays applied.");
                const driver::Statement tail[] = {
                    driver::Statement{fmt::format("DELETE FROM {} WHERE version = $1",
                                                  history_.qualified_table()),
                                      {driver::to_value(m.version)}},
                    history_.event_statement(make_event("down", m, "")),
                    driver::Statement{"COMMIT", {}}};
                conn_.pipeline(tail);
            } catch (...) {
                rollback();
                throw;
            }
        } else {
            for (std::size_t i = 0; i < step.statements.size(); ++i) {
                try {
                    conn_.execute_script(step.statements[i].sql);
                } catch (const SqlError& e) {
                    fail(step, i, e,
                         fmt::format("\nThis down migration runs without a transaction: its "
                                     "statements 1..{} stay applied and the migration is still "
                                     "recorded as applied.",
                                     i));
                }
            }
            history_.remove(m.version);
            history_.log_event(make_event("down", m, "no-transaction"));
        }
        return {m.version, m.name, since(start)};
    }

    AppliedMigration make_row(const Migration& m, std::chrono::milliseconds elapsed,
                              std::int32_t done, std::int32_t total, bool complete) const {
        AppliedMigration row;
        row.version = m.version;
        row.name = m.name;
        row.checksum = m.checksum;
        row.description = m.description;
        row.applied_at = Timestamptz::now();
        row.execution_ms = elapsed.count();
        row.applied_by = actor();
        row.tool_version = kVersion;
        row.transactional = m.transactional;
        row.statements_done = done;
        row.statements_total = total;
        row.complete = complete;
        return row;
    }

    MigrationEvent make_event(std::string action, const Migration& m, std::string detail) const {
        MigrationEvent e;
        e.at = Timestamptz::now();
        e.action = std::move(action);
        e.version = m.version;
        e.name = m.name;
        e.checksum = m.checksum;
        e.actor = actor();
        e.detail = std::move(detail);
        return e;
    }

    std::string actor() const {
        return options_.actor.empty() ? run_detail::default_actor() : options_.actor;
    }

    const MigratorOptions& options_;
    MigrationSet files_;
    driver::Connection conn_;
    std::optional<driver::Connection> lock_conn_;
    std::optional<MigrationLock> lock_;
    History history_;
    std::vector<AppliedMigration> applied_;
    StatusReport status_;
    bool pg_ = true;
    bool history_ready_ = false;
};

}  // namespace strata::migrate
