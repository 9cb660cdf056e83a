// The soft-delete and critical-plan checks over one analysed query.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/catalog_info.hpp"
#include "strata/codegen/analysis.hpp"

namespace strata::codegen {

/// Tables with the soft-delete column that a level of the statement (a SELECT, an UPDATE or
/// DELETE target) reads with no predicate on that table's column at that level (WHERE, JOIN
/// ON). The relations must be loaded in catalog.
[[nodiscard]] std::vector<std::string> unfiltered_soft_delete_tables(const nlohmann::json& stmt,
                                                                     const CatalogInfo& catalog,
                                                                     const std::string& column);

/// `-- strata:critical`: plans sql with enable_seqscan = off and a generic plan (EXPLAIN of a
/// prepared statement, never executed, inside a rolled-back transaction) and reports every
/// sequential scan left, with its table and filter; and every leading-wildcard LIKE.
[[nodiscard]] std::vector<Finding> critical_findings(driver::Connection& conn,
                                                     const std::string& sql,
                                                     const nlohmann::json& stmt,
                                                     std::size_t param_count);

}  // namespace strata::codegen
