// The analysed form of queries: server-inferred types, proven nullability, findings.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "strata/codegen/query_source.hpp"
#include "strata/driver/connection.hpp"

namespace strata::codegen {

/// A parameter after analysis. pg_type is pg_type.typname ("int8", "_text", an enum's name).
struct AnalyzedParam {
    std::string name{};
    int number = 0;
    std::string pg_type{};
    bool nullable = false;
    bool slice = false;
};

/// A result column. An `sqlc.embed(t)` is one column whose embed lists t's columns.
struct AnalyzedColumn {
    std::string name{};
    std::string pg_type{};
    bool nullable = true;
    std::string cpp_type{};  ///< from an `AS "name: Type"` override, else ""
    std::vector<AnalyzedColumn> embed{};
};

/// Something a check found (soft-delete, seqscan, like-wildcard): a value, not an error.
struct Finding {
    std::string rule{};
    std::string message{};
    friend bool operator==(const Finding&, const Finding&) = default;
};

struct AnalyzedQuery {
    std::string name{};
    QueryKind kind = QueryKind::one;
    std::string file{};
    int line = 0;
    std::string sql{};
    std::vector<AnalyzedParam> params{};
    std::vector<AnalyzedColumn> columns{};
    /// Reads a soft-delete table without a deleted_at predicate and is not annotated
    /// `-- strata:include-deleted`.
    bool soft_delete_unfiltered = false;
    std::vector<Finding> findings{};
    /// The table whose columns the result is exactly (every column, in table order, under its
    /// own name and with the table's nullability), so the row can be that table's model struct
    /// (`strata gen models`); "" otherwise.
    std::string table{};
};

/// A non-built-in type a query uses: how it maps to C++.
struct TypeInfo {
    std::string kind{};  ///< "enum", "domain", "composite", "array"
    std::string base{};  ///< domain: the base typname; array: the element typname
    friend bool operator==(const TypeInfo&, const TypeInfo&) = default;
};

/// Everything code generation needs, so that a build needs no database.
struct Snapshot {
    std::vector<AnalyzedQuery> queries{};
    std::map<std::string, TypeInfo> types{};  ///< by typname
};

struct AnalyzeOptions {
    std::string soft_delete_column = "deleted_at";
    /// [gen.overrides]: typname or "table.column" -> C++ type.
    std::map<std::string, std::string> overrides{};
};

/// Prepares and describes every query on conn (a scratch database built from the
/// migrations), never executing one; reads the catalog for nullability and types; runs the
/// soft-delete and critical-plan checks. Throws CodegenError naming file:line and query for a
/// query the server rejects (missing column, uninferable parameter type) or a type with no
/// C++ mapping (naming the column and the override that would fix it).
[[nodiscard]] Snapshot analyze(driver::Connection& conn, const std::vector<QuerySource>& queries,
                               const AnalyzeOptions& options = {});

/// The C++ type for a typname ("" when strata has no mapping), using snapshot types for
/// enums, domains and arrays of them, then overrides.
[[nodiscard]] std::string cpp_type_for(const std::string& pg_type,
                                       const std::map<std::string, TypeInfo>& types,
                                       const std::map<std::string, std::string>& overrides = {});

}  // namespace strata::codegen
