// Reading libpg_query JSON parse trees: names, relations, types, function calls.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace strata::lint {

/// "a.b": a qualified name or object path.
[[nodiscard]] inline std::string dotted(std::string_view a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size() + 1);
    out.append(a).append(".").append(b);
    return out;
}

/// The strings of a list of {"String": {"sval": ...}} nodes (qualified names), in order.
[[nodiscard]] std::vector<std::string> tree_names(const nlohmann::json& list);
/// A RangeVar ({"relname", "schemaname"}) as {schema (may be empty), name}.
struct RelationName {
    std::string schema;
    std::string name;
};
[[nodiscard]] RelationName tree_relation(const nlohmann::json& range_var);
/// A TypeName as PostgreSQL's format_type would print it for the common built-in types
/// ("character varying(20)", "numeric(10,2)", "text", "timestamp without time zone"); typmods
/// that are not integer constants make it unknown (nullopt).
[[nodiscard]] std::optional<std::string> tree_type(const nlohmann::json& type_name);
/// Calls visit(node) for every object node under root (depth first, root included).
void tree_walk(const nlohmann::json& root, const std::function<void(const nlohmann::json&)>& visit);
/// The last name of every function called anywhere under root ("gen_random_uuid").
[[nodiscard]] std::vector<std::string> tree_function_calls(const nlohmann::json& root);
/// The constraints list of a ColumnDef: each {"Constraint": {...}} body.
[[nodiscard]] std::vector<nlohmann::json> tree_column_constraints(const nlohmann::json& column_def);
/// A constant's text: A_Const sval/ival, or a String node; nullopt for anything else.
[[nodiscard]] std::optional<std::string> tree_constant(const nlohmann::json& node);

}  // namespace strata::lint
