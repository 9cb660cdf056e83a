// The dump's statements as values: one CREATE per object with its dependency key and what must
// exist before it, column definitions and COMMENT targets, for tools that write DDL (autogen).
#pragma once

#include <string>
#include <vector>

#include "strata/schema/catalog.hpp"

namespace strata::schema {

/// One statement of the PostgreSQL dump with what must exist before it.
struct DumpStatement {
    std::string key;                ///< its Catalog::dependencies key ("relation:app.t", ...)
    int rank = 0;                   ///< kind order among statements that are ready
    std::string section;            ///< the title the dump prints it under
    std::string sql;                ///< the statement(s), with semicolons
    std::vector<std::string> deps;  ///< keys of statements that must come first
};

/// DumpStatement::rank of tables: statements ranked above need tables (sequence ownership,
/// views, indexes, constraints, triggers, rules, policies, publications, event triggers).
inline constexpr int kDumpRankTables = 12;

/// Every CREATE statement render_dump() writes for a PostgreSQL catalog (before comments and
/// grants), unordered: tables with their inline constraints, "constraint:" items for foreign
/// keys and NOT VALID checks, "relation:" items for indexes, "trigger:", "rule:", and one
/// "policies:schema.table" item holding a table's row-level security and policies.
/// Thread-safety: pure function.
[[nodiscard]] std::vector<DumpStatement> dump_statements(const Catalog& cat);

/// statements in the dump's order: dependencies first, lowest (rank, position) among the ready.
[[nodiscard]] std::vector<const DumpStatement*> order_dump_statements(
    const std::vector<DumpStatement>& statements);

/// A column as CREATE TABLE and ALTER TABLE ... ADD COLUMN write it: name, type, options,
/// collation, generated/identity/default, NOT NULL.
[[nodiscard]] std::string column_definition(const Catalog& cat, const Table& t, const Column& c);

/// An Object as COMMENT ON and DROP name it: "AGGREGATE app.agg(integer)", "COLLATION app.c".
[[nodiscard]] std::string object_reference(const Object& o);

/// One comment of the catalog: COMMENT ON <target> IS <text>.
struct CommentTarget {
    std::string target;  ///< "TABLE app.t", "COLUMN app.t.c", "CONSTRAINT c ON app.t"
    std::string text;
    /// The dependency key of the object the comment lives on (a column's is its table's;
    /// a policy's "policy:schema.table.name").
    std::string owner_key;
};

/// Every comment of a PostgreSQL catalog, in the order the dump writes them.
[[nodiscard]] std::vector<CommentTarget> comment_targets(const Catalog& cat);

/// One object's owner and privileges as the dump's "Ownership and grants" section writes them
/// (DumpOptions::ownership): a table, a column's privileges, a function, default privileges...
struct OwnershipTarget {
    std::string key;     ///< the object's dependency key ("relation:app.t", "schema:app")
    std::string column;  ///< column privileges: the column's name (unquoted), else empty
    /// What ALTER ... OWNER TO names ("TABLE app.t", "FUNCTION app.f(integer)"); empty when the
    /// target has no owner statement (column privileges, identity sequences, default privileges).
    std::string alter;
    std::string owner;  ///< empty when not read (IntrospectOptions::ownership off)
    /// Starts GRANT/REVOKE: "" or "ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s ".
    std::string prefix;
    /// What GRANT names after the privilege: " ON TABLE app.t", " (c) ON TABLE app.t",
    /// " ON TABLES".
    std::string on;
    std::vector<Grant> grants;
};

/// Every owner/privilege target of a PostgreSQL catalog, in dump order (targets with nothing
/// to say included: a column without privileges). Thread-safety: pure function.
[[nodiscard]] std::vector<OwnershipTarget> ownership_targets(const Catalog& cat);

/// `ALTER <alter> OWNER TO <owner>;`, or empty when the target has no owner statement.
[[nodiscard]] std::string owner_statement(const OwnershipTarget& t, const std::string& owner);

/// The statement that makes grant g true of t (GRANT, or REVOKE for a revoked default), or,
/// with undo, the one that takes it back (REVOKE, or GRANT of the default privilege).
[[nodiscard]] std::string privilege_statement(const OwnershipTarget& t, const Grant& g,
                                              bool undo = false);

/// What the dump writes for t: the owner statement, the revokes, then the grants.
[[nodiscard]] std::vector<std::string> ownership_statements(const OwnershipTarget& t);

}  // namespace strata::schema
