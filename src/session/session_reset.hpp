// The statements that reset what a borrower may have left on a PostgreSQL session.
#pragma once

#include <span>

#include "strata/driver/connection.hpp"

namespace strata::session {

/// SET SESSION AUTHORIZATION DEFAULT, RESET ALL, RESET ROLE, CLOSE ALL, UNLISTEN *, DISCARD
/// TEMP, DISCARD SEQUENCES: one statement each, for a pipeline (a COMMIT takes them along).
/// The pool runs the same as one script when a connection comes back.
[[nodiscard]] std::span<const driver::Statement> session_reset_statements();

}  // namespace strata::session
