// Splitting and checking migration sections before they run.
#include "plan.hpp"

#include <fmt/format.h>

#include "strata/driver/sqlite_split.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/sql/parse_error.hpp"
#include "strata/sql/parse_tree.hpp"
#include "strata/sql/transaction_safety.hpp"

namespace strata::migrate {

PreparedStep prepare_step(const Migration& m, Direction direction, driver::Backend backend,
                          int server_version, bool allow_empty) {
    PreparedStep step;
    step.migration = &m;
    step.direction = direction;
    step.transactional = m.transactional;
    const std::string& text = direction == Direction::up ? m.up_sql : *m.down_sql;
    if (backend == driver::Backend::postgres) {
        try {
            auto tree = sql::parse(text, m.path.string());
            for (const auto& ps : tree.statements()) {
                if (m.transactional) {
                    if (auto unsafe = sql::is_transaction_unsafe(ps.node, server_version)) {
                        throw MigrationFileError(
                            m.path, ps.source.line,
                            fmt::format("{} cannot run inside a transaction ({}); add "
                                        "'-- migrate:no-transaction' above '-- migrate:up' and "
                                        "keep such statements in a file of their own",
                                        unsafe->statement, unsafe->reason));
                    }
                }
                step.statements.push_back({ps.source.text, ps.source.line, ps.source.column});
            }
        } catch (const sql::ParseError& e) {
            throw MigrationFileError(m.path, e.line(), e.message(), e.column());
        }
    } else {
        for (auto& st : driver::split_sqlite_script(text)) {
            step.statements.push_back({std::move(st.sql), st.line, st.column});
        }
    }
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
