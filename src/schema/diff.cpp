// Catalog diff over the JSON form: objects keyed by qualified name, nested parts recursed into.
#include "strata/schema/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "strata/schema/catalog_json.hpp"

namespace strata::schema {
namespace {

using nlohmann::json;

/// Nested arrays that hold objects of their own, and the kind name of their items.
const std::map<std::string, std::string>& nested_kinds() {
    static const std::map<std::string, std::string> kinds{
        {"columns", "column"},       {"constraints", "constraint"},
        {"indexes", "index"},        {"triggers", "trigger"},
        {"policies", "policy"},      {"checks", "check"},
        {"attributes", "attribute"}, {"rules", "rule"}};
    return kinds;
}

std::string key_of(const json& item, const std::string& prefix) {
    std::string key = prefix.empty() ? "" : prefix + ".";
    if (item.contains("schema") && prefix.empty()) key += item["schema"].get<std::string>() + ".";
    key += item.value("name", std::string());
    if (item.contains("identity_arguments") && item.contains("language")) {
        key += "(" + item["identity_arguments"].get<std::string>() + ")";
    }
    return key;
}

void diff_list(const std::string& kind, const std::string& prefix, const json& from, const json& to,
               std::vector<Difference>& out);

void diff_object(const std::string& kind, const std::string& key, const json& a, const json& b,
                 std::vector<Difference>& out) {
    Difference d{kind, key, Change::changed, {}};
    std::vector<std::pair<std::string, std::pair<const json*, const json*>>> nested;
    static const json kNull;
    for (const auto& [field, value] : a.items()) {
        const json& other = b.contains(field) ? b[field] : kNull;
        if (auto n = nested_kinds().find(field); n != nested_kinds().end() && value.is_array() &&
                                                 (value.empty() || value[0].is_object())) {
            nested.push_back({n->second, {&value, &other}});
            continue;
        }
        if (value != other) d.attributes.push_back({field, value.dump(), other.dump()});
    }
    // A function's definition is the server's rendering of its other properties: named only
    // when nothing else tells the change.
    if (kind == "function" && d.attributes.size() > 1) {
        std::erase_if(d.attributes,
                      [](const AttributeChange& x) { return x.attribute == "definition"; });
    }
    if (!d.attributes.empty()) out.push_back(std::move(d));
    for (const auto& [nested_kind, pair] : nested) {
        diff_list(nested_kind, key, *pair.first,
                  pair.second->is_array() ? *pair.second : json::array(), out);
    }
}

void diff_list(const std::string& kind, const std::string& prefix, const json& from, const json& to,
               std::vector<Difference>& out) {
    std::map<std::string, const json*> a;
    std::map<std::string, const json*> b;
    for (const auto& item : from) a[key_of(item, prefix)] = &item;
    for (const auto& item : to) b[key_of(item, prefix)] = &item;
    std::vector<std::string> keys;
    keys.reserve(a.size() + b.size());
    for (const auto& [k, _] : a) keys.push_back(k);
    for (const auto& [k, _] : b) {
        if (!a.contains(k)) keys.push_back(k);
    }
    std::ranges::sort(keys);
    for (const auto& k : keys) {
        auto ia = a.find(k);
        auto ib = b.find(k);
        if (ib == b.end()) {
            out.push_back({kind, k, Change::removed, {}});
        } else if (ia == a.end()) {
            out.push_back({kind, k, Change::added, {}});
        } else if (*ia->second != *ib->second) {
            diff_object(kind, k, *ia->second, *ib->second, out);
        }
    }
}

/// Objects keyed by kind and qualified name; each property is an attribute of its own.
void diff_objects(const json& from, const json& to, std::vector<Difference>& out) {
    auto keyed = [](const json& list) {
        std::map<std::pair<std::string, std::string>, const json*> m;
        for (const auto& o : list) {
            auto schema = o.value("schema", std::string());
            m[{o.value("kind", std::string()), (schema.empty() ? "" : schema + ".") +
                                                   o.value("name", std::string()) +
                                                   o.value("identity", std::string())}] = &o;
        }
        return m;
    };
    auto a = keyed(from);
    auto b = keyed(to);
    static const json kNull;
    for (const auto& [key, item] : a) {
        if (!b.contains(key)) out.push_back({key.first, key.second, Change::removed, {}});
    }
    for (const auto& [key, item] : b) {
        auto it = a.find(key);
        if (it == a.end()) {
            out.push_back({key.first, key.second, Change::added, {}});
            continue;
        }
        const json& x = *it->second;
        const json& y = *item;
        if (x == y) continue;
        Difference d{key.first, key.second, Change::changed, {}};
        for (const auto& [field, value] : y.items()) {
            const json& old = x.contains(field) ? x[field] : kNull;
            if (field != "properties") {
                if (old != value) d.attributes.push_back({field, old.dump(), value.dump()});
                continue;
            }
            std::map<std::string, std::pair<json, json>> props;
            if (old.is_object()) {
                for (const auto& [k, v] : old.items()) props[k].first = v;
            }
            for (const auto& [k, v] : value.items()) props[k].second = v;
            for (const auto& [k, pair] : props) {
                if (pair.first != pair.second)
                    d.attributes.push_back({k, pair.first.dump(), pair.second.dump()});
            }
        }
        out.push_back(std::move(d));
    }
    std::ranges::stable_sort(out, {}, [](const Difference& d) { return d.object; });
}

}  // namespace

std::vector<Difference> diff(const Catalog& from, const Catalog& to) {
    auto a = catalog_to_json(from);
    auto b = catalog_to_json(to);
    std::vector<Difference> out;
    const std::pair<const char*, const char*> kinds[] = {{"schemas", "schema"},
                                                         {"extensions", "extension"},
                                                         {"enums", "enum"},
                                                         {"domains", "domain"},
                                                         {"composites", "composite type"},
                                                         {"sequences", "sequence"},
                                                         {"functions", "function"},
                                                         {"tables", "table"},
                                                         {"foreign_tables", "foreign table"},
                                                         {"views", "view"}};
    for (const auto& [list, kind] : kinds) diff_list(kind, "", a[list], b[list], out);
    std::vector<Difference> objects;
    diff_objects(a["objects"], b["objects"], objects);
    out.insert(out.end(), objects.begin(), objects.end());
    return out;
}

std::string format_differences(const std::vector<Difference>& differences) {
    std::string out;
    for (const auto& d : differences) {
        char sign = d.change == Change::added ? '+' : d.change == Change::removed ? '-' : '~';
        out += fmt::format("{} {} {}", sign, d.kind, d.object);
        for (std::size_t i = 0; i < d.attributes.size(); ++i) {
            const auto& a = d.attributes[i];
            out += fmt::format("{} {} {} -> {}", i == 0 ? ":" : ";", a.attribute, a.from, a.to);
        }
        out += '\n';
    }
    return out;
}

nlohmann::json differences_to_json(const std::vector<Difference>& differences) {
    auto out = json::array();
    for (const auto& d : differences) {
        json attrs = json::array();
        for (const auto& a : d.attributes) {
            attrs.push_back({{"attribute", a.attribute},
                             {"from", json::parse(a.from)},
                             {"to", json::parse(a.to)}});
        }
        out.push_back({{"kind", d.kind},
                       {"object", d.object},
                       {"change", d.change == Change::added     ? "added"
                                  : d.change == Change::removed ? "removed"
                                                                : "changed"},
                       {"attributes", attrs}});
    }
    return out;
}

}  // namespace strata::schema
