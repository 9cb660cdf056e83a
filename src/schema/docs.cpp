// Docs: the Markdown index and per-table pages, written to a directory, SVGs via Graphviz dot.
#include "strata/schema/docs.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "strata/core/error.hpp"
#include "strata/schema/catalog_json.hpp"

namespace strata::schema {
namespace {

/// Text for a Markdown table cell: pipes escaped, newlines as <br>.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += "<br>";
        } else {
            out += c;
        }
    }
    return out;
}

std::string code(std::string_view text) {
    return text.empty() ? "" : "`" + cell(text) + "`";
}

std::string page_of(std::string_view qualified) {
    return std::string(qualified) + ".md";
}

const TableAnnotation* annotation(const Catalog& cat, const Annotations& ann,
                                  const std::string& qualified) {
    for (const auto& [key, a] : ann.tables) {
        if (annotation_key(cat, key) == qualified) return &a;
    }
    return nullptr;
}

/// The comment and the annotation's description, both when they differ.
std::string describe(const std::optional<std::string>& comment, const std::string& annotated) {
    std::string c = comment.value_or("");
    if (annotated.empty() || annotated == c) return c;
    if (c.empty()) return annotated;
    return c + "\n\n" + annotated;
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string tags_text(const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    out.reserve(tags.size());
    for (const auto& t : tags) out.push_back("`" + t + "`");
    return fmt::format("{}", fmt::join(out, " "));
}

std::string table_page(const Catalog& cat, const Annotations& ann, const Table& t) {
    const auto* a = annotation(cat, ann, t.qualified());
    std::string out = fmt::format("# {}\n\n[Index](index.md)\n\n", t.qualified());
    auto description = describe(t.comment, a ? a->description : "");
    if (!description.empty()) out += description + "\n\n";
    if (a && !a->tags.empty()) out += "Tags: " + tags_text(a->tags) + "\n\n";
    std::vector<std::string> facts;
    if (t.kind == TableKind::partitioned)
        facts.push_back("partitioned by " + code(t.partition_key.value_or("")));
    if (t.partition_of) {
        facts.push_back(fmt::format("partition of [{}]({}) {}", *t.partition_of,
                                    page_of(*t.partition_of),
                                    code(t.partition_bound.value_or(""))));
    }
    if (t.unlogged) facts.push_back("unlogged");
    if (t.rls_enabled)
        facts.push_back(t.rls_forced ? "row-level security (forced)" : "row-level security");
    if (!facts.empty()) out += fmt::format("{}\n\n", fmt::join(facts, "; "));

    out +=
        "## Columns\n\n| Column | Type | Nullable | Default | Description |\n| --- | --- | --- | "
        "--- | --- |\n";
    for (const auto& c : t.columns) {
        std::string def = c.generated           ? "generated: " + *c.generated
                          : !c.identity.empty() ? "identity (" + c.identity + ")"
                                                : c.default_expr.value_or("");
        std::string desc;
        std::vector<std::string> tags;
        if (a) {
            if (auto it = a->columns.find(c.name); it != a->columns.end()) {
                desc = it->second.description;
                tags = it->second.tags;
            }
        }
        auto text = describe(c.comment, desc);
        if (!tags.empty()) text += (text.empty() ? "" : " ") + tags_text(tags);
        out += fmt::format("| {} | {} | {} | {} | {} |\n", code(c.name), code(c.type),
                           c.not_null ? "no" : "yes", code(def), cell(text));
    }
    if (!t.constraints.empty()) {
        out += "\n## Constraints\n\n| Name | Kind | Definition |\n| --- | --- | --- |\n";
        for (const auto& c : t.constraints) {
            out += fmt::format("| {} | {} | {} |\n", code(c.name), to_string(c.kind),
                               code(c.definition));
        }
    }
    if (!t.indexes.empty()) {
        out += "\n## Indexes\n\n| Name | Definition |\n| --- | --- |\n";
        for (const auto& ix : t.indexes)
            out += fmt::format("| {} | {} |\n", code(ix.name), code(ix.definition));
    }
    if (!t.triggers.empty()) {
        out += "\n## Triggers\n\n| Name | Definition |\n| --- | --- |\n";
        for (const auto& tr : t.triggers) {
            out += fmt::format("| {} | {}{} |\n", code(tr.name), code(tr.definition),
                               tr.enabled == "D" ? " (disabled)" : "");
        }
    }
    if (!t.policies.empty()) {
        out +=
            "\n## Policies\n\n| Name | Command | Roles | Using | With check |\n| --- | --- | --- | "
            "--- | --- |\n";
        for (const auto& p : t.policies) {
            out += fmt::format("| {} | {}{} | {} | {} | {} |\n", code(p.name), p.command,
                               p.permissive ? "" : " (restrictive)", fmt::join(p.roles, ", "),
                               code(p.using_expr.value_or("")), code(p.with_check.value_or("")));
        }
    }
    std::vector<std::string> refs;
    for (const auto& c : t.constraints) {
        if (c.kind != ConstraintKind::foreign_key) continue;
        refs.push_back(fmt::format("- [{}]({}) ({} → {})", c.referenced_table,
                                   page_of(c.referenced_table), fmt::join(c.columns, ", "),
                                   fmt::join(c.referenced_columns, ", ")));
    }
    if (!refs.empty()) out += fmt::format("\n## References\n\n{}\n", fmt::join(refs, "\n"));
    std::vector<std::string> back;
    for (const auto& other : cat.tables) {
        for (const auto& c : other.constraints) {
            if (c.kind != ConstraintKind::foreign_key || c.referenced_table != t.qualified())
                continue;
            back.push_back(fmt::format("- [{}]({}) ({} → {})", other.qualified(),
                                       page_of(other.qualified()), fmt::join(c.columns, ", "),
                                       fmt::join(c.referenced_columns, ", ")));
        }
    }
    if (!back.empty()) out += fmt::format("\n## Referenced by\n\n{}\n", fmt::join(back, "\n"));
    out += "\n## Diagram\n\n```mermaid\n" + mermaid_neighbourhood(cat, t) + "```\n";
    return out;
}

std::string index_page(const Catalog& cat, const Annotations& ann, bool svg) {
    std::string out = "# Database schema\n\n";
    for (const auto& s : cat.schemas) {
        std::vector<const Table*> tables;
        for (const auto& t : cat.tables) {
            if (t.schema == s.name) tables.push_back(&t);
        }
        std::vector<const View*> views;
        for (const auto& v : cat.views) {
            if (v.schema == s.name) views.push_back(&v);
        }
        if (tables.empty() && views.empty()) continue;
        out += fmt::format("## Schema `{}`\n\n", s.name);
        if (s.comment && !s.comment->empty()) out += *s.comment + "\n\n";
        if (!tables.empty()) {
            out += "| Table | Description |\n| --- | --- |\n";
            for (const auto* t : tables) {
                const auto* a = annotation(cat, ann, t->qualified());
                out += fmt::format("| [{}]({}) | {} |\n", t->name, page_of(t->qualified()),
                                   cell(first_line(describe(t->comment, a ? a->description : ""))));
            }
            out += "\n";
        }
        if (!views.empty()) {
            out += "| View | Kind | Description |\n| --- | --- | --- |\n";
            for (const auto* v : views) {
                out += fmt::format("| {} | {} | {} |\n", code(v->name),
                                   v->materialized ? "materialized" : "view",
                                   cell(first_line(v->comment.value_or(""))));
            }
            out += "\n";
        }
        if (!tables.empty()) {
            if (svg) out += fmt::format("![ER diagram of {0}]({0}.svg)\n\n", s.name);
            out += "```mermaid\n" + mermaid_schema(cat, s.name) + "```\n\n";
        }
    }
    while (out.ends_with("\n\n")) out.pop_back();
    return out;
}

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
    std::vector<DocsFile> files{{"index.md", index_page(cat, ann, svg)}};
    for (const auto& t : cat.tables)
        files.push_back({page_of(t.qualified()), table_page(cat, ann, t)});
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
        write_file(dir / f.path, f.content, dir);
        written.push_back(dir / f.path);
    }
    auto dot = options.format == DocsFormat::markdown && options.svg ? find_dot(options.dot)
                                                                     : std::nullopt;
    if (!dot) return written;
    std::set<std::string> schemas;
    for (const auto& t : cat.tables) schemas.insert(t.schema);
    for (const auto& s : schemas) {
        auto source = dir / (s + ".dot");
        auto svg = dir / (s + ".svg");
        write_file(source, graphviz_schema(cat, s), dir);
        auto command =
            fmt::format("'{}' -Tsvg '{}' -o '{}' 2>/dev/null", *dot, source.string(), svg.string());
        if (std::system(command.c_str()) != 0) {
            throw Error(
                fmt::format("Graphviz failed to render {} (command: {})", svg.string(), command));
        }
        std::filesystem::remove(source, ec);
        written.push_back(svg);
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
