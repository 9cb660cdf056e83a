// Introspection entry points: backend dispatch, URL opening, schema-name globs.
#include "strata/schema/introspect.hpp"

namespace strata::schema {

bool glob_match(std::string_view pattern, std::string_view name) {
    std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

Catalog introspect(driver::Connection& conn, const IntrospectOptions& options) {
    if (conn.backend() == driver::Backend::sqlite) return introspect_sqlite(conn, options);
    return introspect_postgres(conn, options);
}

Catalog introspect(std::string_view url, const IntrospectOptions& options) {
    auto conn = driver::Connection::open(url);
    return introspect(conn, options);
}

}  // namespace strata::schema
