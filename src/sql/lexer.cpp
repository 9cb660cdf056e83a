// scan_region: token bounds and leading comments of a SQL region, PostgreSQL's lexical rules.
#include "sql/lexer.hpp"

namespace strata::sql {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_ident_char(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

// Each skip_* takes s[i] at the construct's opening and returns the offset after its end
// (s.size() when it is unterminated).

std::size_t skip_line_comment(std::string_view s, std::size_t i) {
    auto nl = s.find('\n', i);
    return nl == std::string_view::npos ? s.size() : nl;
}

std::size_t skip_block_comment(std::string_view s, std::size_t i) {
    int depth = 0;
    while (i < s.size()) {
        if (s.compare(i, 2, "/*") == 0) {
            ++depth;
            i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return s.size();
}

std::size_t skip_quoted(std::string_view s, std::size_t i, char quote, bool backslash_escapes) {
    ++i;
    while (i < s.size()) {
        char c = s[i];
        if (backslash_escapes && c == '\\') {
            i += 2;
        } else if (c == quote) {
            if (i + 1 < s.size() && s[i + 1] == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            ++i;
        }
    }
    return s.size();
}

// At a '$' not inside an identifier: a $tag$...$tag$ string, or just the '$' (a parameter or an
// operator character) when no dollar-quote delimiter starts here.
std::size_t skip_dollar(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j < s.size() && is_ident_start(s[j])) {
        while (j < s.size() && is_ident_char(s[j]) && s[j] != '$') ++j;
    }
    if (j >= s.size() || s[j] != '$') return i + 1;
    auto delimiter = s.substr(i, j - i + 1);
    auto close = s.find(delimiter, j + 1);
    return close == std::string_view::npos ? s.size() : close + delimiter.size();
}

}  // namespace

RegionBounds scan_region(std::string_view s) {
    RegionBounds bounds;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (is_space(c)) {
            ++i;
            continue;
        }
        bool line_comment = s.compare(i, 2, "--") == 0;
        if (line_comment || s.compare(i, 2, "/*") == 0) {
            std::size_t end = line_comment ? skip_line_comment(s, i) : skip_block_comment(s, i);
            if (bounds.first_token == std::string_view::npos) {
                bounds.leading_comments.push_back({i, end - i});
            }
            i = end;
            continue;
        }
        std::size_t start = i;
        if (c == '\'') {
            i = skip_quoted(s, i, '\'', false);
        } else if (c == '"') {
            i = skip_quoted(s, i, '"', false);
        } else if (c == '$') {
            i = skip_dollar(s, i);
        } else if (is_ident_start(c)) {
            while (i < s.size() && is_ident_char(s[i])) ++i;
            if (i - start == 1 && (c == 'e' || c == 'E') && i < s.size() && s[i] == '\'') {
                i = skip_quoted(s, i, '\'', true);
            }
        } else if (c >= '0' && c <= '9') {
            // Numbers may run into identifier characters (1e5, 0x1F, 1_000): one token.
            while (i < s.size() && (is_ident_char(s[i]) || s[i] == '.') && s[i] != '$') ++i;
        } else {
            ++i;
        }
        if (bounds.first_token == std::string_view::npos) bounds.first_token = start;
        bounds.tokens_end = i;
    }
    return bounds;
}

}  // namespace strata::sql
