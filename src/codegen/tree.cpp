// Readers over libpg_query's JSON nodes.
#include "codegen/tree.hpp"

namespace strata::codegen::tree {

std::string type_of(const Json& node) {
    if (!node.is_object() || node.size() != 1) return {};
    const auto it = node.begin();
    if (!it.value().is_object() || it.key().empty() || it.key()[0] < 'A' || it.key()[0] > 'Z') {
        return {};
    }
    return it.key();
}

const Json& body_of(const Json& node) {
    static const Json empty = Json::object();
    return type_of(node).empty() ? empty : node.begin().value();
}

const Json& child(const Json& object, const char* key) {
    static const Json null_node;
    if (!object.is_object()) return null_node;
    const auto it = object.find(key);
    return it == object.end() ? null_node : *it;
}

int location_of(const Json& node) {
    const auto& b = body_of(node);
    const auto it = b.find("location");
    return it != b.end() && it->is_number_integer() ? it->get<int>() : -1;
}

void for_each_node(const Json& root,
                   const std::function<void(const std::string&, const Json&, const Json&)>& fn) {
    if (root.is_array()) {
        for (const auto& item : root) for_each_node(item, fn);
        return;
    }
    if (!root.is_object()) return;
    const std::string type = type_of(root);
    if (!type.empty()) {
        fn(type, root.begin().value(), root);
        for (const auto& [key, value] : root.begin().value().items()) for_each_node(value, fn);
        return;
    }
    for (const auto& [key, value] : root.items()) for_each_node(value, fn);
}

std::vector<std::string> names_of(const Json& list) {
    std::vector<std::string> out;
    if (!list.is_array()) return out;
    for (const auto& item : list) {
        const std::string t = type_of(item);
        if (t == "String") out.push_back(body_of(item).value("sval", ""));
        if (t == "A_Star") out.emplace_back("*");
    }
    return out;
}

std::string column_name(const Json& node) {
    if (type_of(node) != "ColumnRef") return {};
    const auto names = names_of(body_of(node).value("fields", Json::array()));
    return names.empty() ? std::string() : names.back();
}

const Json& strip_casts(const Json& node) {
    const Json* n = &node;
    while (type_of(*n) == "TypeCast") n = &body_of(*n).at("arg");
    return *n;
}

}  // namespace strata::codegen::tree
