// CatalogInfo: the relations, columns and types of a scratch database that analysis reads.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "strata/codegen/analysis.hpp"
#include "strata/driver/connection.hpp"

namespace strata::codegen {

struct AttrInfo {
    std::string name{};
    int number = 0;
    bool not_null = false;
    std::string pg_type{};
};

struct RelationInfo {
    std::uint32_t oid = 0;
    std::string name{};
    char kind = 'r';                  ///< pg_class.relkind: 'r' table, 'p' partitioned, 'v' view
    std::vector<AttrInfo> columns{};  ///< by attnum, dropped ones left out
    [[nodiscard]] const AttrInfo* column(const std::string& n) const;
    [[nodiscard]] const AttrInfo* column(int number) const;
};

/// Relations by oid and by visible name, types by oid; loaded on demand and cached.
class CatalogInfo {
public:
    explicit CatalogInfo(driver::Connection& conn) : conn_(&conn) {}
    /// Loads the relations named or numbered that are not loaded yet.
    void load_relations(const std::set<std::uint32_t>& oids, const std::set<std::string>& names);
    [[nodiscard]] const RelationInfo* relation(std::uint32_t oid) const;
    [[nodiscard]] const RelationInfo* relation(const std::string& name) const;
    /// typname of oid; records enums, domains, composites and arrays of them in types().
    [[nodiscard]] std::string type_name(std::uint32_t oid);
    [[nodiscard]] const std::map<std::string, TypeInfo>& types() const { return types_; }

private:
    driver::Connection* conn_;
    std::map<std::uint32_t, RelationInfo> by_oid_{};
    std::map<std::string, std::uint32_t> by_name_{};
    std::map<std::uint32_t, std::string> type_names_{};
    std::map<std::string, TypeInfo> types_{};
};

}  // namespace strata::codegen
