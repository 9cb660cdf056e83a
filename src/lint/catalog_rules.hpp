// The context the catalog rules share: config lookups, the finding sink, catalog facts.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "strata/lint/config.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::lint {

class CatalogRules {
public:
    CatalogRules(const schema::Catalog& catalog, const Config& config);

    void table_rules(const schema::Table& table);   ///< catalog_lint.cpp
    void naming_rules(const schema::Table& table);  ///< catalog_naming.cpp
    void tenant_rules(const schema::Table& table);  ///< catalog_tenant.cpp
    [[nodiscard]] std::vector<Finding>& findings() { return findings_; }

private:
    [[nodiscard]] bool on(std::string_view rule) const;
    [[nodiscard]] std::string text_option(std::string_view rule, std::string_view name) const;
    [[nodiscard]] std::vector<std::string> list_option(std::string_view rule,
                                                       std::string_view name) const;
    void add(std::string_view rule, std::string object, std::string message, std::string fix);
    [[nodiscard]] bool lookup_table(const schema::Table& table) const;
    [[nodiscard]] std::string base_type(const std::string& type) const;
    void column_present(const schema::Table& table, std::string_view rule);

    const schema::Catalog& catalog_;
    const Config& config_;
    std::set<std::string, std::less<>> referenced_;  ///< tables some foreign key references
    std::vector<Finding> findings_;
};

}  // namespace strata::lint
