// Learning what became of a COMMIT whose connection was lost: the transaction id read with it,
// and the server asked on another connection.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "strata/driver/connection.hpp"
#include "strata/session/pool.hpp"

namespace strata::session {

/// This transaction's id as text (NULL when it has none: it wrote nothing), COMMIT and the
/// session reset as one script (one Query message, one round trip): its first result is the id,
/// its second the COMMIT's. Not pg_current_xact_id(): assigning an id to every transaction
/// would make read-only ones write and flush a commit record.
[[nodiscard]] const std::string& commit_and_reset_script(const driver::Connection& conn);

/// After the connection was lost during COMMIT. id_received: the id query's result arrived
/// (xid is then the id, or nullopt when the transaction had none). Asks pool's connections until
/// the server says committed (returns) or aborted (throws CommitRolledBack), or until timeout
/// (throws CommitOutcomeUnknown). cause is the lost connection's error message.
void resolve_lost_commit(Pool& pool, bool id_received, const std::optional<std::string>& xid,
                         std::chrono::milliseconds timeout, const std::string& cause);

}  // namespace strata::session
