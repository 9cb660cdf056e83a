// CatalogInfo: pg_class/pg_attribute/pg_type reads on the scratch database.
#include "codegen/catalog_info.hpp"

namespace strata::codegen {

const AttrInfo* RelationInfo::column(const std::string& n) const {
    for (const auto& c : columns) {
        if (c.name == n) return &c;
    }
    return nullptr;
}

const AttrInfo* RelationInfo::column(int number) const {
    for (const auto& c : columns) {
        if (c.number == number) return &c;
    }
    return nullptr;
}

void CatalogInfo::load_relations(const std::set<std::uint32_t>& oids,
                                 const std::set<std::string>& names) {
    std::vector<std::int64_t> want_oids;
    for (auto o : oids) {
        if (o != 0 && !by_oid_.contains(o)) want_oids.push_back(o);
    }
    std::vector<std::string> want_names;
    for (const auto& n : names) {
        if (!by_name_.contains(n)) want_names.push_back(n);
    }
    if (want_oids.empty() && want_names.empty()) return;
    const auto rows = conn_->query(
        "SELECT c.oid::int8, c.relname::text, a.attnum::int4, a.attname::text, a.attnotnull, "
        "t.typname::text, pg_table_is_visible(c.oid), c.relkind::text FROM pg_class c "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE c.oid::int8 = ANY($1) OR (c.relname = ANY($2) AND pg_table_is_visible(c.oid)) "
        "ORDER BY 1, 3",
        want_oids, want_names);
    for (const auto& row : rows) {
        const auto oid = static_cast<std::uint32_t>(row.get<std::int64_t>(0));
        auto& rel = by_oid_[oid];
        rel.oid = oid;
        rel.name = row.get<std::string>(1);
        const auto kind = row.get<std::string>(7);
        rel.kind = kind.empty() ? 'r' : kind[0];
        rel.columns.push_back({.name = row.get<std::string>(3),
                               .number = row.get<std::int32_t>(2),
                               .not_null = row.get<bool>(4),
                               .pg_type = row.get<std::string>(5)});
        if (row.get<bool>(6)) by_name_[rel.name] = oid;
    }
    for (const auto& n : want_names) by_name_.try_emplace(n, 0);
}

const RelationInfo* CatalogInfo::relation(std::uint32_t oid) const {
    const auto it = by_oid_.find(oid);
    return it == by_oid_.end() ? nullptr : &it->second;
}

const RelationInfo* CatalogInfo::relation(const std::string& name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() || it->second == 0 ? nullptr : relation(it->second);
}

std::string CatalogInfo::type_name(std::uint32_t oid) {
    if (auto it = type_names_.find(oid); it != type_names_.end()) return it->second;
    const auto r = conn_->query(
        "SELECT t.typname::text, t.typtype::text, t.typbasetype::int8, t.typelem::int8, "
        "t.typcategory::text FROM pg_type t WHERE t.oid::int8 = $1",
        static_cast<std::int64_t>(oid));
    if (r.empty()) return type_names_[oid] = "oid" + std::to_string(oid);
    const auto row = r[0];
    const auto name = row.get<std::string>(0);
    const auto kind = row.get<std::string>(1);
    type_names_[oid] = name;
    if (kind == "e") {
        types_[name] = {.kind = "enum", .base = ""};
    } else if (kind == "d") {
        types_[name] = {.kind = "domain",
                        .base = type_name(static_cast<std::uint32_t>(row.get<std::int64_t>(2)))};
    } else if (kind == "c") {
        types_[name] = {.kind = "composite", .base = ""};
    } else if (row.get<std::string>(4) == "A" && row.get<std::int64_t>(3) != 0) {
        const auto element = type_name(static_cast<std::uint32_t>(row.get<std::int64_t>(3)));
        if (types_.contains(element)) types_[name] = {.kind = "array", .base = element};
    }
    return name;
}

}  // namespace strata::codegen
