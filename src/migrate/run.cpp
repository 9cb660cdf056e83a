// One migration run: connections, the migration lock, history, status and what a target selects.
#include "run.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "strata/core/log.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/version.hpp"

namespace strata::migrate {

namespace run_detail {

std::string default_actor() {
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

const Migration& file_of(const StatusEntry& e) {
    if (!e.file)
        throw std::logic_error(fmt::format("migration {}: its file is missing", e.version));
    return *e.file;
}

const AppliedMigration& applied_of(const StatusEntry& e) {
    if (!e.applied)
        throw std::logic_error(fmt::format("migration {}: it is not recorded", e.version));
    return *e.applied;
}

std::optional<long> parse_count(std::string_view text, char sign) {
    if (text.size() < 2 || text.front() != sign) return std::nullopt;
    long n = 0;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), n);
    if (ec != std::errc() || ptr != text.data() + text.size() || n <= 0) return std::nullopt;
    return n;
}

}  // namespace run_detail

MigrationRun::MigrationRun(const MigratorOptions& options, bool take_lock, Access access)
    : options_(options),
      files_(MigrationSet::load(options.migrations_dir)),
      conn_(open(access)),
      history_(conn_, options.history),
      pg_(conn_.backend() == driver::Backend::postgres) {
    if (take_lock && pg_) {
        lock_conn_.emplace(open(Access::read_write));
        lock_.emplace(*lock_conn_, "strata-migrate:" + history_.qualified_table(),
                      options.lock_timeout, [this](const std::string& holder) {
                          report(fmt::format("waiting for the migration lock held by {}", holder));
                      });
    } else if (take_lock) {
        // SQLite: one run at a time per file, so a no-transaction migration (which has no
        // BEGIN IMMEDIATE to serialise it) runs once too.
        for (const auto& row : conn_.query("PRAGMA database_list")) {
            const auto file = row.get<std::optional<std::string>>(2);
            if (row.get<std::string>(1) != "main" || !file || file->empty()) continue;
            sqlite_lock_.emplace(*file, options.lock_timeout, [this](const std::string& holder) {
                report(fmt::format("waiting for the migration lock held by {}", holder));
            });
        }
    }
    refresh();
}

void MigrationRun::ensure_history() {
    if (history_ready_) return;
    history_.ensure();
    history_ready_ = true;
}

void MigrationRun::refresh() {
    applied_ = history_.exists() ? history_.applied() : std::vector<AppliedMigration>{};
    status_ = compute_status(files_, applied_);
}

driver::Connection MigrationRun::open(Access access) const {
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

void MigrationRun::report(const std::string& line) const {
    if (options_.report) {
        options_.report(line);
    } else {
        log::info("{}", line);
    }
}

void MigrationRun::warn(const std::string& line) const {
    if (options_.warn) {
        options_.warn(line);
    } else {
        log::warn("{}", line);
    }
}

void MigrationRun::refuse_when_blocked(bool check_out_of_order, std::string_view except) {
    std::vector<std::string> edited;
    for (const auto& e : status_.entries) {
        if (e.state == State::edited && e.version != except)
            edited.push_back(file_of(e).path.filename().string());
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
            if (e.state == State::out_of_order) late.push_back(file_of(e).path.filename().string());
        }
        if (!late.empty()) {
            throw MigrationStateError(
                fmt::format("--strict: pending migration{} older than the newest applied one: {}",
                            late.size() > 1 ? "s" : "", fmt::join(late, ", ")));
        }
    }
}

