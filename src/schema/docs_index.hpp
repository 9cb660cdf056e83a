// Private to the docs: lookups built once per render (tables by name, foreign keys both ways,
// annotations, functions used by triggers), so that pages and diagrams cost time linear in the
// catalogue, and the Markdown helpers the pages share.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "strata/schema/annotations.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::schema::docs_detail {

/// One resolved foreign key: child.fk references parent.
struct Edge {
    const Table* child = nullptr;
    const Constraint* fk = nullptr;
    const Table* parent = nullptr;
};

/// Lookups over one catalog (which must outlive it). Not synchronised.
class DocsIndex {
public:
    DocsIndex(const Catalog& cat, const Annotations& ann);

    [[nodiscard]] const Catalog& catalog() const { return cat_; }
    [[nodiscard]] const Table* table(std::string_view qualified) const;
    /// The foreign keys of t whose referenced table is in the catalog, in constraint order.
    [[nodiscard]] const std::vector<Edge>& parents(const Table& t) const;
    /// The foreign keys referencing t, by child table then constraint.
    [[nodiscard]] const std::vector<Edge>& children(const Table& t) const;
    [[nodiscard]] const TableAnnotation* annotation(const Table& t) const {
        return annotation(t.qualified());
    }
    /// The annotation of a table or view "schema.name".
    [[nodiscard]] const TableAnnotation* annotation(const std::string& qualified) const;
    /// Whether a function or procedure "schema.name" is in the catalog.
    [[nodiscard]] bool has_function(const std::string& dotted) const {
        return functions_.contains(dotted);
    }
    /// The triggers that call function "schema.name", as (table, trigger), in catalog order.
    [[nodiscard]] std::vector<std::pair<const Table*, const Trigger*>> triggers_calling(
        const std::string& dotted) const;
    /// Every table of the schema but partitions, in catalog order.
    [[nodiscard]] std::vector<const Table*> schema_tables(std::string_view schema) const;

private:
    const Catalog& cat_;
    std::unordered_map<std::string, const Table*> tables_;
    std::unordered_map<const Table*, std::vector<Edge>> parents_;
    std::unordered_map<const Table*, std::vector<Edge>> children_;
    std::unordered_map<std::string, const TableAnnotation*> annotations_;
    std::unordered_set<std::string> functions_;
    std::unordered_map<std::string, std::vector<std::pair<const Table*, const Trigger*>>> callers_;
    std::vector<Edge> none_;
};

/// Text for a Markdown table cell: pipes escaped, newlines as <br>.
std::string md_cell(std::string_view text);
/// `text` as a code span in a cell; empty for empty text.
std::string md_code(std::string_view text);
/// The comment and the annotation's description, both when they differ.
std::string md_describe(const std::optional<std::string>& comment, const std::string& annotated);
std::string md_first_line(const std::string& text);
/// The page of a table or view, relative to the output directory.
std::string relation_page(std::string_view qualified);

}  // namespace strata::schema::docs_detail
