// Classifying transaction-control statements with each backend's own parser.
#include "transaction_control.hpp"

#include <sqlite3.h>

#include <memory>

#include "strata/sql/parse_tree.hpp"

namespace strata::migrate {

std::optional<TransactionControl> pg_transaction_control(const nlohmann::json& node) {
    if (sql::statement_kind(node) != "TransactionStmt") return std::nullopt;
    const auto& body = sql::statement_body(node);
    // libpg_query omits fields equal to their default: kind TRANS_STMT_BEGIN is 0.
    const std::string kind = body.value("kind", std::string("TRANS_STMT_BEGIN"));
    const bool has_options = body.contains("options") && !body["options"].empty();
    using K = TransactionControl::Kind;
    if (kind == "TRANS_STMT_BEGIN") return TransactionControl{K::begin, !has_options, "BEGIN"};
    if (kind == "TRANS_STMT_START")
        return TransactionControl{K::begin, !has_options, "START TRANSACTION"};
    if (kind == "TRANS_STMT_COMMIT")
        return TransactionControl{K::commit, !body.value("chain", false), "COMMIT"};
    if (kind == "TRANS_STMT_ROLLBACK") return TransactionControl{K::other, false, "ROLLBACK"};
    if (kind == "TRANS_STMT_PREPARE")
        return TransactionControl{K::other, false, "PREPARE TRANSACTION"};
    if (kind == "TRANS_STMT_COMMIT_PREPARED")
        return TransactionControl{K::other, false, "COMMIT PREPARED"};
    if (kind == "TRANS_STMT_ROLLBACK_PREPARED")
        return TransactionControl{K::other, false, "ROLLBACK PREPARED"};
    return std::nullopt;  // SAVEPOINT, RELEASE, ROLLBACK TO: inside the transaction
}

namespace {

struct SqliteTxCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};

int sqlite_tx_authorizer(void* out, int action, const char* arg1, const char*, const char*,
                         const char*) {
    if (action == SQLITE_TRANSACTION && arg1 != nullptr) *static_cast<std::string*>(out) = arg1;
    return SQLITE_OK;
}

}  // namespace

std::optional<TransactionControl> sqlite_transaction_control(std::string_view sql) {
    thread_local std::unique_ptr<sqlite3, SqliteTxCloser> db = [] {
        sqlite3* raw = nullptr;
        sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr);
        return std::unique_ptr<sqlite3, SqliteTxCloser>(raw);
    }();
    if (!db) return std::nullopt;
    std::string seen;
    sqlite3_set_authorizer(db.get(), &sqlite_tx_authorizer, &seen);
    sqlite3_stmt* stmt = nullptr;
    // Statements on tables this empty database lacks fail to compile: they are not BEGIN,
    // COMMIT or ROLLBACK, whose compilation needs no schema.
    sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    sqlite3_finalize(stmt);
    sqlite3_set_authorizer(db.get(), nullptr, nullptr);
    using K = TransactionControl::Kind;
    if (seen == "BEGIN") return TransactionControl{K::begin, true, "BEGIN"};
    if (seen == "COMMIT") return TransactionControl{K::commit, true, "COMMIT"};
    if (seen == "ROLLBACK") return TransactionControl{K::other, false, "ROLLBACK"};
    return std::nullopt;
}

}  // namespace strata::migrate
