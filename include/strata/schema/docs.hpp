// Docs: Markdown pages, Mermaid ER diagrams and Graphviz SVGs of a Catalog, with annotations
// merged.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "strata/schema/annotations.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::schema {

/// One generated file, path relative to the output directory.
struct DocsFile {
    std::string path;
    std::string content;
    bool operator==(const DocsFile&) const = default;
};

enum class DocsFormat : std::uint8_t { markdown, json };

struct DocsOptions {
    DocsFormat format = DocsFormat::markdown;
    /// Render an SVG per overview diagram with Graphviz when `dot` is found (PATH or this path).
    bool svg = true;
    std::string dot = "dot";
    /// Characters of Mermaid source per diagram at most: Mermaid's default maxTextSize.
    std::size_t diagram_limit = 50000;
    /// An overview diagram shows columns up to this many tables; tables and relationships only
    /// beyond.
    std::size_t detail_tables = 50;
    /// An overview diagram holds at most this many tables; a bigger schema is drawn as one
    /// diagram per connected component (small ones packed together, big ones cut).
    std::size_t tables_per_diagram = 150;
};

/// One diagram of a schema's overview.
struct SchemaDiagram {
    std::vector<std::string> tables;  ///< "schema.table" drawn, in catalog order
    std::string hub;                  ///< the most connected table, to name the diagram
    bool detailed = true;             ///< columns shown
    std::string mermaid;              ///< erDiagram source, at most DocsOptions::diagram_limit
    bool operator==(const SchemaDiagram&) const = default;
};

/// The ER overview of one schema: one diagram when the schema fits in one, else one per group.
struct SchemaOverview {
    std::vector<SchemaDiagram> diagrams;
    /// Tables without a relationship inside the schema, when the schema needed several diagrams
    /// (they are listed on the index, not drawn).
    std::vector<std::string> not_drawn;
};

/// The Markdown pages: index.md (per schema: tables, views and other objects with links, and the
/// schema's overview diagrams), <schema>.<table>.md per table (columns, constraints, indexes,
/// triggers, policies, references both ways as links, the table's neighbourhood diagram),
/// <schema>.<view>.md per view and materialized view, and per schema types/<schema>.md (enums,
/// domains, composite types), functions/<schema>.md (functions and procedures, with the
/// triggers that call them), triggers/<schema>.md and policies/<schema>.md. Every Mermaid block
/// stays under DocsOptions::diagram_limit. Time linear in the number of objects. With
/// DocsFormat::json: catalog.json only. Deterministic. Thread-safety: pure function.
[[nodiscard]] std::vector<DocsFile> render_docs(const Catalog& cat, const Annotations& ann,
                                                const DocsOptions& options = {});

/// The overview diagrams of one schema (partitions left out): the whole schema with columns
/// when it has at most detail_tables tables and fits, else tables and relationships; when that
/// exceeds diagram_limit or tables_per_diagram, one diagram per connected component.
[[nodiscard]] SchemaOverview schema_overview(const Catalog& cat, std::string_view schema,
                                             const DocsOptions& options = {});
/// Mermaid erDiagram of a table and the tables it references or is referenced by; when that
/// exceeds diagram_limit, the neighbours by name only, as many as fit.
[[nodiscard]] std::string mermaid_neighbourhood(const Catalog& cat, const Table& table,
                                                const DocsOptions& options = {});
/// Graphviz source of one overview diagram.
[[nodiscard]] std::string graphviz_diagram(const Catalog& cat, const SchemaDiagram& diagram);

/// Writes render_docs() into dir (created) and, when enabled and `dot` is found, an SVG per
/// overview diagram (<schema>.svg, or <schema>.<n>.svg when the schema has several).
/// Returns the paths written. Throws UsageError naming dir when it cannot be written.
std::vector<std::filesystem::path> write_docs(const Catalog& cat, const Annotations& ann,
                                              const std::filesystem::path& dir,
                                              const DocsOptions& options = {});

/// Files under dir that differ from render_docs() or are missing (relative paths); for
/// `docs --check` together with check_annotations().
[[nodiscard]] std::vector<std::string> stale_docs(const Catalog& cat, const Annotations& ann,
                                                  const std::filesystem::path& dir,
                                                  const DocsOptions& options = {});

}  // namespace strata::schema
