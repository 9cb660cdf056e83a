// Parsing of sqlite: URLs (see docs/sqlite.md for the accepted forms).
#include "driver/sqlite/sqlite_url.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"

namespace strata::driver::sqlite {
namespace {

[[noreturn]] void bad_url(std::string_view url, std::string_view why) {
    throw UsageError(fmt::format("invalid SQLite URL '{}': {}", url, why));
}

void apply_query(std::string_view url, std::string_view query, SqliteTarget& target) {
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty()) continue;
        auto eq = item.find('=');
        std::string_view key = item.substr(0, eq);
        std::string_view value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
        if (key == "mode") {
            if (value == "ro") {
                target.read_only = true;
                target.create = false;
            } else if (value == "rw") {
                target.create = false;
            } else if (value == "rwc") {
                target.create = true;
            } else {
                bad_url(url, fmt::format("mode must be ro, rw or rwc, not '{}'", value));
            }
        } else {
            bad_url(url, fmt::format("unknown option '{}' (supported: mode)", key));
        }
    }
}

}  // namespace

SqliteTarget parse_sqlite_url(std::string_view url) {
    // The path forms are strata::DatabaseUrl's; the query options are SQLite-specific (libpq
    // keywords make no sense here), so they are split off first.
    std::string_view base = url;
    std::string_view query;
    if (auto q = url.find('?'); q != std::string_view::npos) {
        base = url.substr(0, q);
        query = url.substr(q + 1);
    }
    DatabaseUrl parsed;
    try {
        parsed = DatabaseUrl::parse(base, "SQLite URL");
    } catch (const ConfigError& e) {
        throw UsageError(e.what());
    }
    if (!parsed.is_sqlite()) bad_url(url, "it must start with sqlite:");
    SqliteTarget target;
    target.path = parsed.sqlite_path();
    target.memory = target.path == ":memory:";
    apply_query(url, query, target);
    if (target.memory && target.read_only)
        bad_url(url, "an in-memory database cannot be read-only");
    return target;
}

}  // namespace strata::driver::sqlite
