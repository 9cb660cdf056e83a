// lint_migrations: files read for lint, statements parsed and checked, ignores and config applied.
#include "strata/lint/migration_lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "lint/migration_checker.hpp"
#include "lint/run_state.hpp"
#include "strata/lint/rules.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/migration.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_pieces.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::lint {
namespace {

/// The lines of text (without their line break or a CR before it), viewing into text.
std::vector<std::string_view> file_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = end + 1;
    }
    return lines;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

Finding file_finding(const std::filesystem::path& path, std::string rule, int line,
                     std::string message, std::string fix) {
    Finding f;
    f.rule = std::move(rule);
    f.file = path.string();
    f.line = line;
    f.column = line > 0 ? 1 : 0;
    f.message = std::move(message);
    f.fix = std::move(fix);
    return f;
}

// One `-- strata:ignore <rule> [reason]` comment.
struct Ignore {
    int line = 0;
    std::string rule;
};

std::vector<Ignore> ignores_of(const std::vector<std::string_view>& lines) {
    std::vector<Ignore> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto t = trimmed(lines[i]);
        if (!t.starts_with("--")) continue;
        t = trimmed(t.substr(2));
        if (!t.starts_with("strata:ignore")) continue;
        std::istringstream words(std::string(t.substr(13)));
        Ignore ignore;
        ignore.line = static_cast<int>(i) + 1;
        words >> ignore.rule;
        out.push_back(std::move(ignore));
    }
    return out;
}

class FileLinter {
public:
    FileLinter(const migrate::Migration& m, const Config& config, RunState& state,
               std::vector<Finding>& out, const LintProgress& progress)
        : m_(m), config_(config), state_(state), out_(out), progress_(progress) {}

    void run() {
        // The text the migration was parsed from (read once, shared); a migration built by
        // hand around text of its own is read from its file.
        if (m_.source) {
            text_ = *m_.source;
        } else {
            own_text_ = migrate::read_source_file(m_.path);
            text_ = own_text_;
        }
        lines_ = file_lines(text_);
        const auto ignores = ignores_of(lines_);
        for (const auto& ignore : ignores) {
            if (find_rule(ignore.rule) != nullptr) continue;
            emit({"ignore-unknown-rule", ignore.line, 1, "",
                  fmt::format("-- strata:ignore names an unknown rule \"{}\"", ignore.rule),
                  "use a rule id from docs/lint/ (strata lint --json shows the ids it reports)"},
                 {});
        }
        if (!m_.down_sql && m_.down_line == 0) {
            emit({"migration-missing-down", 1, 1, "",
                  "no -- migrate:down section: the migration cannot be reverted",
                  "add -- migrate:down with the statements that undo it (an empty section says "
                  "it is deliberately irreversible)"},
                 {});
        }
        if (m_.description.empty()) {
            emit({"migration-missing-description", 1, 1, "",
                  "no header comment saying what the migration does and its risk",
                  "start the file with -- comment lines before -- migrate:up"},
                 {});
        }
        if (m_.transactional && text_.find("migrate:no-transaction") != std::string_view::npos) {
            for (std::size_t i = 0; i < lines_.size(); ++i) {
                if (lines_[i].find("migrate:no-transaction") == std::string::npos) continue;
                emit({"no-transaction-misplaced", static_cast<int>(i) + 1, 1, "",
                      "this -- migrate:no-transaction is not where the migrations layer reads "
                      "directives: the file runs in a transaction",
                      "put -- migrate:no-transaction on a line of its own before -- migrate:up"},
                     {});
            }
        }
        // Statement by statement as the parser hands them over: a long file is parsed piece by
        // piece, so memory stays bounded by one piece's trees and progress shows at once.
        MigrationChecker checker(state_, m_.transactional);
        std::vector<int> starts;  // each statement's first line, in order
        // The up section starts at the beginning of line up_line: the parser's lines are the
        // section's, the file's from there.
        const int lines_before = std::max(m_.up_line, 1) - 1;
        auto check = [&](sql::ParsedStatement& s) {
            const int line = s.source.line + lines_before;
            starts.push_back(line);
            checker.check(s, line, s.source.column);
        };
        std::function<void(std::size_t, std::size_t)> piece_done;
        if (progress_ && m_.up_sql.size() > sql::kParsePieceBytes) {
            piece_done = [this](std::size_t done, std::size_t total) {
                progress_(m_.path, done, total);
            };
        }
        try {
            sql::parse_in_pieces(m_.up_sql, m_.path.string(), check, piece_done,
                                 migration_rules_need_tree);
        } catch (const sql::ParseError& e) {
            emit({"migration-invalid", e.line() > 0 ? e.line() + lines_before : 0, e.column(), "",
                  e.message(), "fix the SQL: PostgreSQL would refuse this migration"},
                 {});
            return;
        }
        checker.finish();
        // Each statement's ignores: the comment lines right above it (up to the previous
        // statement); the file's: the header before -- migrate:up.
        for (const auto& f : checker.findings()) {
            std::set<std::string> ignored;
            int previous = 0;
            for (int start : starts) {
                if (start > f.line) break;
                if (start < f.line) previous = start;
            }
            for (const auto& ignore : ignores) {
                const bool header = ignore.line < m_.up_line;
                const bool above = ignore.line < f.line && ignore.line > previous;
                if (header || above) ignored.insert(ignore.rule);
            }
            emit(f, ignored);
        }
    }

private:
    void emit(const RawFinding& raw, const std::set<std::string>& ignored) {
        const Severity severity = config_.severity(raw.rule);
        if (severity == Severity::off || ignored.contains(raw.rule)) return;
        if (config_.exempt(raw.rule, raw.object)) return;
        Finding f;
        f.rule = raw.rule;
        f.severity = severity;
        f.file = m_.path.string();
        f.line = raw.line;
        f.column = raw.column;
        f.object = raw.object;
        f.message = raw.message;
        f.fix = raw.fix;
        if (raw.line > 0 && static_cast<std::size_t>(raw.line) <= lines_.size()) {
            f.excerpt = std::string(lines_[static_cast<std::size_t>(raw.line) - 1]);
        }
        out_.push_back(std::move(f));
    }

