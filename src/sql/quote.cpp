// quote_ident, quote_qualified, quote_literal: the server's quoting rules, client side.
#include "strata/sql/quote.hpp"

#include <algorithm>

#include "sql/keywords.hpp"
#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"

namespace strata::sql {
namespace {

bool is_safe_ident(std::string_view name) {
    auto lower_or_underscore = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
    if (!lower_or_underscore(name.front())) return false;
    bool simple = std::all_of(name.begin(), name.end(), [&](char c) {
        return lower_or_underscore(c) || (c >= '0' && c <= '9');
    });
    return simple && !is_non_unreserved_keyword(name);
}

std::string doubled(std::string_view text, char quote, bool double_backslash) {
    std::string out;
    out.reserve(text.size() + 2);
    for (char c : text) {
        if (c == quote || (double_backslash && c == '\\')) out += c;
        out += c;
    }
    return out;
}

}  // namespace

std::string quote_ident(std::string_view name) {
    if (!name.empty() && is_safe_ident(name)) return std::string(name);
    return quote_identifier(name);  // the one quoting function; it refuses empty and NUL
}

std::string quote_qualified(std::string_view schema, std::string_view name) {
    if (schema.empty()) return quote_ident(name);
    return quote_ident(schema) + '.' + quote_ident(name);
}

std::string quote_literal(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw UsageError("quote_literal: PostgreSQL text cannot hold a NUL byte");
    }
    bool backslash = text.find('\\') != std::string_view::npos;
    return (backslash ? "E'" : "'") + doubled(text, '\'', backslash) + '\'';
}

}  // namespace strata::sql
