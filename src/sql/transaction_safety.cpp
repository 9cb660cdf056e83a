// is_transaction_unsafe: PostgreSQL 15's PreventInTransactionBlock() callers, read from a tree.
#include "strata/sql/transaction_safety.hpp"

#include <algorithm>
#include <cctype>

#include "strata/sql/parse_tree.hpp"

namespace strata::sql {
namespace {

using nlohmann::json;

bool flag(const json& body, const char* key) {
    return body.value(key, false);
}

std::string field(const json& body, const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A DefElem's value read as the server's defGetBoolean() does; no argument means true.
bool def_elem_bool(const json& def_elem) {
    auto arg = def_elem.find("arg");
    if (arg == def_elem.end() || !arg->is_object()) return true;
    if (auto s = arg->find("String"); s != arg->end()) {
        std::string v = s->value("sval", "");
        std::transform(v.begin(), v.end(), v.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return v != "false" && v != "off" && v != "no" && v != "0" && v != "f" && v != "n";
    }
    if (auto i = arg->find("Integer"); i != arg->end()) return i->value("ival", 0) != 0;
    if (auto b = arg->find("Boolean"); b != arg->end()) return b->value("boolval", false);
    return true;
}

// The boolean option `name` in a list of DefElem nodes, or fallback when absent.
bool option(const json& body, const char* list, std::string_view name, bool fallback) {
    auto options = body.find(list);
    if (options == body.end() || !options->is_array()) return fallback;
    for (const auto& item : *options) {
        auto def = item.find("DefElem");
        if (def != item.end() && def->value("defname", "") == name) return def_elem_bool(*def);
    }
    return fallback;
}

bool has_option(const json& body, const char* list, std::string_view name) {
    auto options = body.find(list);
    if (options == body.end() || !options->is_array()) return false;
    return std::any_of(options->begin(), options->end(), [&](const json& item) {
        auto def = item.find("DefElem");
        return def != item.end() && def->value("defname", "") == name;
    });
}

bool detaches_concurrently(const json& body) {
    auto cmds = body.find("cmds");
    if (cmds == body.end() || !cmds->is_array()) return false;
    return std::any_of(cmds->begin(), cmds->end(), [](const json& item) {
        auto cmd = item.find("AlterTableCmd");
        if (cmd == item.end() || cmd->value("subtype", "") != "AT_DetachPartition") return false;
        auto def = cmd->find("def");
        if (def == cmd->end() || !def->contains("PartitionCmd")) return false;
        return flag(def->at("PartitionCmd"), "concurrent");
    });
}

using Result = std::optional<TransactionUnsafe>;

Result unsafe(std::string statement, std::string reason) {
    return TransactionUnsafe{std::move(statement), std::move(reason)};
}

constexpr const char* kConcurrentReason =
    "works in several transactions of its own, waiting for concurrent ones to finish";
constexpr const char* kFilesReason = "changes files on the server, which cannot be rolled back";
constexpr const char* kSlotReason =
    "acts on a replication slot on the publisher, which cannot be rolled back";

Result check_reindex(const json& body) {
    auto kind = field(body, "kind");
    if (kind == "REINDEX_OBJECT_SCHEMA" || kind == "REINDEX_OBJECT_SYSTEM" ||
        kind == "REINDEX_OBJECT_DATABASE") {
        return unsafe("REINDEX " + kind.substr(std::string_view("REINDEX_OBJECT_").size()),
                      "commits after each table it reindexes");
    }
    if (option(body, "params", "concurrently", false)) {
        return unsafe("REINDEX CONCURRENTLY", kConcurrentReason);
    }
    return std::nullopt;
}

Result check_subscription(const std::string& kind, const json& body) {
    if (kind == "CreateSubscriptionStmt") {
        bool connect = option(body, "options", "connect", true);
        if (connect && option(body, "options", "create_slot", true)) {
            return unsafe("CREATE SUBSCRIPTION ... WITH (create_slot = true)", kSlotReason);
        }
    } else if (kind == "AlterSubscriptionStmt") {
        auto what = field(body, "kind");
        if (what == "ALTER_SUBSCRIPTION_REFRESH") {
            return unsafe("ALTER SUBSCRIPTION ... REFRESH", kSlotReason);
        }
        if (what.ends_with("_PUBLICATION") && option(body, "options", "refresh", true)) {
            return unsafe("ALTER SUBSCRIPTION with refresh", kSlotReason);
        }
    } else if (kind == "DropSubscriptionStmt") {
        return unsafe("DROP SUBSCRIPTION", kSlotReason);
    }
    return std::nullopt;
}

}  // namespace

std::optional<TransactionUnsafe> is_transaction_unsafe(const json& node, int server_version) {
    auto kind = statement_kind(node);
    const json& body = statement_body(node);
    if (kind == "IndexStmt" && flag(body, "concurrent")) {
        return unsafe("CREATE INDEX CONCURRENTLY", kConcurrentReason);
    }
    if (kind == "DropStmt" && flag(body, "concurrent")) {
        return unsafe("DROP INDEX CONCURRENTLY", kConcurrentReason);
    }
    if (kind == "ReindexStmt") return check_reindex(body);
    if (kind == "CreatedbStmt") return unsafe("CREATE DATABASE", kFilesReason);
    if (kind == "DropdbStmt") return unsafe("DROP DATABASE", kFilesReason);
    if (kind == "AlterDatabaseStmt" && has_option(body, "options", "tablespace")) {
        return unsafe("ALTER DATABASE SET TABLESPACE", kFilesReason);
    }
    if (kind == "VacuumStmt" && flag(body, "is_vacuumcmd")) {
        return unsafe("VACUUM",
                      "commits after each table it processes (ANALYZE alone may run "
                      "in a transaction)");
    }
    if (kind == "CreateTableSpaceStmt") return unsafe("CREATE TABLESPACE", kFilesReason);
    if (kind == "DropTableSpaceStmt") return unsafe("DROP TABLESPACE", kFilesReason);
    if (kind == "AlterSystemStmt") {
        return unsafe("ALTER SYSTEM", "writes postgresql.auto.conf, which cannot be rolled back");
    }
    if (kind == "ClusterStmt" && !body.contains("relation")) {
        return unsafe("CLUSTER",
                      "without a table it reclusters every clustered table, "
                      "committing after each");
    }
    if (kind == "AlterTableStmt" && detaches_concurrently(body)) {
        return unsafe("ALTER TABLE ... DETACH PARTITION CONCURRENTLY", kConcurrentReason);
    }
    if (kind == "AlterEnumStmt" && server_version < 120000 && body.contains("newVal") &&
        !body.contains("oldVal")) {
        return unsafe("ALTER TYPE ... ADD VALUE",
                      "before PostgreSQL 12 an enum value cannot be added in a transaction block");
    }
    if (kind == "DiscardStmt" && field(body, "target") == "DISCARD_ALL") {
        return unsafe("DISCARD ALL", "resets the whole session, transaction state included");
    }
    if (kind == "TransactionStmt") {
        auto what = field(body, "kind");
        if (what == "TRANS_STMT_COMMIT_PREPARED") {
            return unsafe("COMMIT PREPARED", "finishes another, prepared transaction");
        }
        if (what == "TRANS_STMT_ROLLBACK_PREPARED") {
            return unsafe("ROLLBACK PREPARED", "finishes another, prepared transaction");
        }
    }
    return check_subscription(kind, body);
}

}  // namespace strata::sql
