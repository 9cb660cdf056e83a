// emit_models(): table structs and orm::Table<T> mappings from the schema catalog.
#include "strata/codegen/models.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "codegen/emit_names.hpp"
#include "strata/codegen/query_source.hpp"

namespace strata::codegen {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kFormatTypes{{
    {"boolean", "bool"},
    {"smallint", "std::int16_t"},
    {"integer", "std::int32_t"},
    {"bigint", "std::int64_t"},
    {"real", "float"},
    {"double precision", "double"},
    {"numeric", "strata::Numeric"},
    {"text", "std::string"},
    {"character varying", "std::string"},
    {"character", "std::string"},
    {"name", "std::string"},
    {"bytea", "strata::Bytes"},
    {"timestamp with time zone", "strata::Timestamptz"},
    {"date", "strata::Date"},
    {"uuid", "strata::Uuid"},
    {"json", "strata::Json"},
    {"jsonb", "strata::Json"},
}};

// "character varying(80)" -> "character varying"; "app.status" -> "status".
std::string base_name(const std::string& type) {
    std::string t = type.substr(0, type.find('('));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    if (const auto dot = t.rfind('.'); dot != std::string::npos) t = t.substr(dot + 1);
    if (t.size() > 1 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    return t;
}

std::string scalar_model_type(const std::string& type, const schema::Catalog& catalog, int depth) {
    const std::string name = base_name(type);
    for (const auto& [pg, cpp] : kFormatTypes) {
        if (pg == name) return std::string(cpp);
    }
    for (const auto& e : catalog.enums) {
        if (e.name == name) return "std::string";
    }
    for (const auto& d : catalog.domains) {
        if (d.name == name && depth < 8) return scalar_model_type(d.base_type, catalog, depth + 1);
    }
    return {};
}

std::string model_type(const std::string& type, const schema::Catalog& catalog) {
    if (type.size() > 2 && type.ends_with("[]")) {
        const auto e = scalar_model_type(type.substr(0, type.size() - 2), catalog, 0);
        if (e.empty() || e == "strata::Bytes" || e == "strata::Json") return {};
        return "std::vector<" + e + ">";
    }
    return scalar_model_type(type, catalog, 0);
}

bool server_filled(const schema::Column& c) {
    if (!c.identity.empty() || c.generated) return true;
    if (!c.default_expr) return false;
    const auto& d = *c.default_expr;
    return d.find("nextval(") != std::string::npos || d == "now()" || d == "CURRENT_TIMESTAMP" ||
           d == "gen_random_uuid()";
}

}  // namespace

GeneratedFile emit_models(const schema::Catalog& catalog, const ModelOptions& options) {
    std::string structs;
    std::string mappings;
    for (const auto& table : catalog.tables) {
        if (table.partition_of) continue;  // partitions share their parent's struct
        const std::string type = pascal_case(table.name);
        const std::string qualified = options.cpp_namespace + "::" + type;
        std::vector<std::string> keys;
        for (const auto& con : table.constraints) {
            if (con.kind == schema::ConstraintKind::primary_key) keys = con.columns;
        }
        structs += fmt::format("/// {}.{}\nstruct {} {{\n", table.schema, table.name, type);
        std::string columns;
        bool soft_delete = false;
        for (const auto& c : table.columns) {
            std::string cpp;
            if (auto o = options.overrides.find(table.name + "." + c.name);
                o != options.overrides.end()) {
                cpp = o->second;
            } else if (auto t = options.overrides.find(base_name(c.type));
                       t != options.overrides.end()) {
                cpp = t->second;
            } else {
                cpp = model_type(c.type, catalog);
            }
            if (cpp.empty()) {
                throw CodegenError(
                    "<catalog>", 0, "",
                    fmt::format("{}.{} has type {}, which strata does not map; add `\"{}.{}\" = "
                                "\"YourType\"` (or `{} = \"YourType\"`) under [gen.overrides] in "
                                "strata.toml, or pass `--override {}.{}=YourType`",
                                table.name, c.name, c.type, table.name, c.name, base_name(c.type),
                                table.name, c.name));
            }
            const std::string member = cpp_identifier(c.name);
            structs += fmt::format("    {} {}{{}};\n",
                                   c.not_null ? cpp : "std::optional<" + cpp + ">", member);
            std::vector<std::string> flags;
            if (std::find(keys.begin(), keys.end(), c.name) != keys.end()) {
                flags.emplace_back("strata::orm::kPrimaryKey");
            }
            if (server_filled(c)) flags.emplace_back("strata::orm::kGenerated");
            std::string flag_text;
            for (const auto& f : flags) flag_text += (flag_text.empty() ? ", " : " | ") + f;
            columns +=
                fmt::format("{}        strata::orm::column(\"{}\", &{}::{}{})",
                            columns.empty() ? "" : ",\n", c.name, qualified, member, flag_text);
            soft_delete = soft_delete || c.name == options.soft_delete_column;
        }
        structs += "};\n\n";
        mappings += fmt::format(
            "template <>\nstruct strata::orm::Table<{}> {{\n"
            "    static constexpr std::string_view name = \"{}\";\n"
            "    static constexpr std::string_view schema = \"{}\";\n",
            qualified, table.name, table.schema);
        if (soft_delete && options.soft_delete_column != "deleted_at") {
            mappings += fmt::format(
                "    static constexpr std::string_view soft_delete_column = "
                "\"{}\";\n",
                options.soft_delete_column);
        }
        mappings += fmt::format(
            "    static constexpr auto columns = std::make_tuple(\n{});\n}};\n\n", columns);
    }
    std::string out = fmt::format(
        "{} (strata gen models)\n// clang-format off\n#pragma once\n\n"
        "#include <cstdint>\n#include <optional>\n#include <string>\n#include <string_view>\n"
        "#include <tuple>\n#include <vector>\n\n"
        "#include \"strata/core/bytes.hpp\"\n#include \"strata/core/date.hpp\"\n"
        "#include \"strata/core/json.hpp\"\n#include \"strata/core/numeric.hpp\"\n"
        "#include \"strata/core/timestamptz.hpp\"\n#include \"strata/core/uuid.hpp\"\n"
        "#include \"strata/orm/table.hpp\"\n\nnamespace {} {{\n\n{}}}  // namespace {}\n\n{}",
        kGeneratedLine, options.cpp_namespace, structs, options.cpp_namespace, mappings);
    return {.path = options.file_name, .content = std::move(out)};
}

}  // namespace strata::codegen
