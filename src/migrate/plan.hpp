// Private: a migration section split into located statements, checked before anything runs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::migrate {

enum class Direction { up, down };

/// A CREATE INDEX CONCURRENTLY of a no-transaction step: killed or failed, it leaves an
/// invalid index of that name behind, which blocks running it again.
struct ConcurrentIndex {
    std::size_t statement = 0;  ///< index into PreparedStep::statements
    std::string schema;         ///< as written (empty: the search path's)
    std::string name;
};

struct PreparedStep {
    const Migration* migration = nullptr;
    Direction direction = Direction::up;
    std::vector<MigrationStatement> statements;
    bool transactional = true;
    /// Line of a leading BEGIN whose BEGIN ... COMMIT wrapper was dropped (0: none was).
    int unwrapped_line = 0;
    std::vector<ConcurrentIndex> concurrent_indexes;  ///< PostgreSQL no-transaction steps
};

/// Splits a section with the backend's own splitter (PostgreSQL parser / sqlite3_complete).
/// For PostgreSQL, a statement that cannot run in a transaction block inside a transactional
/// file is a MigrationFileError naming the line and the directive that fixes it; a parse error
/// is a MigrationFileError with file:line:column.
/// In a transactional file, a BEGIN/START TRANSACTION first and COMMIT/END last around every
/// other statement are dropped (strata's own transaction is the same thing); any other
/// transaction-control statement is a MigrationFileError naming its line and both fixes.
/// A section without statements is an error unless allow_empty (seed files may be empty).
/// progress(bytes checked, bytes in the section) is called as a long PostgreSQL section is
/// parsed piece by piece (about 1 MB each), so a 50 MB file shows progress at once.
using PrepareProgress = std::function<void(std::size_t done, std::size_t total)>;
PreparedStep prepare_step(const Migration& m, Direction direction, driver::Backend backend,
                          int server_version, bool allow_empty = false,
                          const PrepareProgress& progress = {});

/// The line in the file of a 1-based character position inside a statement.
int line_of_position(const MigrationStatement& st, int position);

}  // namespace strata::migrate
