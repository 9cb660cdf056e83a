// Private pieces of the dump renderer shared by the PostgreSQL and SQLite sections.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/schema/catalog.hpp"
#include "strata/schema/dump.hpp"

namespace strata::schema::render {

/// The script being written: statements separated by blank lines, sections by a comment header
/// that is printed only when the section has a statement.
class Out {
public:
    void line(std::string_view text) {
        text_ += text;
        text_ += '\n';
    }
    void section(std::string_view title) { pending_ = std::string(title); }
    void add(std::string_view statement) {
        if (!pending_.empty()) {
            text_ += "\n-- " + pending_ + "\n";
            pending_.clear();
        }
        text_ += '\n';
        text_ += statement;
        text_ += '\n';
    }
    [[nodiscard]] std::string take() { return std::move(text_); }

private:
    std::string text_;
    std::string pending_;
};

/// "schema.name" (unquoted, as the catalog stores references) quoted for SQL.
std::string qualified(std::string_view dotted);
/// Text without trailing semicolons, newlines and spaces.
std::string strip_trailing(std::string s);
/// CREATE TABLE with columns and the constraints that can be inline.
std::string create_table(const Catalog& cat, const Table& t, bool if_not_exists);
/// pg_get_indexdef text made to recurse into partitions, with a semicolon.
std::string index_definition(const Index& ix);
std::vector<const Table*> tables_in_order(const Catalog& cat);
std::vector<const View*> views_in_order(const Catalog& cat);

void postgres(Out& out, const Catalog& cat, const DumpOptions& options);
void comments(Out& out, const Catalog& cat);
void sqlite(Out& out, const Catalog& cat);
void data(Out& out, const Catalog& cat, const std::vector<TableData>& tables);
void history(Out& out, const Catalog& cat);

}  // namespace strata::schema::render
