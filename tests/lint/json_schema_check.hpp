// A JSON Schema (draft-04) check of the keywords the SARIF 2.1.0 schema uses: type, $ref,
// properties, required, additionalProperties, items, minItems, uniqueItems, minimum, maximum,
// pattern, enum, anyOf, oneOf ("format" is not checked). Returns the violations, by path.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::lint::schema_check {

class Checker {
public:
    explicit Checker(const nlohmann::json& root) : root_(root) {}

    [[nodiscard]] std::vector<std::string> check(const nlohmann::json& value) {
        errors_.clear();
        walk(value, root_, "$");
        return errors_;
    }

private:
    const nlohmann::json& resolve(const nlohmann::json& schema) const {
        if (!schema.contains("$ref")) return schema;
        const std::string ref = schema["$ref"];
        const std::string prefix = "#/definitions/";
        if (!ref.starts_with(prefix)) throw std::runtime_error("unsupported $ref " + ref);
        return resolve(root_.at("definitions").at(ref.substr(prefix.size())));
    }

    static bool has_type(const nlohmann::json& v, const std::string& type) {
        if (type == "object") return v.is_object();
        if (type == "array") return v.is_array();
        if (type == "string") return v.is_string();
        if (type == "integer") return v.is_number_integer();
        if (type == "number") return v.is_number();
        if (type == "boolean") return v.is_boolean();
        if (type == "null") return v.is_null();
        return false;
    }

    bool valid(const nlohmann::json& v, const nlohmann::json& schema, const std::string& path) {
        const auto saved = errors_;
        walk(v, schema, path);
        const bool ok = errors_.size() == saved.size();
        errors_ = saved;
        return ok;
    }

    void walk(const nlohmann::json& v, const nlohmann::json& raw, const std::string& path) {
        const auto& s = resolve(raw);
        if (s.contains("type")) {
            bool ok = false;
            if (s["type"].is_string()) {
                ok = has_type(v, s["type"]);
            } else {
                for (const auto& t : s["type"]) ok = ok || has_type(v, t);
            }
            if (!ok) {
                errors_.push_back(path + ": expected type " + s["type"].dump());
                return;
            }
        }
        if (s.contains("enum") &&
            std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
            errors_.push_back(path + ": " + v.dump() + " not in " + s["enum"].dump());
        if (v.is_number()) {
            if (s.contains("minimum") && v.get<double>() < s["minimum"].get<double>())
                errors_.push_back(path + ": below the minimum");
            if (s.contains("maximum") && v.get<double>() > s["maximum"].get<double>())
                errors_.push_back(path + ": above the maximum");
        }
        if (v.is_string() && s.contains("pattern") &&
            !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
            errors_.push_back(path + ": does not match " + s["pattern"].get<std::string>());
        if (v.is_array()) {
            if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>())
                errors_.push_back(path + ": fewer items than minItems");
            if (s.value("uniqueItems", false)) {
                for (std::size_t i = 0; i < v.size(); ++i) {
                    for (std::size_t j = i + 1; j < v.size(); ++j) {
                        if (v[i] == v[j]) errors_.push_back(path + ": items not unique");
                    }
                }
            }
            if (s.contains("items")) {
                for (std::size_t i = 0; i < v.size(); ++i)
                    walk(v[i], s["items"], path + "[" + std::to_string(i) + "]");
            }
        }
        if (v.is_object()) {
            for (const auto& r : s.value("required", nlohmann::json::array())) {
                if (!v.contains(r.get<std::string>()))
                    errors_.push_back(path + ": missing required property " + r.dump());
            }
            const auto props = s.value("properties", nlohmann::json::object());
            for (const auto& [key, value] : v.items()) {
                const auto child = path + "." + key;
                if (props.contains(key)) {
                    walk(value, props[key], child);
                } else if (s.contains("additionalProperties")) {
                    const auto& extra = s["additionalProperties"];
                    if (extra.is_boolean() && !extra.get<bool>()) {
                        errors_.push_back(child + ": property not allowed");
                    } else if (extra.is_object()) {
                        walk(value, extra, child);
                    }
                }
            }
        }
        if (s.contains("anyOf")) {
            bool any = false;
            for (const auto& alt : s["anyOf"]) any = any || valid(v, alt, path);
            if (!any) errors_.push_back(path + ": matches none of anyOf");
        }
        if (s.contains("oneOf")) {
            int n = 0;
            for (const auto& alt : s["oneOf"]) n += valid(v, alt, path) ? 1 : 0;
            if (n != 1) errors_.push_back(path + ": matches " + std::to_string(n) + " of oneOf");
        }
    }

    const nlohmann::json& root_;
    std::vector<std::string> errors_;
};

}  // namespace strata::lint::schema_check
