// Docs: the Markdown index and per-table pages, written to a directory, SVGs via Graphviz dot.
#include "strata/schema/docs.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "schema/diagrams.hpp"
#include "schema/docs_pages.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"

namespace strata::schema {
namespace {

std::optional<std::string> find_dot(const std::string& dot) {
    if (dot.find('/') != std::string::npos) {
        return std::filesystem::exists(dot) ? std::optional(dot) : std::nullopt;
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        auto p = std::filesystem::path(dir) / dot;
        if (!dir.empty() && std::filesystem::exists(p)) return p.string();
    }
    return std::nullopt;
}

void write_file(const std::filesystem::path& path, std::string_view content,
                const std::filesystem::path& dir) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << content;
    f.close();
    if (!f)
        throw UsageError(fmt::format("cannot write the docs to {}: cannot write {}", dir.string(),
                                     path.string()));
}

}  // namespace

std::vector<DocsFile> render_docs(const Catalog& cat, const Annotations& ann,
                                  const DocsOptions& options) {
    if (options.format == DocsFormat::json)
        return {{"catalog.json", catalog_to_json(cat).dump(2) + "\n"}};
    bool svg = options.svg && find_dot(options.dot).has_value();
    docs_detail::DocsIndex ix(cat, ann);
    std::vector<SchemaOverview> overviews;
    overviews.reserve(cat.schemas.size());
    for (const auto& s : cat.schemas)
        overviews.push_back(docs_detail::overview(ix, s.name, options));
    std::vector<DocsFile> files{{"index.md", docs_detail::index_page(ix, overviews, svg)}};
    files.reserve(1 + cat.tables.size() + cat.foreign_tables.size() + cat.views.size());
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) {
            files.push_back({docs_detail::relation_page(t.qualified()),
                             docs_detail::table_page(ix, t, options)});
        }
    }
    for (const auto& v : cat.views)
        files.push_back({docs_detail::relation_page(v.qualified()), docs_detail::view_page(ix, v)});
    docs_detail::kind_pages(ix, files);
    return files;
}

std::vector<std::filesystem::path> write_docs(const Catalog& cat, const Annotations& ann,
                                              const std::filesystem::path& dir,
                                              const DocsOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        throw UsageError(fmt::format("cannot write the docs to {}: {}", dir.string(),
                                     ec ? ec.message() : "not a directory"));
    }
    std::vector<std::filesystem::path> written;
    for (const auto& f : render_docs(cat, ann, options)) {
        auto path = dir / f.path;
        if (f.path.find('/') != std::string::npos) {
            std::filesystem::create_directories(path.parent_path(), ec);
            if (ec) {
                throw UsageError(fmt::format("cannot write the docs to {}: cannot create {}: {}",
                                             dir.string(), path.parent_path().string(),
                                             ec.message()));
            }
        }
        write_file(path, f.content, dir);
        written.push_back(std::move(path));
    }
    auto dot = options.format == DocsFormat::markdown && options.svg ? find_dot(options.dot)
                                                                     : std::nullopt;
    if (!dot) return written;
    docs_detail::DocsIndex ix(cat, ann);
    for (const auto& s : cat.schemas) {
        auto o = docs_detail::overview(ix, s.name, options);
        for (std::size_t k = 0; k < o.diagrams.size(); ++k) {
            auto svg = dir / docs_detail::svg_name(s.name, k, o.diagrams.size());
            auto source = svg;
            source.replace_extension(".dot");
            write_file(source, docs_detail::graphviz_text(ix, o.diagrams[k]), dir);
            auto command = fmt::format("'{}' -Tsvg '{}' -o '{}' 2>/dev/null", *dot, source.string(),
                                       svg.string());
            if (std::system(command.c_str()) != 0) {
                throw Error(fmt::format("Graphviz failed to render {} (command: {})", svg.string(),
                                        command));
            }
            std::filesystem::remove(source, ec);
            written.push_back(svg);
        }
    }
    return written;
}

std::vector<std::string> stale_docs(const Catalog& cat, const Annotations& ann,
                                    const std::filesystem::path& dir, const DocsOptions& options) {
    std::vector<std::string> stale;
    for (const auto& f : render_docs(cat, ann, options)) {
        std::ifstream in(dir / f.path, std::ios::binary);
        std::ostringstream s;
        if (in) s << in.rdbuf();
        if (!in || s.str() != f.content) stale.push_back(f.path);
    }
    return stale;
}

}  // namespace strata::schema
