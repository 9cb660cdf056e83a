// OID tables: names, array element types, which types are decoded in binary.
#include "driver/pg/pg_types.hpp"

#include <fmt/format.h>

namespace strata::driver::pg {

namespace {

struct TypeInfo {
    std::uint32_t oid;
    std::uint32_t array;
    const char* name;
    bool binary;   // decoded in binary format
    bool textual;  // text form is the value
};

constexpr TypeInfo kTypes[] = {
    {oid::kBool, oid::kBoolArray, "boolean", true, false},
    {oid::kBytea, oid::kByteaArray, "bytea", true, false},
    {oid::kChar, oid::kCharArray, "\"char\"", true, true},
    {oid::kName, oid::kNameArray, "name", true, true},
    {oid::kInt8, oid::kInt8Array, "bigint", true, false},
    {oid::kInt2, oid::kInt2Array, "smallint", true, false},
    {oid::kInt4, oid::kInt4Array, "integer", true, false},
    {oid::kText, oid::kTextArray, "text", true, true},
    {oid::kOid, oid::kOidArray, "oid", true, false},
    {oid::kJson, oid::kJsonArray, "json", true, true},
    {oid::kXml, 143, "xml", false, true},
    {oid::kFloat4, oid::kFloat4Array, "real", true, false},
    {oid::kFloat8, oid::kFloat8Array, "double precision", true, false},
    {oid::kUnknown, 0, "unknown", false, true},
    {oid::kBpchar, oid::kBpcharArray, "character", true, true},
    {oid::kVarchar, oid::kVarcharArray, "character varying", true, true},
    {oid::kDate, oid::kDateArray, "date", true, false},
    {oid::kTimestamp, oid::kTimestampArray, "timestamp without time zone", true, false},
    {oid::kTimestamptz, oid::kTimestamptzArray, "timestamp with time zone", true, false},
    {oid::kNumeric, oid::kNumericArray, "numeric", true, false},
    {oid::kUuid, oid::kUuidArray, "uuid", true, false},
    {oid::kJsonb, oid::kJsonbArray, "jsonb", true, true},
};

const TypeInfo* find(std::uint32_t type_oid) {
    for (const auto& t : kTypes) {
        if (t.oid == type_oid) return &t;
    }
    return nullptr;
}

const TypeInfo* find_array(std::uint32_t array_oid) {
    for (const auto& t : kTypes) {
        if (t.array == array_oid && t.array != 0) return &t;
    }
    return nullptr;
}

}  // namespace

std::uint32_t array_element(std::uint32_t array_oid) {
    const auto* t = find_array(array_oid);
    return t ? t->oid : 0;
}

std::uint32_t array_of(std::uint32_t element_oid) {
    const auto* t = find(element_oid);
    return t ? t->array : 0;
}

bool binary_decodable(std::uint32_t type_oid) {
    if (const auto* t = find(type_oid)) return t->binary;
    if (const auto* t = find_array(type_oid)) return t->binary;
    return false;
}

bool is_textual(std::uint32_t type_oid) {
    if (const auto* t = find(type_oid)) return t->textual;
    // Arrays and the types above are not plain text; every other type (enums, citext, inet,
    // interval, domains over text, ...) reaches strata in text format and reads as its text.
    return find_array(type_oid) == nullptr;
}

std::string type_name(std::uint32_t type_oid) {
    if (const auto* t = find(type_oid)) return t->name;
    if (const auto* t = find_array(type_oid)) return std::string(t->name) + "[]";
    return fmt::format("oid {}", type_oid);
}

}  // namespace strata::driver::pg
