// MigrationChecker: the migration-safety rules, statement by statement, for one migration.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lint/run_state.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::lint {

/// A finding before configuration (severity, ignores, exemptions) is applied.
struct RawFinding {
    std::string rule;
    int line = 0;
    int column = 0;
    std::string object;
    std::string message;
    std::string fix;
};

/// False for the ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (VALIDATE
/// CONSTRAINT, ADD FOREIGN KEY, SET STATISTICS, ENABLE/DISABLE TRIGGER, ATTACH PARTITION, ...).
[[nodiscard]] bool alter_table_cmd_takes_access_exclusive(const nlohmann::json& alter_table_cmd);

/// True for a statement (its text) a migration rule inspects; the others (INSERT, DELETE, COPY,
/// COMMENT, GRANT, REVOKE, VALUES, MERGE: data and privilege statements) need no parse tree, which
/// keeps a long file of INSERTs cheap to lint. A predicate for sql::parse_in_pieces.
[[nodiscard]] bool migration_rules_need_tree(std::string_view statement);

/// Checks the statements of one migration in order; state carries over to the next migration
/// of the run. Thread-safety: not thread-safe.
class MigrationChecker {
public:
    MigrationChecker(RunState& state, bool transactional)
        : state_(state), transactional_(transactional) {}

    /// One statement at line:column of the file; one without a tree (empty kind, see
    /// migration_rules_need_tree) is a data statement no rule inspects.
    void check(const sql::ParsedStatement& statement, int line, int column);
    /// The checks that need the whole migration (search_path left changed, backfill + DDL).
    void finish();
    [[nodiscard]] std::vector<RawFinding>& findings() { return findings_; }

private:
    void add(std::string rule, std::string object, std::string message, std::string fix);
    void create_table(const nlohmann::json& body);
    void index(const nlohmann::json& body);
    void drop(const nlohmann::json& body);
    void alter_table(const nlohmann::json& body);
    void add_column(const std::string& table, const nlohmann::json& column_def);
    void add_constraint(const std::string& table, const nlohmann::json& constraint);
    void alter_type(const std::string& table, const std::string& column,
                    const nlohmann::json& column_def);
    void rename(const nlohmann::json& body);
    void variable_set(const nlohmann::json& body);
    void select(const nlohmann::json& body);
    void do_block(const nlohmann::json& body);
    void access_exclusive(const std::string& table, std::string_view what);
    /// LOCK TABLE, VACUUM FULL, CLUSTER, ALTER POLICY, CREATE RULE, DROP TRIGGER/POLICY/RULE
    /// (lock_levels.cpp).
    void locking_statement(const std::string& kind, const nlohmann::json& body);

    RunState& state_;
    bool transactional_;
    int line_ = 0;
    int column_ = 0;
    bool lock_timeout_ = false;
    bool lock_timeout_reported_ = false;
    bool has_ddl_ = false;
    std::optional<RawFinding> search_path_change_;
    std::vector<RawFinding> backfills_;
    std::map<std::string, std::string> not_valid_added_;  ///< "table.constraint" -> rule
    std::vector<RawFinding> findings_;
};

}  // namespace strata::lint
