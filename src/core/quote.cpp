// quote_identifier: double quotes, `"` doubled; empty names and NUL bytes refused.
#include "strata/core/quote.hpp"

#include "strata/core/error.hpp"

namespace strata {

std::string quote_identifier(std::string_view name) {
    if (name.empty()) throw UsageError("an SQL identifier cannot be empty");
    if (name.find('\0') != std::string_view::npos) {
        throw UsageError(
            "the SQL identifier holds a NUL byte, which neither PostgreSQL nor SQLite accept");
    }
    std::string out;
    out.reserve(name.size() + 2);
    out.push_back('"');
    for (const char c : name) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string quote_dotted_identifier(std::string_view name) {
    std::string out;
    while (true) {
        const auto dot = name.find('.');
        out += quote_identifier(name.substr(0, dot));
        if (dot == std::string_view::npos) break;
        out.push_back('.');
        name.remove_prefix(dot + 1);
    }
    return out;
}

}  // namespace strata
