// quote_identifier: double quotes, `"` doubled; empty names and NUL bytes refused. fit_identifier:
// a long name cut at a character boundary and suffixed with its hash.
#include "strata/core/quote.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/fnv1a.hpp"

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

std::string fit_identifier(std::string_view name) {
    if (name.size() <= kMaxIdentifierBytes) return std::string(name);
    // 54 + "_" + 8 hex digits = 63. Back off over UTF-8 continuation bytes (10xxxxxx) so that
    // the cut falls before the first byte of a character.
    constexpr std::size_t kPrefixBytes = kMaxIdentifierBytes - 9;
    std::size_t cut = kPrefixBytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0U) == 0x80U) --cut;
    return fmt::format("{}_{:08x}", name.substr(0, cut), fnv1a_32(name));
}

}  // namespace strata
