// NullabilityProver: which result columns of one statement are provably never NULL.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/catalog_info.hpp"
#include "strata/driver/describe.hpp"

namespace strata::codegen {

/// A FROM item at the top level of the statement.
struct FromEntry {
    std::string alias{};    ///< the alias, or the relation name when none
    std::string relname{};  ///< "" for a subquery, function, or CTE reference
    bool nullable = false;  ///< on the nullable side of an outer join
};

/// Reads the statement's join tree and predicates once; then answers per expression.
/// Proofs: a NOT NULL column reached through no nullable side of an outer join, count(),
/// EXISTS, coalesce with a non-null argument, literals, row_number() and the ranking
/// functions, casts and strict operators of non-null operands, CASE with all branches and
/// ELSE non-null, a column a strict top-level WHERE conjunct constrains, and a RETURNING
/// column the statement sets to a non-null value. Everything else is nullable.
class NullabilityProver {
public:
    NullabilityProver(const nlohmann::json& statement, CatalogInfo& catalog);

    /// Relation names the statement reads (for loading the catalog first).
    [[nodiscard]] const std::set<std::string>& relation_names() const { return relnames_; }
    [[nodiscard]] const std::vector<FromEntry>& from() const { return from_; }
    /// The result target list (SELECT list or RETURNING), nullptr for none or a set operation.
    [[nodiscard]] const nlohmann::json* targets() const { return targets_; }

    [[nodiscard]] bool expression_non_null(const nlohmann::json& expr) const;
    /// A described column that is a plain table column: NOT NULL and its table nowhere on a
    /// nullable side, no grouping sets.
    [[nodiscard]] bool described_non_null(const driver::DescribedColumn& column) const;
    /// The FROM entry an alias names, if any.
    [[nodiscard]] const FromEntry* entry(const std::string& alias) const;
    /// Number of columns `alias.*` (or `*` when alias is empty) expands to, if known.
    [[nodiscard]] std::optional<std::size_t> star_width(const std::string& alias) const;

private:
    void read_from(const nlohmann::json& item, bool nullable);
    void mark_nullable_inside(const nlohmann::json& node);
    bool column_ref_non_null(const nlohmann::json& ref) const;

    CatalogInfo* catalog_;
    const nlohmann::json* targets_ = nullptr;
    std::set<std::string> cte_names_{};
    std::map<std::string, const nlohmann::json*> ctes_;
    std::vector<FromEntry> from_{};
    std::set<std::string> relnames_;                         // every relation the statement names
    std::set<std::string> nullable_relnames_{};              // on a nullable side anywhere
    std::set<std::string> where_non_null_;                   // dotted ColumnRef texts
    std::map<std::string, const nlohmann::json*> assigned_;  // column -> INSERT/UPDATE value
    bool grouping_sets_ = false;
};

}  // namespace strata::codegen
