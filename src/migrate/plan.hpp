// Private: a migration section split into located statements, checked before anything runs.
#pragma once

#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::migrate {

enum class Direction { up, down };

struct PreparedStep {
    const Migration* migration = nullptr;
    Direction direction = Direction::up;
    std::vector<MigrationStatement> statements;
    bool transactional = true;
};

/// Splits a section with the backend's own splitter (PostgreSQL parser / sqlite3_complete).
/// For PostgreSQL, a statement that cannot run in a transaction block inside a transactional
/// file is a MigrationFileError naming the line and the directive that fixes it; a parse error
/// is a MigrationFileError with file:line:column.
/// A section without statements is an error unless allow_empty (seed files may be empty).
PreparedStep prepare_step(const Migration& m, Direction direction, driver::Backend backend,
                          int server_version, bool allow_empty = false);

/// The line in the file of a 1-based character position inside a statement.
int line_of_position(const MigrationStatement& st, int position);

}  // namespace strata::migrate
