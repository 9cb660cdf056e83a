// Private to the docs: the Markdown pages, each rendered from a DocsIndex.
#pragma once

#include <string>
#include <vector>

#include "schema/docs_index.hpp"
#include "strata/schema/docs.hpp"

namespace strata::schema::docs_detail {

/// The SVG file of diagram k (0-based) of a schema with count diagrams.
std::string svg_name(std::string_view schema, std::size_t k, std::size_t count);

std::string table_page(const DocsIndex& ix, const Table& t, const DocsOptions& options);
std::string view_page(const DocsIndex& ix, const View& v);
/// index.md; overviews[i] belongs to cat.schemas[i].
std::string index_page(const DocsIndex& ix, const std::vector<SchemaOverview>& overviews, bool svg);
/// types/, functions/, triggers/ and policies/<schema>.md for the schemas that have such objects.
void kind_pages(const DocsIndex& ix, std::vector<DocsFile>& files);
/// Kind pages of one schema that render_docs writes, as links for the index ("" when none).
std::string kind_links(const DocsIndex& ix, const std::string& schema);

}  // namespace strata::schema::docs_detail
