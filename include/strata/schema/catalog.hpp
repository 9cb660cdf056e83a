// Catalog: the one value-semantics model of a database schema that dump, docs, diff and lint read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::schema {

/// A privilege on an object that differs from PostgreSQL's default for its kind and owner
/// (pg_dump's semantics): granted beyond the default (`GRANT <privilege> ON ... TO <grantee>`),
/// or, when `revoked`, a default privilege taken away (`REVOKE EXECUTE ... FROM PUBLIC`).
/// Grantee "PUBLIC" for everyone. Filled only when IntrospectOptions::ownership is on.
struct Grant {
    std::string grantee;
    std::string privilege;  ///< SELECT, INSERT, USAGE, EXECUTE, ...
    bool grantable = false;
    bool revoked = false;
    bool operator==(const Grant&) const = default;
    auto operator<=>(const Grant&) const = default;
};

struct Schema {
    std::string name;
    std::optional<std::string> comment;
    std::string owner;  ///< empty unless IntrospectOptions::ownership
    std::vector<Grant> grants;
    bool operator==(const Schema&) const = default;
};

struct Extension {
    std::string name;
    std::string schema;
    std::string version;
    std::optional<std::string> comment;
    bool operator==(const Extension&) const = default;
};

struct EnumType {
    std::string schema;
    std::string name;
    std::vector<std::string> labels;  ///< in sort order
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const EnumType&) const = default;
};

/// A named CHECK of a domain or a table.
struct Check {
    std::string name;
    std::string expression;  ///< pg_get_constraintdef: "CHECK ((VALUE > 0))"
    std::optional<std::string> comment;
    bool operator==(const Check&) const = default;
};

struct Domain {
    std::string schema;
    std::string name;
    std::string base_type;  ///< format_type with modifiers
    bool not_null = false;
    std::optional<std::string> default_expr;
    std::optional<std::string> collation;  ///< only when not the base type's default
    std::vector<Check> checks;             ///< sorted by name
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const Domain&) const = default;
};

struct CompositeAttribute {
    std::string name;
    std::string type;
    std::optional<std::string> collation;
    std::optional<std::string> comment;
    bool operator==(const CompositeAttribute&) const = default;
};

struct CompositeType {
    std::string schema;
    std::string name;
    std::vector<CompositeAttribute> attributes;  ///< in declared order
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const CompositeType&) const = default;
};

struct Sequence {
    std::string schema;
    std::string name;
    std::string type = "bigint";
    std::int64_t start = 1;
    std::int64_t increment = 1;
    std::int64_t min_value = 1;
    std::int64_t max_value = 0;
    std::int64_t cache = 1;
    bool cycle = false;
    /// "table.column" (table unqualified, same schema as the table's) when OWNED BY a column.
    std::optional<std::string> owned_by_table;  ///< schema-qualified, unquoted "s.t"
    std::optional<std::string> owned_by_column;
    bool identity = false;  ///< the sequence behind an identity column
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const Sequence&) const = default;
};

struct Column {
    std::string name;
    std::string type;  ///< format_type with modifiers: "character varying(80)", "integer[]"
    bool not_null = false;
    std::optional<std::string> default_expr;  ///< pg_get_expr; absent for generated columns
    std::optional<std::string> collation;     ///< only when not the type's default
    std::string identity;                     ///< "", "always" or "by default"
    std::optional<std::string> generated;     ///< expression of a GENERATED ... STORED column
    std::optional<std::string> comment;
    std::optional<int> statistics;  ///< per-column statistics target when set
    std::string storage;      ///< PLAIN, EXTERNAL, MAIN, EXTENDED when not the type's; else ""
    std::string compression;  ///< pglz or lz4 when set; else ""
    std::vector<std::string> options;  ///< attribute options: "n_distinct=100"
    bool inherited = false;            ///< only from a parent table (not declared locally)
    std::vector<Grant> grants;         ///< column privileges (GRANT SELECT (c) ON ...)
    /// Foreign tables: the column's OPTIONS as "key=value" (pg_attribute.attfdwoptions).
    std::vector<std::string> foreign_options;
    bool operator==(const Column&) const = default;
};

enum class ConstraintKind : std::uint8_t { primary_key, unique, foreign_key, check, exclusion };

