// Small readers over libpg_query's JSON nodes shared by the codegen sources.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace strata::codegen::tree {

using Json = nlohmann::json;

/// The node type of {"Type": {...}} ("" when node is not such an object).
std::string type_of(const Json& node);
/// The body of {"Type": {...}} (an empty object when node is not one).
const Json& body_of(const Json& node);
/// object[key], or a null node when absent (a reference: never a temporary).
const Json& child(const Json& object, const char* key);
/// node["Type"]["location"], or -1.
int location_of(const Json& node);
/// Calls fn(type, body, node) for every {"Type": {...}} node under root, depth first, parents
/// before children.
void for_each_node(const Json& root,
                   const std::function<void(const std::string&, const Json&, const Json&)>& fn);
/// The String values of a list such as funcname or ColumnRef.fields ("*" for A_Star).
std::vector<std::string> names_of(const Json& list);
/// The last name of a ColumnRef node ("" when node is not a ColumnRef).
std::string column_name(const Json& node);
/// node with TypeCast wrappers removed.
const Json& strip_casts(const Json& node);

}  // namespace strata::codegen::tree
