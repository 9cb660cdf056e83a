// Private to the docs: the diagram builders over a DocsIndex (Mermaid and Graphviz text).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/docs_index.hpp"
#include "strata/schema/docs.hpp"

namespace strata::schema::docs_detail {

/// Which foreign keys a diagram draws.
using EdgeFilter = std::function<bool(const Edge&)>;

/// Letters, digits and underscores only (Mermaid and Graphviz identifiers).
std::string diagram_ident(std::string_view text);
/// "schema__table" as an identifier.
std::string entity_name(const Table& t);

/// erDiagram of tables (in this order): with columns when detailed, else names only; the edges
/// from each table to the parents keep() accepts (a parent not in tables is drawn by name).
std::string mermaid_text(const DocsIndex& ix, const std::vector<const Table*>& tables,
                         bool detailed, const EdgeFilter& keep);

SchemaOverview overview(const DocsIndex& ix, std::string_view schema, const DocsOptions& options);

struct Neighbourhood {
    std::string mermaid;
    std::size_t not_drawn = 0;      ///< related tables left out to stay under the limit
    bool columns_left_out = false;  ///< the table itself drawn by name only
};
Neighbourhood neighbourhood(const DocsIndex& ix, const Table& table, const DocsOptions& options);

/// Graphviz source of one overview diagram, with the same tables, detail and edges.
std::string graphviz_text(const DocsIndex& ix, const SchemaDiagram& diagram);

}  // namespace strata::schema::docs_detail
