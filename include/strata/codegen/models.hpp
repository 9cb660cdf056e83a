// emit_models(): a struct and an orm::Table<T> mapping per table of a catalog (strata gen models).
#pragma once

#include <map>
#include <string>

#include "strata/codegen/emit.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::codegen {

struct ModelOptions {
    std::string cpp_namespace = "models";
    std::string file_name = "models.hpp";
    std::string soft_delete_column = "deleted_at";
    /// format_type name (e.g. "tsvector") or "table.column" -> C++ type.
    std::map<std::string, std::string> overrides;
};

/// One header: for each table of the catalog (schema, then name order) a struct named after the
/// table in PascalCase with a member per column (std::optional when the column is nullable) and
/// the strata::orm::Table<T> specialisation: name, schema, columns with kPrimaryKey for primary
/// key columns and kGenerated for identity, GENERATED, serial (nextval), now()/
/// CURRENT_TIMESTAMP and gen_random_uuid() defaults, and the soft-delete column when it is not
/// `deleted_at`. Deterministic. Throws CodegenError (file "<catalog>") naming table.column and
/// the override for a type strata does not map.
[[nodiscard]] GeneratedFile emit_models(const schema::Catalog& catalog,
                                        const ModelOptions& options = {});

}  // namespace strata::codegen
