// Catalog helpers: lookups, the stable sort order, equality of the schema objects.
#include <algorithm>
#include <tuple>

#include "strata/schema/catalog.hpp"

namespace strata::schema {
namespace {

template <class T>
void sort_by_name(std::vector<T>& items) {
    std::ranges::sort(items, {}, &T::name);
}

template <class T>
void sort_qualified(std::vector<T>& items) {
    std::ranges::sort(items, [](const T& a, const T& b) {
        return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
    });
}

}  // namespace

const Column* Table::find_column(std::string_view column) const {
    for (const auto& c : columns) {
        if (c.name == column) return &c;
    }
    return nullptr;
}

std::string Object::dependency_key() const {
    std::string prefix = kind;
    if (kind == "aggregate") prefix = "function";
    if (kind == "range type") prefix = "type";
    return prefix + ":" + qualified();
}

bool Catalog::operator==(const Catalog& o) const {
    return backend == o.backend && schemas == o.schemas && extensions == o.extensions &&
           enums == o.enums && domains == o.domains && composites == o.composites &&
           sequences == o.sequences && functions == o.functions && tables == o.tables &&
           foreign_tables == o.foreign_tables && views == o.views && objects == o.objects &&
           dependencies == o.dependencies;
}

const Table* Catalog::find_table(std::string_view schema, std::string_view name) const {
    for (const auto& t : tables) {
        if (t.schema == schema && t.name == name) return &t;
    }
    return nullptr;
}

const View* Catalog::find_view(std::string_view schema, std::string_view name) const {
    for (const auto& v : views) {
        if (v.schema == schema && v.name == name) return &v;
    }
    return nullptr;
}

void Catalog::normalize() {
    sort_by_name(schemas);
    for (auto& s : schemas) std::ranges::sort(s.grants);
    sort_by_name(extensions);
    sort_qualified(enums);
    for (auto& e : enums) std::ranges::sort(e.grants);
    sort_qualified(domains);
    for (auto& d : domains) {
        sort_by_name(d.checks);
        std::ranges::sort(d.grants);
    }
    sort_qualified(composites);
    for (auto& c : composites) std::ranges::sort(c.grants);
    sort_qualified(sequences);
    for (auto& s : sequences) std::ranges::sort(s.grants);
    std::ranges::sort(functions, {}, &Function::signature);
    for (auto& f : functions) std::ranges::sort(f.grants);
    for (auto* list : {&tables, &foreign_tables, &history_tables}) {
        sort_qualified(*list);
        for (auto& t : *list) {
            sort_by_name(t.constraints);
            sort_by_name(t.indexes);
            sort_by_name(t.triggers);
            sort_by_name(t.policies);
            sort_by_name(t.rules);
            for (auto& p : t.policies) std::ranges::sort(p.roles);
            std::ranges::sort(t.grants);
            for (auto& c : t.columns) std::ranges::sort(c.grants);
        }
    }
    std::ranges::sort(objects, [](const Object& a, const Object& b) {
        return std::tie(a.kind, a.schema, a.name, a.identity) <
               std::tie(b.kind, b.schema, b.name, b.identity);
    });
    for (auto& o : objects) std::ranges::sort(o.grants);
    for (auto& [key, deps] : dependencies) {
        std::ranges::sort(deps);
        deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    }
    sort_qualified(views);
    for (auto& v : views) {
        sort_by_name(v.indexes);
        sort_by_name(v.triggers);
        sort_by_name(v.rules);
        std::ranges::sort(v.depends_on);
        std::ranges::sort(v.grants);
    }
}

std::string_view to_string(ConstraintKind kind) {
    switch (kind) {
        case ConstraintKind::primary_key:
            return "primary key";
        case ConstraintKind::unique:
            return "unique";
        case ConstraintKind::foreign_key:
            return "foreign key";
        case ConstraintKind::check:
            return "check";
        case ConstraintKind::exclusion:
            return "exclusion";
    }
    return "check";
}

std::string_view to_string(TableKind kind) {
    switch (kind) {
        case TableKind::partitioned:
            return "partitioned";
        case TableKind::foreign:
            return "foreign";
        case TableKind::ordinary:
            break;
    }
    return "ordinary";
}

}  // namespace strata::schema
