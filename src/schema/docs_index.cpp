// The docs' lookups over a catalog, built once per render, and the shared Markdown helpers.
#include "schema/docs_index.hpp"

namespace strata::schema::docs_detail {

DocsIndex::DocsIndex(const Catalog& cat, const Annotations& ann) : cat_(cat) {
    tables_.reserve(cat.tables.size());
    for (const auto& t : cat.tables) tables_.emplace(t.qualified(), &t);
    for (const auto& t : cat.tables) {
        for (const auto& c : t.constraints) {
            if (c.kind != ConstraintKind::foreign_key) continue;
            const Table* parent = table(c.referenced_table);
            if (!parent) continue;
            Edge e{&t, &c, parent};
            parents_[&t].push_back(e);
            children_[parent].push_back(e);
        }
    }
    for (const auto& [key, a] : ann.tables) annotations_.emplace(annotation_key(cat, key), &a);
    for (const auto& f : cat.functions) functions_.insert(f.schema + "." + f.name);
    for (const auto& t : cat.tables) {
        for (const auto& tr : t.triggers) callers_[tr.function].emplace_back(&t, &tr);
    }
}

std::vector<std::pair<const Table*, const Trigger*>> DocsIndex::triggers_calling(
    const std::string& dotted) const {
    auto it = callers_.find(dotted);
    return it == callers_.end() ? std::vector<std::pair<const Table*, const Trigger*>>{}
                                : it->second;
}

const Table* DocsIndex::table(std::string_view qualified) const {
    auto it = tables_.find(std::string(qualified));
    return it == tables_.end() ? nullptr : it->second;
}

const std::vector<Edge>& DocsIndex::parents(const Table& t) const {
    auto it = parents_.find(&t);
    return it == parents_.end() ? none_ : it->second;
}

const std::vector<Edge>& DocsIndex::children(const Table& t) const {
    auto it = children_.find(&t);
    return it == children_.end() ? none_ : it->second;
}

const TableAnnotation* DocsIndex::annotation(const std::string& qualified) const {
    auto it = annotations_.find(qualified);
    return it == annotations_.end() ? nullptr : it->second;
}

std::vector<const Table*> DocsIndex::schema_tables(std::string_view schema) const {
    std::vector<const Table*> out;
    for (const auto& t : cat_.tables) {
        if (t.schema == schema && !t.partition_of) out.push_back(&t);
    }
    return out;
}

std::string md_cell(std::string_view text) {
    std::string out;
    out.reserve(text.size());
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

std::string md_code(std::string_view text) {
    return text.empty() ? "" : "`" + md_cell(text) + "`";
}

std::string md_describe(const std::optional<std::string>& comment, const std::string& annotated) {
    std::string c = comment.value_or("");
    if (annotated.empty() || annotated == c) return c;
    if (c.empty()) return annotated;
    return c + "\n\n" + annotated;
}

std::string md_first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string relation_page(std::string_view qualified) {
    return std::string(qualified) + ".md";
}

}  // namespace strata::schema::docs_detail
