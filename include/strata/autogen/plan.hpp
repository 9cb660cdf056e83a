// Autogenerate: the DDL that turns one catalog into another, each change with its inverse.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::autogen {

/// Where a change goes when a plan is written as migration files (safe form): the steps that
/// cannot run in a transaction come apart from the main one.
enum class Stage : std::uint8_t {
    before,    ///< no transaction: ALTER TYPE ... ADD VALUE, DROP INDEX CONCURRENTLY
    main,      ///< one transaction
    online,    ///< no transaction: CREATE INDEX CONCURRENTLY on existing tables
    validate,  ///< one transaction: VALIDATE CONSTRAINT of what main added NOT VALID
};

/// One change: the statements that make it and the statements that undo it.
struct Change {
    std::string object;             ///< "table app.t", "column app.t.c", "index app.ix"
    std::vector<std::string> up;    ///< statements, each ending with a semicolon, run one by one
    std::vector<std::string> down;  ///< the inverse, run in this order
    Stage stage = Stage::main;
    /// Lint rules the up statements break on purpose (drop-table, drop-column,
    /// column-type-change-rewrite), each with its reason; written as `-- strata:ignore` lines.
    std::vector<std::pair<std::string, std::string>> ignores;
    bool operator==(const Change&) const = default;
};

/// A table or column the desired schema says was renamed (`-- strata:renamed-from old`).
struct Renames {
    std::map<std::string, std::string> tables;  ///< new "schema.table" -> old "schema.table"
    /// (new "schema.table", new column) -> old column
    std::map<std::pair<std::string, std::string>, std::string> columns;
    bool operator==(const Renames&) const = default;
};

/// Whether the server has an update path (the extension's scripts) for extension from version
/// `from` to version `to` (pg_extension_update_paths).
using ExtensionUpdatePath = std::function<bool(const std::string& extension,
                                               const std::string& from, const std::string& to)>;

struct PlanOptions {
    /// Safe for a live table: CONCURRENTLY indexes, NOT VALID + VALIDATE, SET NOT NULL through
    /// a validated check, online index replacement. Off: the plain forms.
    bool safe = false;
    Renames renames;
    /// Asked when an extension's version changes: with a path, `ALTER EXTENSION ... UPDATE TO`;
    /// without one (contrib extensions ship no downgrade scripts) the extension is re-created
    /// at the version and a note says so. Unset: a path is assumed.
    ExtensionUpdatePath extension_update_path;
};

/// What autogenerate will write: the changes in up order (stages ascending); the down of the
/// whole plan is each change's down, last change first.
struct Plan {
    std::vector<Change> changes;
    /// What the user should know: rename candidates seen, re-create sequences used.
    std::vector<std::string> notes;

    [[nodiscard]] bool empty() const { return changes.empty(); }
    [[nodiscard]] std::vector<std::string> up_statements() const;
    [[nodiscard]] std::vector<std::string> down_statements() const;
};

/// A change the generator cannot express (a partition key changed, a table became a
/// partition): names the object. Exit code 1.
class UnsupportedChange : public Error {
public:
    using Error::Error;
};

/// The plan from current to desired (PostgreSQL catalogs). Statements come from the dump's
/// writers and are ordered by its dependency graph: drops of dependents first (current's
/// order, reversed), then creates and alters (desired's order), then drops of what they
/// depended on, then dependents created; views that read a changed column, type or function
/// are dropped and re-created around the change. Throws UnsupportedChange.
/// Thread-safety: pure function.
[[nodiscard]] Plan plan(const schema::Catalog& current, const schema::Catalog& desired,
                        const PlanOptions& options = {});

/// The plan as one SQL script: "-- up" statements, then "-- down" statements, each
/// non-transactional step marked. For `strata diff --sql`.
[[nodiscard]] std::string render_plan(const Plan& plan);

}  // namespace strata::autogen
