// cpp_identifier(), pascal_case(), snake_case().
#include "codegen/emit_names.hpp"

#include <set>

#include "strata/codegen/emit.hpp"

namespace strata::codegen {

std::string cpp_identifier(std::string_view name) {
    static const std::set<std::string, std::less<>> keywords{
        "alignas",  "alignof", "and",     "asm",       "auto",      "bool",     "break",
        "case",     "catch",   "char",    "class",     "const",     "continue", "default",
        "delete",   "do",      "double",  "else",      "enum",      "explicit", "export",
        "extern",   "false",   "float",   "for",       "friend",    "goto",     "if",
        "inline",   "int",     "long",    "mutable",   "namespace", "new",      "not",
        "operator", "or",      "private", "protected", "public",    "register", "return",
        "short",    "signed",  "sizeof",  "static",    "struct",    "switch",   "template",
        "this",     "throw",   "true",    "try",       "typedef",   "typename", "union",
        "unsigned", "using",   "virtual", "void",      "volatile",  "while",    "xor",
        "session",  "result",  "row",     "params",    "rows",      "on_row",   "out",
        "writer",   "items"};
    std::string out;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += ok ? c : '_';
        }
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(0, "c_");
    if (keywords.contains(out)) out += '_';
    return out;
}

std::string pascal_case(std::string_view name) {
    std::string out;
    bool up = true;
    for (const char c : name) {
        if (c == '_' || c == ' ' || c == '-') {
            up = true;
            continue;
        }
        out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        up = false;
    }
    return out;
}

std::string snake_case(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool upper = c >= 'A' && c <= 'Z';
        if (upper && i > 0) {
            const bool prev_lower = (name[i - 1] >= 'a' && name[i - 1] <= 'z') ||
                                    (name[i - 1] >= '0' && name[i - 1] <= '9');
            const bool next_lower = i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
            const bool prev_upper = name[i - 1] >= 'A' && name[i - 1] <= 'Z';
            if (prev_lower || (prev_upper && next_lower)) out += '_';
        }
        out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return cpp_identifier(out);
}

}  // namespace strata::codegen
