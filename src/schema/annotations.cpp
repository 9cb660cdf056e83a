// Annotations: the YAML subset tree validated into tables/columns, and the docs --check findings.
#include "strata/schema/annotations.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "schema/yaml_subset.hpp"
#include "strata/core/error.hpp"

namespace strata::schema {
namespace {

using yaml::Node;

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const Node& n, std::string_view what) const {
        throw ConfigError(fmt::format("{}:{}: {}", file_, n.line, what));
    }

    void expect_map(const Node& n, std::string_view what) const {
        if (n.kind != Node::Kind::map || n.null) fail(n, fmt::format("{} must be a mapping", what));
    }

    std::string text(const Node& n, std::string_view key) const {
        if (n.kind != Node::Kind::scalar || n.null) {
            fail(n, fmt::format("`{}` must be a text, not {}", key,
                                n.null ? "empty" : "a list or mapping"));
        }
        return n.value;
    }

    std::vector<std::string> tags(const Node& n) const {
        if (n.kind == Node::Kind::scalar && !n.null) return {n.value};
        if (n.kind != Node::Kind::list) fail(n, "`tags` must be a list of texts");
        std::vector<std::string> out;
        out.reserve(n.items.size());
        for (const auto& item : n.items) out.push_back(item.value);
        return out;
    }

    template <class Fn>
    void fields(const Node& map, std::initializer_list<std::string_view> allowed,
                std::string_view where, Fn fn) const {
        for (const auto& [key, value] : map.entries) {
            bool known = false;
            for (auto a : allowed) known = known || a == key;
            if (!known) {
                fail(value.line ? value : map, fmt::format("unknown key `{}` in {} (allowed: {})",
                                                           key, where, fmt::join(allowed, ", ")));
            }
            fn(key, value);
        }
    }

    std::string file_;
};

}  // namespace

Annotations parse_annotations(std::string_view text, std::string_view file_name) {
    Annotations out;
    out.file = std::string(file_name);
    auto root = yaml::parse(text, file_name);
    if (root.entries.empty() && root.kind == Node::Kind::map) return out;
    Reader r(out.file);
    r.expect_map(root, "the annotations file");
    r.fields(root, {"tables"}, "the top level", [&](const std::string&, const Node& tables) {
        if (tables.null) return;
        r.expect_map(tables, "`tables`");
        for (const auto& [name, t] : tables.entries) {
            TableAnnotation ta;
            ta.line = t.line;
            if (!t.null) {
                r.expect_map(t, fmt::format("table `{}`", name));
                r.fields(t, {"description", "tags", "columns"}, fmt::format("table `{}`", name),
                         [&](const std::string& key, const Node& v) {
                             if (key == "description") ta.description = r.text(v, key);
                             if (key == "tags") ta.tags = r.tags(v);
                             if (key != "columns" || v.null) return;
                             r.expect_map(v, fmt::format("`columns` of `{}`", name));
                             for (const auto& [col, c] : v.entries) {
                                 ColumnAnnotation ca;
                                 ca.line = c.line;
                                 if (c.kind == Node::Kind::scalar && !c.null) {
                                     ca.description = c.value;  // shorthand `email: Login e-mail`
                                 } else if (!c.null) {
                                     r.expect_map(c, fmt::format("column `{}.{}`", name, col));
                                     r.fields(c, {"description", "tags"},
                                              fmt::format("column `{}.{}`", name, col),
                                              [&](const std::string& ck, const Node& cv) {
                                                  if (ck == "description")
                                                      ca.description = r.text(cv, ck);
                                                  if (ck == "tags") ca.tags = r.tags(cv);
                                              });
                                 }
                                 ta.columns[col] = std::move(ca);
                             }
                         });
            }
            out.tables[name] = std::move(ta);
        }
    });
    return out;
}

Annotations load_annotations(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        if (std::filesystem::exists(path))
            throw ConfigError(fmt::format("cannot read {}", path.string()));
        Annotations empty;
        empty.file = path.string();
        return empty;
    }
    std::ostringstream s;
    s << f.rdbuf();
    return parse_annotations(s.str(), path.string());
}

std::string annotation_key(const Catalog& cat, std::string_view key) {
    if (key.find('.') != std::string_view::npos) return std::string(key);
    return (cat.backend == "sqlite" ? "main." : "public.") + std::string(key);
}

std::vector<std::string> check_annotations(const Catalog& cat, const Annotations& ann) {
    std::vector<std::string> findings;
    for (const auto& [key, t] : ann.tables) {
        auto full = annotation_key(cat, key);
        auto dot = full.find('.');
        const Table* table = cat.find_table(full.substr(0, dot), full.substr(dot + 1));
        const View* view =
            table ? nullptr : cat.find_view(full.substr(0, dot), full.substr(dot + 1));
        if (!table && !view) {
            findings.push_back(
                fmt::format("{}:{}: annotated table `{}` does not exist", ann.file, t.line, key));
            continue;
        }
        for (const auto& [col, c] : t.columns) {
            const auto& columns = table ? table->columns : view->columns;
            bool found = false;
            for (const auto& column : columns) found = found || column.name == col;
            if (!found) {
                findings.push_back(fmt::format("{}:{}: annotated column `{}.{}` does not exist",
                                               ann.file, c.line, key, col));
            }
        }
    }
    for (const auto& t : cat.tables) {
        if (t.partition_of) continue;  // partitions share their parent's documentation
        bool described = t.comment.has_value() && !t.comment->empty();
        for (const auto& [key, a] : ann.tables) {
            if (annotation_key(cat, key) == t.qualified() && !a.description.empty())
                described = true;
        }
        if (!described)
            findings.push_back(fmt::format("table `{}` has no description", t.qualified()));
    }
    return findings;
}

}  // namespace strata::schema
