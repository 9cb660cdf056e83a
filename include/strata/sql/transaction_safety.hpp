// Which statements PostgreSQL refuses to run inside a transaction block, and why.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace strata::sql {

/// A statement PostgreSQL runs only outside a transaction block.
struct TransactionUnsafe {
    std::string statement;  ///< what it is, as the server names it: "CREATE INDEX CONCURRENTLY"
    std::string reason;     ///< why, in a short phrase
};

/// The server version assumed when none is given: PostgreSQL 15 (the parser's version).
inline constexpr int kDefaultServerVersion = 150000;

/// Tells whether PostgreSQL (server_version as in server_version_num, e.g. 150004) refuses
/// node inside a transaction block, i.e. a migration must run it on its own:
/// CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, REINDEX SCHEMA/DATABASE/SYSTEM,
/// CREATE/DROP DATABASE, ALTER DATABASE ... SET TABLESPACE, VACUUM (not ANALYZE alone),
/// CREATE/DROP TABLESPACE, ALTER SYSTEM, CLUSTER without a table, ALTER TABLE ... DETACH
/// PARTITION ... CONCURRENTLY, DISCARD ALL, COMMIT/ROLLBACK PREPARED, CREATE SUBSCRIPTION
/// (unless create_slot = false), ALTER SUBSCRIPTION ... REFRESH / with refresh, DROP
/// SUBSCRIPTION, and ALTER TYPE ... ADD VALUE before PostgreSQL 12.
/// node is a statement node as statement_kind() accepts. Returns nullopt when it is allowed.
/// Thread-safety: pure function.
[[nodiscard]] std::optional<TransactionUnsafe> is_transaction_unsafe(
    const nlohmann::json& node, int server_version = kDefaultServerVersion);

}  // namespace strata::sql
