// Reusing a test's clone: what a clone looked like when handed out, to tell whether its test
// changed anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "strata/driver/connection.hpp"
#include "strata/session/database.hpp"

namespace strata::testing::detail {

class AdminConnection;

/// What can change in a clone, read when it is handed to a test and again after the test: equal
/// states mean the test changed nothing and the clone can serve the next test.
struct CloneState {
    /// From the maintenance database: the clone's row, insert, update and delete counters
    /// (catalog rows included, so any DDL, TRUNCATE, COMMENT, temporary table or large object
    /// counts), their reset time, its database-level settings, owner, ACL, connection limit and
    /// comment, its prepared transactions and replication slots, and whether track_counts is on.
    std::string server;
    /// From the clone: every sequence's last value (nextval and setval change no row counter).
    std::string sequences;

    friend bool operator==(const CloneState&, const CloneState&) = default;
};

/// The clone's server-side state (see CloneState::server). Throws strata::Error.
[[nodiscard]] std::string clone_server_state(AdminConnection& admin, const std::string& name);

/// The clone's sequences (see CloneState::sequences), read through database. Throws.
[[nodiscard]] std::string clone_sequence_state(session::Database& database);

/// The same, on a connection to the clone outside any transaction. Throws.
[[nodiscard]] std::string clone_sequence_on(driver::Connection& conn);

/// Both parts of the clone's state (admin_url: the maintenance database). Throws.
[[nodiscard]] CloneState read_clone_state(const std::string& admin_url, const std::string& name,
                                          session::Database& database);

/// Whether finished tests' unchanged clones go back to the ready pool: configured, else
/// $STRATA_TEST_REUSE_CLONES ("0": no, "1": yes), else yes. Throws UsageError for another value.
[[nodiscard]] bool clone_reuse_enabled(std::optional<bool> configured);

}  // namespace strata::testing::detail
