// Private pieces of the dump renderer shared by the PostgreSQL and SQLite sections.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/schema/catalog.hpp"
#include "strata/schema/dump.hpp"
#include "strata/schema/statements.hpp"

namespace strata::schema::render {

/// The script being written: statements separated by blank lines, sections by a comment header
/// that is printed only when the section has a statement.
class Out {
public:
    void line(std::string_view text) {
        text_ += text;
        text_ += '\n';
    }
    /// The title printed before the next statement, unless it is the current section's.
    void section(std::string_view title) { pending_ = std::string(title); }
    void add(std::string_view statement) {
        if (!pending_.empty() && pending_ != current_) {
            text_ += "\n-- " + pending_ + "\n";
            current_ = pending_;
        }
        pending_.clear();
        text_ += '\n';
        text_ += statement;
        text_ += '\n';
    }
    [[nodiscard]] std::string take() { return std::move(text_); }

private:
    std::string text_;
    std::string pending_;
    std::string current_;
};

/// One statement of the PostgreSQL dump with what must exist before it.
using Item = DumpStatement;

// Ranks: the pg_dump-like kind order that dependencies may override.
inline constexpr int kRankSchemas = 0;
inline constexpr int kRankExtensions = 1;
inline constexpr int kRankAccessMethods = 2;
inline constexpr int kRankCollations = 3;
inline constexpr int kRankTypes = 4;
inline constexpr int kRankSequences = 5;
inline constexpr int kRankFunctions = 6;
inline constexpr int kRankOperators = 7;
inline constexpr int kRankAggregates = 8;
inline constexpr int kRankTextSearch = 9;
inline constexpr int kRankForeign = 10;
inline constexpr int kRankCasts = 11;
inline constexpr int kRankTables = kDumpRankTables;
inline constexpr int kRankSequenceOwnership = 13;
inline constexpr int kRankViews = 14;
inline constexpr int kRankIndexes = 15;
inline constexpr int kRankStatistics = 16;
inline constexpr int kRankConstraints = 17;
inline constexpr int kRankTriggers = 18;
inline constexpr int kRankRules = 19;
inline constexpr int kRankPolicies = 20;
inline constexpr int kRankPublications = 21;
inline constexpr int kRankEventTriggers = 22;

/// items in dependency order (deps first), lowest (rank, position) first among the ready;
/// a cycle is broken at its lowest item. Deps naming no item are ignored.
std::vector<const Item*> order_items(const std::vector<Item>& items);

/// CREATE statement(s) of a generic Object.
std::string create_object(const Object& o);
/// ("AGGREGATE", "app.agg(integer)"), ("COLLATION", "app.c"), ...: the object as COMMENT ON
/// and ALTER ... OWNER TO name it.
std::pair<std::string, std::string> object_target(const Object& o);
/// object_target() as one string: "AGGREGATE app.agg(integer)".
std::string render_object_reference(const Object& o);
/// "OPTIONS (key 'value', ...)" of FDW-style "key=value" options.
std::string foreign_options(const std::vector<std::string>& options);
/// Rank and section of an Object's CREATE in the dump.
std::pair<int, std::string> object_rank(const Object& o);

/// "schema.name" (unquoted, as the catalog stores references) quoted for SQL.
std::string qualified(std::string_view dotted);
/// Text without trailing semicolons, newlines and spaces.
std::string strip_trailing(std::string s);
/// Every CREATE item of a PostgreSQL catalog, unordered.
std::vector<Item> postgres_items(const Catalog& cat);
/// A column as CREATE TABLE writes it.
std::string render_column_definition(const Catalog& cat, const Table& t, const Column& c);
/// Every comment, in dump order.
std::vector<CommentTarget> render_comment_targets(const Catalog& cat);

/// CREATE TABLE with columns and the constraints that can be inline.
std::string create_table(const Catalog& cat, const Table& t, bool if_not_exists);
/// pg_get_indexdef text made to recurse into partitions, with a semicolon.
std::string index_definition(const Index& ix);
std::vector<const View*> views_in_order(const Catalog& cat);

void postgres(Out& out, const Catalog& cat, const DumpOptions& options);
void sqlite(Out& out, const Catalog& cat);
void data(Out& out, const Catalog& cat, const std::vector<TableData>& tables);
void history(Out& out, const Catalog& cat);

}  // namespace strata::schema::render