struct Constraint {
    std::string name;
    ConstraintKind kind = ConstraintKind::check;
    std::string definition;            ///< pg_get_constraintdef (incl. NOT VALID, DEFERRABLE)
    std::vector<std::string> columns;  ///< key columns (empty for checks)
    // Foreign keys only.
    std::string referenced_table;  ///< "schema.table" unquoted
    std::vector<std::string> referenced_columns;
    std::string on_update;  ///< "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"
    std::string on_delete;
    std::string match;  ///< "SIMPLE", "FULL", "PARTIAL"
    bool deferrable = false;
    bool initially_deferred = false;
    bool validated = true;
    std::optional<std::string> comment;
    bool operator==(const Constraint&) const = default;
};

struct Index {
    std::string name;
    std::string method;                  ///< btree, gin, gist, hash, brin, ...
    std::vector<std::string> keys;       ///< column names or expressions, in key order
    std::vector<std::string> opclasses;  ///< per key; empty string for the default opclass
    std::vector<std::string> include;    ///< INCLUDE columns
    std::optional<std::string> predicate;
    bool unique = false;
    bool nulls_not_distinct = false;
    std::string definition;  ///< pg_get_indexdef
    std::optional<std::string> comment;
    bool operator==(const Index&) const = default;
};

/// A rewrite rule other than a view's own: CREATE RULE ... (pg_get_ruledef).
struct Rule {
    std::string name;
    std::string definition;
    std::string enabled = "O";  ///< pg_rewrite.ev_enabled: O, D, R, A
    std::optional<std::string> comment;
    bool operator==(const Rule&) const = default;
};

struct Trigger {
    std::string name;
    std::string definition;     ///< pg_get_triggerdef
    std::string function;       ///< "schema.name" unquoted
    std::string enabled = "O";  ///< pg_trigger.tgenabled: O, D, R, A
    std::optional<std::string> comment;
    bool operator==(const Trigger&) const = default;
};

struct Policy {
    std::string name;
    std::string command = "ALL";  ///< ALL, SELECT, INSERT, UPDATE, DELETE
    bool permissive = true;
    std::vector<std::string> roles;  ///< sorted; "public" for everyone
    std::optional<std::string> using_expr;
    std::optional<std::string> with_check;
    std::optional<std::string> comment;
    bool operator==(const Policy&) const = default;
};

/// foreign: a FOREIGN TABLE, kept in Catalog::foreign_tables (not in Catalog::tables, whose
/// readers expect rows stored here).
enum class TableKind : std::uint8_t { ordinary, partitioned, foreign };

struct Table {
    std::string schema;
    std::string name;
    TableKind kind = TableKind::ordinary;
    bool unlogged = false;
    std::optional<std::string> partition_key;    ///< pg_get_partkeydef: "RANGE (created_at)"
    std::optional<std::string> partition_of;     ///< parent "schema.table" unquoted
    std::optional<std::string> partition_bound;  ///< "FOR VALUES FROM (...) TO (...)"
    std::vector<Column> columns;                 ///< in column order
    std::vector<Constraint> constraints;         ///< sorted by name; NOT NULL lives on columns
    std::vector<Index> indexes;                  ///< sorted by name; constraint indexes excluded
    std::vector<Trigger> triggers;               ///< sorted by name
    bool rls_enabled = false;
    bool rls_forced = false;
    std::vector<Policy> policies;  ///< sorted by name
    std::vector<Rule> rules;       ///< sorted by name
    /// Storage parameters (reloptions) in the order set: "fillfactor=70",
    /// "autovacuum_enabled=false".
    std::vector<std::string> options;
    std::string access_method;          ///< table access method when not heap; else ""
    std::vector<std::string> inherits;  ///< INHERITS parents "schema.table" unquoted, in order
    /// REPLICA IDENTITY when not DEFAULT: "FULL", "NOTHING" or "USING INDEX name".
    std::string replica_identity;
    std::string server;                        ///< foreign tables: the foreign server
    std::vector<std::string> foreign_options;  ///< foreign tables: OPTIONS as "key=value"
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const Table&) const = default;

    [[nodiscard]] const Column* find_column(std::string_view column) const;
    [[nodiscard]] std::string qualified() const { return schema + "." + name; }
};

struct View {
    std::string schema;
    std::string name;
    bool materialized = false;
    std::string definition;  ///< pg_get_viewdef
    std::vector<std::string>
        options;                    ///< reloptions: "security_barrier=true", "check_option=local"
    std::vector<Column> columns;    ///< name, type, comment
    std::vector<Index> indexes;     ///< materialized views only
    std::string access_method;      ///< materialized views: table access method when not heap
    std::vector<Trigger> triggers;  ///< INSTEAD OF and statement triggers; sorted by name
    std::vector<Rule> rules;        ///< sorted by name
    /// Relations and functions this view reads ("schema.name" unquoted), sorted; for ordering.
    std::vector<std::string> depends_on;
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const View&) const = default;

    [[nodiscard]] std::string qualified() const { return schema + "." + name; }
};

