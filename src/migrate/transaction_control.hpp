// Private: which statements of a migration begin, end or otherwise control a transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace strata::migrate {

/// A transaction-control statement, as the backend's own parser sees it.
struct TransactionControl {
    enum class Kind : std::uint8_t {
        begin,   ///< BEGIN / START TRANSACTION
        commit,  ///< COMMIT / END
        other,   ///< ROLLBACK, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED, ...
    };
    Kind kind = Kind::other;
    /// BEGIN without options or COMMIT without AND CHAIN: the same thing as the transaction
    /// strata opens and commits around a transactional migration.
    bool plain = false;
    std::string what;  ///< "BEGIN", "COMMIT", "ROLLBACK", "PREPARE TRANSACTION", ...
};

/// From a PostgreSQL parse tree node (libpg_query JSON). SAVEPOINT, RELEASE and ROLLBACK TO
/// stay inside the transaction and are not transaction control here.
[[nodiscard]] std::optional<TransactionControl> pg_transaction_control(const nlohmann::json& node);

/// From SQLite's own parser: the statement is compiled (not run) on an in-memory database and
/// the authorizer reports SQLITE_TRANSACTION. Savepoints are not transaction control here.
[[nodiscard]] std::optional<TransactionControl> sqlite_transaction_control(std::string_view sql);

}  // namespace strata::migrate