std::vector<const StatusEntry*> MigrationRun::select_up(std::string_view target) {
    std::vector<const StatusEntry*> pending;
    for (const auto& e : status_.entries) {
        if (e.state == State::pending || e.state == State::out_of_order ||
            e.state == State::partial) {
            if (e.state == State::partial && applied_of(e).reverting()) {
                const auto& a = applied_of(e);
                throw MigrationStateError(fmt::format(
                    "migration {}_{} is half reverted: its down stopped after statement {} of "
                    "{}. Run `strata down` to finish reverting it (it resumes at statement {}) "
                    "before applying anything; nothing was run",
                    e.version, e.name, a.down_done, a.down_total, a.down_done + 1));
            }
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
    std::erase_if(pending, [&](const StatusEntry* e) { return VersionLess{}(target, e->version); });
    return pending;
}

std::vector<const StatusEntry*> MigrationRun::select_down(std::string_view target) {
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
                       std::any_of(applied.begin(), applied.end(), [&](const StatusEntry* e) {
                           return compare_versions(e->version, target) == 0;
                       });
    if (!known) {
        throw UsageError(fmt::format(
            "unknown target \"{}\": expected -N, base or the version of an applied migration",
            target));
    }
    std::erase_if(applied,
                  [&](const StatusEntry* e) { return !VersionLess{}(target, e->version); });
    return applied;
}

std::vector<PreparedStep> MigrationRun::prepare(const std::vector<const StatusEntry*>& entries,
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
                throw MigrationStateError(fmt::format(
                    "cannot revert {}: it has no '-- migrate:down' section, so it is "
                    "irreversible; nothing was reverted. If undoing it needs no statement, add "
                    "an empty '-- migrate:down' section (a deliberate no-op down)",
                    e->file->path.string()));
            }
        }
        // A half-reverted migration resumes its down: the user chose to revert it already.
        if (dir == Direction::down && e->state == State::partial && !applied_of(*e).reverting()) {
            const auto& a = applied_of(*e);
            if (!options_.force) {
                throw MigrationStateError(fmt::format(
                    "cannot revert {}: it is partly applied ({} of {} up statements ran) and its "
                    "down section undoes the whole migration, also the {} statement{} that never "
                    "ran. Undo what ran by hand and run `strata repair --forget-partial`, or run "
                    "`strata down --force` to run its whole down section anyway; nothing was "
                    "reverted",
                    e->file->path.string(), a.statements_done, a.statements_total,
                    a.statements_total - a.statements_done,
                    a.statements_total - a.statements_done == 1 ? "" : "s"));
            }
            warn(
                fmt::format("{} is partly applied ({} of {} up statements ran): --force runs "
                            "its whole down section, also for the statements that never ran",
                            e->file->path.string(), a.statements_done, a.statements_total));
        }
        // An empty down section is a deliberate no-op: allowed, and said when it runs.
        // A long file says how far the check got, the first time after its first megabyte.
        auto last = Clock::now() - std::chrono::seconds(1);
        auto progress = [&](std::size_t done, std::size_t total) {
            if (done == total || Clock::now() - last < std::chrono::seconds(1)) return;
            last = Clock::now();
            report(fmt::format("checking {}: {} of {} MB parsed", e->file->path.filename().string(),
                               done >> 20, total >> 20));
        };
        steps.push_back(prepare_step(*e->file, dir, conn_.backend(), version,
                                     dir == Direction::down, progress));
        if (steps.back().unwrapped_line > 0) {
            report(
                fmt::format("{}:{}: the BEGIN ... COMMIT around the {} section is dropped: "
                            "strata runs it in its own transaction",
                            e->file->path.string(), steps.back().unwrapped_line,
                            dir == Direction::up ? "up" : "down"));
        }
    }
    return steps;
}

void MigrationRun::begin() {
    conn_.execute_script(pg_ ? "BEGIN" : "BEGIN IMMEDIATE");
}

void MigrationRun::commit() {
    conn_.execute_script("COMMIT");
}

void MigrationRun::rollback() noexcept {
    try {
        if (!conn_.is_broken() && conn_.transaction_state() != driver::TransactionState::idle) {
            conn_.execute_script("ROLLBACK");
        }
    } catch (const std::exception& e) {
        log::warn("rollback failed: {}", e.what());
    }
}

AppliedMigration MigrationRun::make_row(const Migration& m, std::chrono::milliseconds elapsed,
                                        std::int32_t done, std::int32_t total,
                                        bool complete) const {
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

MigrationEvent MigrationRun::make_event(std::string action, const Migration& m,
                                        std::string detail) const {
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

std::string MigrationRun::actor() const {
    return options_.actor.empty() ? run_detail::default_actor() : options_.actor;
}

}  // namespace strata::migrate
