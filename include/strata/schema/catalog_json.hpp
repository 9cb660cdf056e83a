// The Catalog as JSON (`--format json`), shaped by docs/catalog.schema.json, and back.
#pragma once

#include <nlohmann/json.hpp>

#include "strata/schema/catalog.hpp"

namespace strata::schema {

/// Version of the JSON shape; docs/catalog.schema.json describes it.
inline constexpr int kCatalogJsonVersion = 1;

/// {"format_version": 1, "backend": ..., "schemas": [...], ...}: every field of every object,
/// absent optionals as null. Deterministic (the catalog's order). Thread-safety: pure function.
[[nodiscard]] nlohmann::json catalog_to_json(const Catalog& cat);

/// The inverse of catalog_to_json. Throws UsageError naming the JSON path of a malformed field.
[[nodiscard]] Catalog catalog_from_json(const nlohmann::json& json);

}  // namespace strata::schema
