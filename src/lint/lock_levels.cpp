// Which statements take an ACCESS EXCLUSIVE lock on an existing table (missing-lock-timeout),
// beyond the ones the other rules already inspect (ALTER/DROP/TRUNCATE/RENAME/CREATE POLICY).
#include <fmt/format.h>

#include "lint/migration_checker.hpp"
#include "lint/tree.hpp"

namespace strata::lint {
namespace {

// AccessExclusiveLock in PostgreSQL's lockdefs.h (LOCK TABLE's default mode).
constexpr int kAccessExclusiveMode = 8;

}  // namespace

bool alter_table_cmd_takes_access_exclusive(const nlohmann::json& cmd) {
    // The ALTER TABLE forms documented to take less than ACCESS EXCLUSIVE; every other one
    // takes it (the whole statement takes the strongest lock of its subcommands).
    static const std::set<std::string, std::less<>> kWeaker{
        "AT_ValidateConstraint", "AT_SetStatistics",
        "AT_ClusterOn",          "AT_DropCluster",
        "AT_SetOptions",         "AT_ResetOptions",
        "AT_AttachPartition",    "AT_EnableTrig",
        "AT_EnableAlwaysTrig",   "AT_EnableReplicaTrig",
        "AT_EnableTrigAll",      "AT_EnableTrigUser",
        "AT_DisableTrig",        "AT_DisableTrigAll",
        "AT_DisableTrigUser",    "AT_DetachPartitionFinalize"};
    const std::string subtype = cmd.value("subtype", "");
    if (kWeaker.contains(subtype)) return false;
    if (subtype == "AT_AddConstraint") {
        // ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE (on both tables).
        const auto& constraint = cmd.value("def", nlohmann::json::object())
                                     .value("Constraint", nlohmann::json::object());
        return constraint.value("contype", "") != "CONSTR_FOREIGN";
    }
    if (subtype == "AT_DetachPartition") {
        const auto& spec = cmd.value("def", nlohmann::json::object())
                               .value("PartitionCmd", nlohmann::json::object());
        return !spec.value("concurrent", false);
    }
    return true;
}

void MigrationChecker::locking_statement(const std::string& kind, const nlohmann::json& body) {
    if (kind == "LockStmt") {
        if (body.value("mode", kAccessExclusiveMode) != kAccessExclusiveMode) return;
        for (const auto& rel : body.value("relations", nlohmann::json::array()))
            access_exclusive(state_.resolve(rel.value("RangeVar", nlohmann::json::object())),
                             "LOCK TABLE");
    } else if (kind == "VacuumStmt") {
        bool full = false;
        for (const auto& option : body.value("options", nlohmann::json::array())) {
            full = full ||
                   option.value("DefElem", nlohmann::json::object()).value("defname", "") == "full";
        }
        if (!full) return;
        for (const auto& rel : body.value("rels", nlohmann::json::array())) {
            const auto& vacuum = rel.value("VacuumRelation", nlohmann::json::object());
            access_exclusive(state_.resolve(vacuum.value("relation", nlohmann::json::object())),
                             "VACUUM FULL");
        }
    } else if (kind == "ClusterStmt") {
        if (body.contains("relation"))
            access_exclusive(state_.resolve(body["relation"]), "CLUSTER");
    } else if (kind == "AlterPolicyStmt") {
        access_exclusive(state_.resolve(body.value("table", nlohmann::json::object())),
                         "ALTER POLICY");
    } else if (kind == "RuleStmt") {
        access_exclusive(state_.resolve(body.value("relation", nlohmann::json::object())),
                         "CREATE RULE");
    } else if (kind == "DropStmt") {
        // DROP TRIGGER / POLICY / RULE name ON table: the table's lock.
        const std::string type = body.value("removeType", "");
        const char* what = type == "OBJECT_TRIGGER"  ? "DROP TRIGGER"
                           : type == "OBJECT_POLICY" ? "DROP POLICY"
                           : type == "OBJECT_RULE"   ? "DROP RULE"
                                                     : nullptr;
        if (what == nullptr) return;
        for (const auto& object : body.value("objects", nlohmann::json::array())) {
            const auto names = tree_names(object.value("List", nlohmann::json::object())
                                              .value("items", nlohmann::json::array()));
            if (names.size() < 2) continue;
            const RelationName rel{names.size() > 2 ? names[names.size() - 3] : "",
                                   names[names.size() - 2]};
            access_exclusive(state_.resolve(rel), what);
        }
    }
}

}  // namespace strata::lint
