// The planner's shared state: both catalogs with their dump statements, and the changes so far.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "strata/autogen/plan.hpp"
#include "strata/schema/statements.hpp"

namespace strata::autogen::detail {

/// The order of a plan's changes before stages split them (see plan()).
enum class Phase : std::uint8_t {
    renames,            ///< ALTER ... RENAME the desired schema asked for
    restore_ownership,  ///< nothing up; the down restores owners/privileges of what up drops
    drop_dependents,    ///< views, indexes, constraints, triggers, policies (current's order)
    create_base,        ///< schemas, types, sequences, functions, tables; in-place alters
    alter_tables,       ///< columns and table properties
    drop_base,          ///< tables, functions, types, ... (current's order, reversed)
    create_dependents,  ///< views, indexes, constraints, triggers, policies (desired's order)
    comments,           ///< COMMENT ON objects present on both sides
    ownership,          ///< owners and privileges (when the catalogs were read with them)
};

/// One catalog and its dump statements by key, with each key's position in the dump's order.
struct Side {
    explicit Side(const schema::Catalog& c);
    const schema::Catalog* cat;
    std::vector<schema::DumpStatement> statements;
    std::map<std::string, const schema::DumpStatement*> by_key;
    std::map<std::string, std::size_t> position;
    std::vector<schema::CommentTarget> comments;
    /// key -> (DROP statement, key of the relation whose drop implies it or "")
    std::map<std::string, std::pair<std::string, std::string>> drops;

    [[nodiscard]] std::size_t position_of(const std::string& key) const;
    /// Parts without a statement of their own -> the key whose statement creates them: inline
    /// constraints -> their table's "relation:", policies -> their table's "policies:".
    std::map<std::string, std::string> carrier;

    /// COMMENT ON statements of every comment whose owner key is key.
    [[nodiscard]] std::vector<std::string> comments_of(const std::string& key) const;
    /// The key whose statement creates the object of owner_key (itself, or its carrier).
    [[nodiscard]] const std::string& carrier_of(const std::string& owner_key) const;
    /// COMMENT ON statements of everything key's statement creates: its own comments and
    /// those of the parts it carries (an inline constraint's, a policy's).
    [[nodiscard]] std::vector<std::string> carried_comments(const std::string& key) const;
};

struct Step {
    Change change;
    Phase phase = Phase::create_base;
    std::size_t position = 0;
    std::size_t sequence = 0;
};

class Planner {
public:
    Planner(const schema::Catalog& current, const schema::Catalog& desired,
            const PlanOptions& options);
    Plan run();

    // Used by the per-kind parts (table_changes.cpp, enum_changes.cpp).
    void add(Phase phase, std::size_t position, Change change);
    [[nodiscard]] bool safe() const { return options_.safe; }
    Side cur;
    Side des;
    const PlanOptions& options_;
    std::vector<std::string> notes;
    std::set<std::string> touched;        ///< keys whose dependents must be re-created
    std::set<std::string> created_keys;   ///< keys created (or re-created) by this plan
    std::set<std::string> dropped_keys;   ///< keys dropped (or re-created) by this plan
    std::set<std::string> skip_comments;  ///< comment targets a column change carries
    /// Indexes a re-created column drops with it: dropped before and built again after, never
    /// swapped for a new one in place (the old one is gone once the column is).
    std::set<std::string> dropped_with_column;
    /// Columns the plan drops and adds again ("relation:s.t\ncolumn"): their privileges are
    /// granted again.
    std::set<std::string> recreated_columns;

private:
    void generic_items();
    void replace_dependents();
    void comment_changes();
    void rename_candidates();
    std::vector<Step> steps_;
    std::size_t sequence_ = 0;
};

/// Marks touched what each column re-created by the plan (a generated expression that changes)
/// drops with it: indexes, constraints, triggers, rules, policies and extended statistics that
/// read it, and its column privileges (recreated_columns), so they are re-created around it.
void column_dependents(Planner& p);
/// Columns, constraints, policies and properties of one table present on both sides.
void table_changes(Planner& p, const schema::Table& from, const schema::Table& to);
/// An enum whose labels changed: ADD VALUE when only added, else the re-create sequence.
void enum_changes(Planner& p, const schema::EnumType& from, const schema::EnumType& to);
/// A domain whose default, NOT NULL or checks changed, altered in place; false when its base
/// type or collation changed (then it is replaced).
bool domain_changes(Planner& p, const schema::Domain& from, const schema::Domain& to);
/// Owners and privileges (ALTER ... OWNER TO, GRANT, REVOKE) of every target that differs,
/// is created (the dump's statements) or is dropped (restored by the down). Empty when the
/// catalogs were read without ownership.
void ownership_changes(Planner& p);
/// An extension whose version or schema changed, altered in place (ALTER EXTENSION ... UPDATE
/// TO, SET SCHEMA); re-created at the other version when the server has no update path.
void extension_changes(Planner& p, const schema::Extension& from, const schema::Extension& to);
/// Rename the objects the options name in a copy of current (definitions follow).
schema::Catalog apply_renames(const schema::Catalog& current, const Renames& renames,
                              std::vector<Change>& changes);

/// key -> (DROP statement, the relation key whose drop implies it, or "").
std::map<std::string, std::pair<std::string, std::string>> drop_statements(
    const schema::Catalog& cat);

/// a followed by b's statements.
std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b);
/// Whole-word replacement of an identifier in a definition ("old" or old, quoted as needed).
std::string replace_identifier(std::string text, const std::string& from, const std::string& to);
/// "CREATE INDEX ..." -> "CREATE INDEX CONCURRENTLY ..." (UNIQUE too).
std::string concurrently(const std::string& create_index);
/// Splits the dump's joined statements ("a;\n\nb;") into statements.
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace strata::autogen::detail
