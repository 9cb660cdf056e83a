// Private: one migration run (connections, lock, history, files, status) and its steps.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan.hpp"
#include "sqlite_run_lock.hpp"
#include "strata/core/error.hpp"
#include "strata/migrate/lock.hpp"
#include "strata/migrate/migrator.hpp"

namespace strata::migrate {

namespace run_detail {

using Clock = std::chrono::steady_clock;

inline std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

/// "<os user>@<host>", recorded as applied_by when the options name nobody.
std::string default_actor();

/// The file of an entry whose state guarantees one (edited, pending, out of order, selected).
const Migration& file_of(const StatusEntry& e);

/// The history row of an entry whose state guarantees one (applied, edited, partial).
const AppliedMigration& applied_of(const StatusEntry& e);

/// N of "+N" (sign '+') or "-N" (sign '-'); nullopt when text is not such a count.
std::optional<long> parse_count(std::string_view text, char sign);

}  // namespace run_detail

using run_detail::applied_of;
using run_detail::Clock;
using run_detail::file_of;
using run_detail::since;

/// Whether a run may change the database. A read-only run (status, history, --sql) opens a
/// SQLite file read-only and plans against an empty database when the file does not exist, so
/// it never creates the file.
enum class Access : std::uint8_t { read_write, read_only };

/// One run: the work connection, the migration lock, the history, files and status.
/// Defined in run.cpp (setup, selection), run_steps.cpp (applying and reverting).
class MigrationRun {
public:
    MigrationRun(const MigratorOptions& options, bool take_lock,
                 Access access = Access::read_write);

    /// Creates the history tables (under the lock) the first time something will be recorded,
    /// so a run that fails validation or has nothing to do leaves the database untouched.
    void ensure_history();
    /// Reads the history again and recomputes the status.
    void refresh();
    driver::Connection open(Access access) const;

    void report(const std::string& line) const;
    void warn(const std::string& line) const;

    /// Throws MigrationStateError while an applied migration was edited (unless allowed) and,
    /// with check_out_of_order and --strict, while a pending one is older than the newest.
    /// except: the version of a migration that may be edited (the one redo runs again).
    void refuse_when_blocked(bool check_out_of_order, std::string_view except = {});

    /// Pending (and partial, to resume) migrations selected by an up target, in version order.
    std::vector<const StatusEntry*> select_up(std::string_view target);
    /// Applied migrations selected by a down target, newest apply order first.
    std::vector<const StatusEntry*> select_down(std::string_view target);

    /// Splits and checks every entry's section before anything runs.
    std::vector<PreparedStep> prepare(const std::vector<const StatusEntry*>& entries,
                                      Direction dir);

    void begin();
    void commit();
    void rollback() noexcept;

    /// Applies one migration (resuming a partial one) and records it.
    StepResult apply(const PreparedStep& step, const StatusEntry& entry);
    /// Reverts one migration and removes its history row. A non-transactional down records its
    /// progress statement by statement and resumes where an earlier one stopped (entry's row).
    StepResult revert(const PreparedStep& step, const StatusEntry& entry);
    /// redo of a migration whose down and up are both transactional: the down, the history
    /// row removed, the up (as the file is now) and its new row, in one transaction.
    StepResult redo_in_one_transaction(const PreparedStep& down, const PreparedStep& up);

    AppliedMigration make_row(const Migration& m, std::chrono::milliseconds elapsed,
                              std::int32_t done, std::int32_t total, bool complete) const;
    MigrationEvent make_event(std::string action, const Migration& m, std::string detail) const;
    std::string actor() const;

    const MigratorOptions& options_;
    MigrationSet files_;
    driver::Connection conn_;
    std::optional<driver::Connection> lock_conn_;
    std::optional<MigrationLock> lock_;
    std::optional<SqliteRunLock> sqlite_lock_;  ///< the same for a SQLite file
    History history_;
    std::vector<AppliedMigration> applied_;
    StatusReport status_;
    bool pg_ = true;
    bool history_ready_ = false;

private:
    /// SQLite has no session lock: each migration re-checks its row inside BEGIN IMMEDIATE.
    bool already_done(const std::string& version, Direction dir);
    /// Throws MigrationStateError naming the index and the DROP that removes it when statement
    /// index of a no-transaction step is a CREATE INDEX CONCURRENTLY whose index an interrupted
    /// earlier attempt left invalid.
    void refuse_leftover_invalid_index(const PreparedStep& step, std::size_t index);
    /// True while the transaction this run opened is still open (possibly failed): what a
    /// failing statement did can then be rolled back. Call before rollback().
    bool transaction_intact() const;
    /// The note after a failure inside a transactional step: what the rollback really undid.
    std::string transactional_failure_note(const PreparedStep& step, bool intact) const;
    [[noreturn]] void fail(const PreparedStep& step, std::size_t index, const SqlError& e,
                           const std::string& tail) const;
    /// Runs the step's statements one by one inside the open transaction; the first failure
    /// rolls back and throws MigrationFailed naming its statement and line, with
    /// rolled_back_note (default: the step's own) when the rollback undid everything.
    void run_in_transaction(const PreparedStep& step, std::string_view rolled_back_note = {});
    StepResult apply_pipelined(const PreparedStep& step);
};

}  // namespace strata::migrate