    const migrate::Migration& m_;
    const Config& config_;
    RunState& state_;
    std::vector<Finding>& out_;
    const LintProgress& progress_;
    std::string_view text_;  ///< the file (normalised), which lines_ view into
    std::string own_text_;   ///< the file read here when the migration has no source
    std::vector<std::string_view> lines_;
};

LintedFile read_unfiltered(const std::filesystem::path& path);

}  // namespace

LintedFile read_migration_for_lint(const std::filesystem::path& path, const Config& config) {
    LintedFile out = read_unfiltered(path);
    std::erase_if(out.findings, [&](Finding& f) {
        f.severity = config.severity(f.rule);
        return f.severity == Severity::off;
    });
    return out;
}

namespace {

LintedFile read_unfiltered(const std::filesystem::path& path) {
    // Shared with the migration: a file read for lint is held once.
    const auto shared = std::make_shared<const std::string>(migrate::read_source_file(path));
    const std::string& text = *shared;
    LintedFile out;
    try {
        out.migration = migrate::parse_migration(path, shared);
        return out;
    } catch (const migrate::MigrationFileError& e) {
        const std::string what = e.what();
        if (what.find("'-- migrate:no-transaction' must come before") == std::string::npos) {
            out.findings.push_back(file_finding(path, "migration-invalid", e.line(), what,
                                                "fix the file: strata up refuses it"));
            return out;
        }
        // Lint the file as transactional without the misplaced marker, and say so.
        auto lines = file_lines(text);
        std::string repaired;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (static_cast<int>(i) + 1 != e.line()) repaired += lines[i];
            repaired += '\n';
        }
        out.findings.push_back(file_finding(
            path, "no-transaction-misplaced", e.line(),
            "-- migrate:no-transaction after -- migrate:up: strata up refuses the file; linted "
            "as transactional",
            "move -- migrate:no-transaction before -- migrate:up"));
        try {
            out.migration = migrate::parse_migration(path, repaired);
        } catch (const migrate::MigrationFileError& again) {
            out.findings.push_back(file_finding(path, "migration-invalid", again.line(),
                                                again.what(), "fix the file"));
        }
    }
    return out;
}

}  // namespace

std::vector<Finding> lint_migrations(const schema::Catalog& before,
                                     const std::vector<migrate::Migration>& run,
                                     const Config& config, const MigrationLintOptions& options) {
    RunState state(before, options.search_path);
    std::vector<Finding> out;
    for (const auto& m : run) {
        if (options.each_migration_is_a_run) state.start_run();
        FileLinter(m, config, state, out, options.progress).run();
        state.reset_search_path();
    }
    return out;
}

}  // namespace strata::lint
