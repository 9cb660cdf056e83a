// Reading libpg_query JSON parse trees (the forms PostgreSQL 15's parser emits).
#include "lint/tree.hpp"

#include <map>
#include <string_view>

namespace strata::lint {

std::vector<std::string> tree_names(const nlohmann::json& list) {
    std::vector<std::string> out;
    if (!list.is_array()) return out;
    for (const auto& item : list) {
        if (item.contains("String")) out.push_back(item["String"].value("sval", ""));
    }
    return out;
}

RelationName tree_relation(const nlohmann::json& range_var) {
    const auto& rv = range_var.contains("RangeVar") ? range_var["RangeVar"] : range_var;
    return {rv.value("schemaname", ""), rv.value("relname", "")};
}

std::optional<std::string> tree_type(const nlohmann::json& type_name) {
    auto names = tree_names(type_name.value("names", nlohmann::json::array()));
    if (names.empty()) return std::nullopt;
    if (names.size() == 2 && names[0] == "pg_catalog") names.erase(names.begin());
    static const std::map<std::string, std::string, std::less<>> kBuiltin{
        {"varchar", "character varying"},
        {"bpchar", "character"},
        {"int2", "smallint"},
        {"int4", "integer"},
        {"int8", "bigint"},
        {"float4", "real"},
        {"float8", "double precision"},
        {"bool", "boolean"},
        {"timestamp", "timestamp without time zone"},
        {"timestamptz", "timestamp with time zone"},
        {"time", "time without time zone"},
        {"timetz", "time with time zone"},
    };
    std::string out = names.back();
    if (names.size() == 1) {
        if (auto it = kBuiltin.find(out); it != kBuiltin.end()) out = it->second;
    } else {
        out = names[0] + "." + names[1];
    }
    std::vector<std::string> mods;
    for (const auto& mod : type_name.value("typmods", nlohmann::json::array())) {
        if (!mod.contains("A_Const") || !mod["A_Const"].contains("ival")) return std::nullopt;
        mods.push_back(std::to_string(mod["A_Const"]["ival"].value("ival", 0)));
    }
    if (!mods.empty()) {
        out += "(";
        for (std::size_t i = 0; i < mods.size(); ++i) out += (i ? "," : "") + mods[i];
        out += ")";
    }
    if (type_name.contains("arrayBounds")) out += "[]";
    return out;
}

void tree_walk(const nlohmann::json& root,
               const std::function<void(const nlohmann::json&)>& visit) {
    if (root.is_object()) {
        visit(root);
        for (const auto& [key, value] : root.items()) tree_walk(value, visit);
    } else if (root.is_array()) {
        for (const auto& value : root) tree_walk(value, visit);
    }
}

std::vector<std::string> tree_function_calls(const nlohmann::json& root) {
    std::vector<std::string> out;
    tree_walk(root, [&](const nlohmann::json& node) {
        if (auto it = node.find("FuncCall"); it != node.end()) {
            auto names = tree_names(it->value("funcname", nlohmann::json::array()));
            if (!names.empty()) out.push_back(names.back());
        }
        if (auto it = node.find("SQLValueFunction"); it != node.end()) {
            out.push_back(it->value("op", ""));
        }
    });
    return out;
}

std::vector<nlohmann::json> tree_column_constraints(const nlohmann::json& column_def) {
    std::vector<nlohmann::json> out;
    for (const auto& c : column_def.value("constraints", nlohmann::json::array())) {
        if (c.contains("Constraint")) out.push_back(c["Constraint"]);
    }
    return out;
}

std::optional<std::string> tree_constant(const nlohmann::json& node) {
    if (auto it = node.find("A_Const"); it != node.end()) {
        if (it->contains("sval")) return (*it)["sval"].value("sval", "");
        if (it->contains("ival")) return std::to_string((*it)["ival"].value("ival", 0));
        if (it->contains("boolval"))
            return (*it)["boolval"].value("boolval", false) ? "true" : "false";
        return std::nullopt;
    }
    if (auto it = node.find("String"); it != node.end()) return it->value("sval", "");
    return std::nullopt;
}

}  // namespace strata::lint
