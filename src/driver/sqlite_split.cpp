// SQLite script splitting with sqlite3_complete().
#include "strata/driver/sqlite_split.hpp"

#include <sqlite3.h>

#include <cctype>

namespace strata::driver {
namespace {

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

/// Skips whitespace and comments from pos; returns the index of the first code character.
std::size_t skip_blank(std::string_view s, std::size_t pos) {
    while (pos < s.size()) {
        if (is_space(s[pos])) {
            ++pos;
        } else if (s.compare(pos, 2, "--") == 0) {
            auto nl = s.find('\n', pos);
            pos = nl == std::string_view::npos ? s.size() : nl + 1;
        } else if (s.compare(pos, 2, "/*") == 0) {
            auto end = s.find("*/", pos + 2);
            pos = end == std::string_view::npos ? s.size() : end + 2;
        } else {
            break;
        }
    }
    return pos;
}

}  // namespace

std::vector<ScriptStatement> split_sqlite_script(std::string_view script) {
    std::vector<ScriptStatement> out;
    std::size_t start = 0;
    std::string candidate;
    // Lines are counted once through the script (statements come in order), not from its start
    // for each statement: a long script (500,000 statements) splits in linear time.
    std::size_t counted = 0;     // script[0, counted) was scanned for line breaks
    int line = 1;                // line of script[counted]
    std::size_t line_start = 0;  // offset of that line's first byte
    auto emit = [&](std::size_t from, std::size_t to) {
        std::size_t first = skip_blank(script, from);
        if (first >= to) return;
        std::string_view text = script.substr(first, to - first);
        while (!text.empty() && (is_space(text.back()) || text.back() == ';'))
            text.remove_suffix(1);
        if (text.empty()) return;
        ScriptStatement st;
        st.sql = std::string(text);
        st.offset = first;
        for (; counted < first; ++counted) {
            if (script[counted] == '\n') {
                ++line;
                line_start = counted + 1;
            }
        }
        st.line = line;
        st.column = static_cast<int>(first - line_start) + 1;
        out.push_back(std::move(st));
    };
    for (std::size_t i = 0; i < script.size(); ++i) {
        if (script[i] != ';') continue;
        candidate.assign(script.substr(start, i + 1 - start));
        if (sqlite3_complete(candidate.c_str()) != 0) {
            emit(start, i + 1);
            start = i + 1;
        }
    }
    if (start < script.size()) emit(start, script.size());
    return out;
}

}  // namespace strata::driver
