// cpp_type_for(): PostgreSQL type names to strata's C++ value types.
#include <array>
#include <string_view>

#include "strata/codegen/analysis.hpp"

namespace strata::codegen {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kBuiltin{{
    {"bool", "bool"},
    {"int2", "std::int16_t"},
    {"int4", "std::int32_t"},
    {"int8", "std::int64_t"},
    {"float4", "float"},
    {"float8", "double"},
    {"numeric", "strata::Numeric"},
    {"text", "std::string"},
    {"varchar", "std::string"},
    {"bpchar", "std::string"},
    {"name", "std::string"},
    {"citext", "std::string"},
    {"bytea", "strata::Bytes"},
    {"timestamptz", "strata::Timestamptz"},
    {"date", "strata::Date"},
    {"uuid", "strata::Uuid"},
    {"json", "strata::Json"},
    {"jsonb", "strata::Json"},
}};

// Element types the driver decodes and binds as arrays (driver::Value).
bool array_element_ok(std::string_view cpp) {
    return cpp != "strata::Bytes" && cpp != "strata::Json";
}

std::string scalar_for(const std::string& pg_type, const std::map<std::string, TypeInfo>& types,
                       int depth) {
    for (const auto& [pg, cpp] : kBuiltin) {
        if (pg == pg_type) return std::string(cpp);
    }
    const auto it = types.find(pg_type);
    if (it == types.end() || depth > 8) return {};
    if (it->second.kind == "enum") return "std::string";
    if (it->second.kind == "domain") return scalar_for(it->second.base, types, depth + 1);
    return {};
}

}  // namespace

std::string cpp_type_for(const std::string& pg_type, const std::map<std::string, TypeInfo>& types,
                         const std::map<std::string, std::string>& overrides) {
    if (auto o = overrides.find(pg_type); o != overrides.end()) return o->second;
    if (auto s = scalar_for(pg_type, types, 0); !s.empty()) return s;
    std::string element;
    if (auto it = types.find(pg_type); it != types.end() && it->second.kind == "array") {
        element = it->second.base;
    } else if (pg_type.size() > 1 && pg_type[0] == '_') {
        element = pg_type.substr(1);
    }
    if (element.empty()) return {};
    const std::string e = scalar_for(element, types, 0);
    if (e.empty() || !array_element_ok(e)) return {};
    return "std::vector<" + e + ">";
}

}  // namespace strata::codegen
