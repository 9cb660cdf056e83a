// Splitting and checking migration sections before they run.
#include "plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "strata/driver/sqlite_split.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_pieces.hpp"
#include "strata/sql/parse_tree.hpp"
#include "strata/sql/split.hpp"
#include "strata/sql/transaction_safety.hpp"
#include "transaction_control.hpp"

namespace strata::migrate {

namespace {

/// The transaction-control statements of a section, by statement index.
using TxControls = std::vector<std::pair<std::size_t, TransactionControl>>;

/// Drops an exact BEGIN ... COMMIT wrapper, or refuses the first transaction-control statement
/// of a transactional section before anything runs.
void check_transaction_control(PreparedStep& step, const TxControls& controls) {
    using K = TransactionControl::Kind;
    const auto& m = *step.migration;
    const std::size_t n = step.statements.size();
    const bool wrapper = controls.size() == 2 && controls[0].first == 0 &&
                         controls[0].second.kind == K::begin && controls[0].second.plain &&
                         controls[1].first == n - 1 && controls[1].second.kind == K::commit &&
                         controls[1].second.plain;
    if (wrapper) {
        step.unwrapped_line = step.statements.front().line;
        step.statements.pop_back();
        step.statements.erase(step.statements.begin());
        return;
    }
    // Blame the statement that breaks the wrapper: past a plain leading BEGIN when another
    // transaction-control statement follows it.
    const bool leading_begin =
        controls[0].first == 0 && controls[0].second.kind == K::begin && controls[0].second.plain;
    const auto& [index, control] = controls[leading_begin && controls.size() > 1 ? 1 : 0];
    throw MigrationFileError(
        m.path, step.statements[index].line,
        fmt::format("{} in a transactional migration: strata runs each migration in a "
                    "transaction of its own, which {} would {}. Remove it (a plain BEGIN first "
                    "and COMMIT last around all the statements are accepted and dropped), or add "
                    "'-- migrate:no-transaction' above '-- migrate:up' to run the file statement "
                    "by statement without strata's transaction; nothing was run",
                    control.what, control.what,
                    control.kind == K::begin ? "nest or replace" : "end early"));
}

/// False for statements whose first keyword makes them data or privilege statements (INSERT,
/// UPDATE, DELETE, SELECT, WITH, VALUES, COPY, COMMENT, GRANT, REVOKE, TRUNCATE, MERGE): in
/// PostgreSQL's grammar the first keyword decides the statement's kind, and none of those is
/// transaction control or refused in a transaction block, so their parse tree is not needed.
/// Everything else (BEGIN, COMMIT, CREATE INDEX, VACUUM, ...) is classified by its tree.
bool plan_needs_tree(std::string_view statement) {
    static constexpr std::string_view kPlain[] = {"INSERT", "UPDATE", "DELETE",   "SELECT",
                                                  "WITH",   "VALUES", "COPY",     "COMMENT",
                                                  "GRANT",  "REVOKE", "TRUNCATE", "MERGE"};
    return std::ranges::find(kPlain, sql::leading_keyword(statement)) == std::end(kPlain);
}

}  // namespace

PreparedStep prepare_step(const Migration& m, Direction direction, driver::Backend backend,
                          int server_version, bool allow_empty, const PrepareProgress& progress) {
    PreparedStep step;
    step.migration = &m;
    step.direction = direction;
    step.transactional = m.transactional;
    const std::string_view text = direction == Direction::up ? m.up_sql : *m.down_sql;
    // The section starts at the beginning of its line of the file: the splitters count lines
    // from 1, the file from there; columns are the file's already.
    const int first_line = direction == Direction::up ? m.up_line : m.down_line;
    const int lines_before = std::max(first_line, 1) - 1;
    // A statement is a view into the section's text (the migration's source), never a copy.
    auto view = [&](std::size_t offset, std::size_t length) { return text.substr(offset, length); };
    TxControls controls;
    if (backend == driver::Backend::postgres) {
        try {
            sql::parse_in_pieces(
                text, m.path.string(),
                [&](sql::ParsedStatement& ps) {
                    const MigrationStatement statement{
                        view(ps.source.offset, ps.source.text.size()),
                        ps.source.line + lines_before, ps.source.column};
                    if (ps.kind.empty()) {  // a data statement: nothing to classify
                        step.statements.push_back(statement);
                        return;
                    }
                    auto control = pg_transaction_control(ps.node);
                    if (m.transactional && !control) {
                        if (auto unsafe = sql::is_transaction_unsafe(ps.node, server_version)) {
                            throw MigrationFileError(
                                m.path, statement.line,
                                fmt::format("{} cannot run inside a transaction ({}); add "
                                            "'-- migrate:no-transaction' above '-- migrate:up' and "
                                            "keep such statements in a file of their own",
                                            unsafe->statement, unsafe->reason));
                        }
                    }
                    if (control) controls.emplace_back(step.statements.size(), std::move(*control));
                    if (!m.transactional && ps.kind == "IndexStmt") {
                        const auto& body = sql::statement_body(ps.node);
                        if (body.value("concurrent", false) && body.contains("idxname")) {
                            std::string schema;
                            if (body.contains("relation")) {
                                schema = body["relation"].value("schemaname", std::string());
                            }
                            step.concurrent_indexes.push_back({step.statements.size(),
                                                               std::move(schema),
                                                               body["idxname"].get<std::string>()});
                        }
                    }
                    step.statements.push_back(statement);
                },
                progress, plan_needs_tree);
        } catch (const sql::ParseError& e) {
            throw MigrationFileError(m.path, e.line() > 0 ? e.line() + lines_before : 0,
                                     e.message(), e.column());
        }
    } else {
        for (const auto& st : driver::split_sqlite_script(text)) {
            if (auto control =
                    m.transactional ? sqlite_transaction_control(st.sql) : std::nullopt) {
                controls.emplace_back(step.statements.size(), std::move(*control));
            }
            step.statements.push_back(
                {view(st.offset, st.sql.size()), st.line + lines_before, st.column});
        }
    }
    if (m.transactional && !controls.empty()) check_transaction_control(step, controls);
    if (step.statements.empty() && !allow_empty) {
        throw MigrationFileError(m.path, direction == Direction::up ? m.up_line : m.down_line,
                                 fmt::format("the {} section has no statements",
                                             direction == Direction::up ? "up" : "down"));
    }
    return step;
}

int line_of_position(const MigrationStatement& st, int position) {
    int line = st.line;
    int chars = 0;
    for (unsigned char c : st.sql) {
        if ((c & 0xC0) != 0x80) ++chars;  // count code points, as the server does
        if (chars >= position) break;
        if (c == '\n') ++line;
    }
    return line;
}

}  // namespace strata::migrate
