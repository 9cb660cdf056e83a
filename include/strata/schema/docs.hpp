// Docs: Markdown pages, Mermaid ER diagrams and Graphviz SVGs of a Catalog, with annotations
// merged.
#pragma once

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
    /// Render <schema>.svg with Graphviz when `dot` is found (PATH or this path).
    bool svg = true;
    std::string dot = "dot";
};

/// The Markdown pages: index.md (tables with descriptions, one Mermaid erDiagram per schema)
/// and <schema>.<table>.md per table (columns, constraints, indexes, triggers, policies,
/// references both ways as links, the table's neighbourhood diagram). With DocsFormat::json:
/// catalog.json only. Deterministic. Thread-safety: pure function.
[[nodiscard]] std::vector<DocsFile> render_docs(const Catalog& cat, const Annotations& ann,
                                                const DocsOptions& options = {});

/// Mermaid erDiagram of the tables of one schema (FKs to other schemas drawn to their tables).
[[nodiscard]] std::string mermaid_schema(const Catalog& cat, std::string_view schema);
/// Mermaid erDiagram of a table and the tables it references or is referenced by.
[[nodiscard]] std::string mermaid_neighbourhood(const Catalog& cat, const Table& table);
/// Graphviz source of one schema's ER diagram.
[[nodiscard]] std::string graphviz_schema(const Catalog& cat, std::string_view schema);

/// Writes render_docs() into dir (created) and, when enabled and `dot` runs, <schema>.svg.
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
