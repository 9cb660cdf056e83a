// The statements that reset what a borrower may have left on a PostgreSQL session.
#pragma once

#include <string_view>

#include "strata/driver/connection.hpp"

namespace strata::session {

/// SET SESSION AUTHORIZATION DEFAULT; RESET ALL; RESET ROLE; CLOSE ALL; UNLISTEN *; DISCARD
/// TEMP; DISCARD SEQUENCES: one script, run by the pool when a connection comes back and sent
/// behind a transaction's COMMIT in the same Query message (commit_and_reset_script).
[[nodiscard]] std::string_view session_reset_script();

}  // namespace strata::session