struct Function {
    std::string schema;
    std::string name;
    std::string identity_arguments;  ///< pg_get_function_identity_arguments: "a integer, b text"
    bool procedure = false;
    std::string arguments;  ///< pg_get_function_arguments (with defaults)
    std::string result;     ///< pg_get_function_result; empty for procedures
    std::string language;
    std::string volatility = "VOLATILE";  ///< IMMUTABLE, STABLE, VOLATILE
    bool security_definer = false;
    bool strict = false;
    std::string body;        ///< prosrc
    std::string definition;  ///< pg_get_functiondef
    /// SET clauses (proconfig) as "name=value": "search_path=app, pg_temp".
    std::vector<std::string> settings;
    std::string parallel = "UNSAFE";  ///< SAFE, RESTRICTED, UNSAFE
    bool leakproof = false;
    double cost = 100;  ///< procost
    double rows = 0;    ///< prorows (set-returning functions)
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const Function&) const = default;

    /// "schema.name(identity arguments)", the key that tells overloads apart.
    [[nodiscard]] std::string signature() const {
        return schema + "." + name + "(" + identity_arguments + ")";
    }
};

/// An object of a kind without a struct of its own: aggregates, collations, range types, text
/// search parsers/templates/dictionaries/configurations, ... Its properties are the server's
/// rendering of each catalog column that CREATE needs, so dump recreates it and diff names the
/// property that differs.
struct Object {
    std::string kind;    ///< "aggregate", "collation", "range type", "text search dictionary", ...
    std::string schema;  ///< empty for kinds that live outside schemas
    std::string name;
    std::string identity;  ///< what tells overloads apart: "(integer)" for aggregates, else ""
    std::map<std::string, std::string> properties;  ///< property -> value (absent = default)
    std::optional<std::string> comment;
    std::string owner;
    std::vector<Grant> grants;
    bool operator==(const Object&) const = default;

    /// "schema.name" + identity (unquoted), the name diff reports.
    [[nodiscard]] std::string qualified() const {
        return (schema.empty() ? name : schema + "." + name) + identity;
    }
    /// The key of this object in Catalog::dependencies: "function:s.n(args)" for aggregates,
    /// "type:s.n" for range types, "<kind>:s.n" otherwise.
    [[nodiscard]] std::string dependency_key() const;
};

/// One applied migration as the dump's history tail reproduces it.
struct HistoryRow {
    std::vector<std::pair<std::string, std::optional<std::string>>> values;  ///< column -> text
    bool operator==(const HistoryRow&) const = default;
};

/// A database schema. Every container is sorted by a stable rule (schema, then name), so equal
/// databases give equal catalogs and byte-identical dumps. Value type; not synchronised.
struct Catalog {
    std::string backend = "postgres";  ///< "postgres" or "sqlite"
    std::vector<Schema> schemas;
    std::vector<Extension> extensions;
    std::vector<EnumType> enums;
    std::vector<Domain> domains;
    std::vector<CompositeType> composites;
    std::vector<Sequence> sequences;
    std::vector<Function> functions;
    std::vector<Table> tables;
    /// Foreign tables (kind TableKind::foreign, with server and options), sorted like tables.
    std::vector<Table> foreign_tables;
    std::vector<View> views;
    /// Kinds without a struct of their own, sorted by (kind, schema, name, identity).
    std::vector<Object> objects;
    /// What each object needs created before it, from the server's pg_depend (normal
    /// dependencies between objects of the catalog), keyed "kind:schema.name" as
    /// dependency_key() and dump order them: "relation:app.t", "type:app.mood",
    /// "function:app.f(a integer)", "constraint:app.t.c", "extension:citext". Sorted.
    std::map<std::string, std::vector<std::string>> dependencies;

    /// The migration history tables (excluded from `tables`), rendered as the dump's tail.
    std::vector<Table> history_tables;
    std::vector<HistoryRow> history;

    /// Equality of the schema objects; the history tail is compared by history_equal().
    bool operator==(const Catalog& other) const;

    [[nodiscard]] const Table* find_table(std::string_view schema, std::string_view name) const;
    [[nodiscard]] const View* find_view(std::string_view schema, std::string_view name) const;
    /// Sorts every container by its stable rule. Introspection calls it; call it after editing.
    void normalize();
};

[[nodiscard]] std::string_view to_string(ConstraintKind kind);
[[nodiscard]] std::string_view to_string(TableKind kind);

}  // namespace strata::schema
