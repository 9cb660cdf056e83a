// scan_statement_starts(): statement boundaries from libpg_query's scanner-based splitter.
#include "strata/sql/scan_split.hpp"

#include <pg_query.h>

#include <algorithm>
#include <string>

#include "sql/pg_query_result.hpp"

namespace strata::sql {

namespace {

/// The statement starts of text (offsets into it) and whether the scanner took all of it (false:
/// an unterminated quote or comment, or a NUL byte).
bool scan_window(std::string_view text, std::vector<std::size_t>& starts) {
    using ScanResult = PgQueryResult<PgQuerySplitResult, pg_query_free_split_result>;
    const std::string body(text);  // NUL-terminated for libpg_query
    ScanResult result(pg_query_split_with_scanner(body.c_str()));
    if (result->error != nullptr) return false;
    starts.clear();
    for (int i = 0; i < result->n_stmts; ++i) {
        starts.push_back(static_cast<std::size_t>(result->stmts[i]->stmt_location));
    }
    return true;
}

}  // namespace

std::vector<std::size_t> scan_statement_starts(std::string_view script, std::size_t window_bytes) {
    // The scanner keeps every token of what it scans until it returns (several times the text),
    // so a long script is scanned in windows of about window_bytes, each beginning at a statement
    // start: the scanner is then in its initial state there, exactly as when it scans the whole
    // script, and every start it reports before the window's last statement is a start of the
    // script. The last statement may be cut by the window: the next window begins with it.
    std::vector<std::size_t> starts;
    std::vector<std::size_t> found;
    std::size_t begin = 0;
    std::size_t window = std::max<std::size_t>(window_bytes, 1);
    while (begin < script.size()) {
        std::size_t end = script.size();
        if (script.size() - begin > window) {
            // Cut at a line break (not inside a token, nor a UTF-8 character).
            const auto nl = script.find('\n', begin + window);
            end = nl == std::string_view::npos ? script.size() : nl + 1;
        }
        const bool last = end == script.size();
        const bool scanned = scan_window(script.substr(begin, end - begin), found);
        if (!scanned && last) {
            // Does not scan to its end: parse() of the rest reports why. The whole script did
            // not scan when nothing did.
            if (begin == 0) starts.clear();
            return starts;
        }
        if (!scanned || (!last && found.size() < 2)) {
            window *= 2;  // cut inside a quote or comment, or one statement longer than the window
            continue;
        }
        const std::size_t keep = last ? found.size() : found.size() - 1;
        for (std::size_t i = 0; i < keep; ++i) starts.push_back(begin + found[i]);
        if (last) break;
        begin += found.back();
        window = std::max<std::size_t>(window_bytes, 1);
    }
    return starts;
}

}  // namespace strata::sql
