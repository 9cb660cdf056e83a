// Convention lint: the rules over a schema::Catalog that the guideline documents write down.
#pragma once

#include <vector>

#include "strata/lint/config.hpp"
#include "strata/lint/finding.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::lint {

/// Runs every catalog rule config turns on over catalog's tables (views and materialized
/// views are not tables). Findings name their object ("schema.table", "schema.table.column",
/// "schema.table.<constraint|index|policy>"), have no file, and come sorted by object then
/// rule. Exempt objects and lookup tables (for the timestamp, trigger and text-id rules) are
/// skipped. Thread-safety: pure function.
[[nodiscard]] std::vector<Finding> lint_catalog(const schema::Catalog& catalog,
                                                const Config& config);

}  // namespace strata::lint
