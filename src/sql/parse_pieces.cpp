// parse_in_pieces: a long script parsed piece by piece, with the script's lines and columns.
#include "strata/sql/parse_pieces.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "strata/sql/parse_error.hpp"
#include "strata/sql/scan_split.hpp"
#include "strata/sql/split.hpp"

namespace strata::sql {
namespace {

/// Adds delta to every parse-node location (byte offsets; -1 means none).
void shift_locations(nlohmann::json& node, std::int64_t delta) {
    if (node.is_array()) {
        for (auto& item : node) shift_locations(item, delta);
        return;
    }
    if (!node.is_object()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "location" && it->is_number_integer()) {
            if (const auto at = it->get<std::int64_t>(); at >= 0) *it = at + delta;
        } else {
            shift_locations(*it, delta);
        }
    }
}

/// The statements of one piece, which starts at byte `begin` of the script and is parsed behind
/// `prefix` (blank lines and spaces that stand for the script before it, so lines and columns
/// are the script's); offsets and node locations are moved to the script's too.
std::vector<ParsedStatement> parse_piece(std::string_view script, std::size_t begin,
                                         std::size_t end, const std::string& prefix,
                                         std::string_view file, const NeedsTree& needs_tree) {
    std::string piece = prefix;
    piece.append(script.substr(begin, end - begin));
    const auto delta = static_cast<std::int64_t>(begin) - static_cast<std::int64_t>(prefix.size());
    std::vector<ParsedStatement> out;
    if (!needs_tree) {
        out = parse(piece, file).take_statements();
        for (auto& s : out) {
            s.source.offset =
                static_cast<std::size_t>(static_cast<std::int64_t>(s.source.offset) + delta);
            shift_locations(s.node, delta);
        }
        return out;
    }
    // split() runs the parser over the piece (syntax checked); a tree is built only for the
    // statements the caller needs.
    for (auto& st : split(piece, file)) {
        ParsedStatement ps;
        st.offset = static_cast<std::size_t>(static_cast<std::int64_t>(st.offset) + delta);
        if (needs_tree(st.text)) {
            auto tree = parse(st.text, file).take_statements();
            if (tree.size() == 1) {
                ps.node = std::move(tree.front().node);
                ps.kind = std::move(tree.front().kind);
                shift_locations(ps.node, static_cast<std::int64_t>(st.offset));
            }
        }
        ps.source = std::move(st);
        out.push_back(std::move(ps));
    }
    return out;
}

}  // namespace

std::string leading_keyword(std::string_view statement) {
    std::size_t i = 0;
    while (i < statement.size()) {
        const auto rest = statement.substr(i);
        if (std::isspace(static_cast<unsigned char>(statement[i])) != 0) {
            ++i;
        } else if (rest.starts_with("--")) {
            const auto eol = statement.find('\n', i);
            i = eol == std::string_view::npos ? statement.size() : eol + 1;
        } else if (rest.starts_with("/*")) {
            const auto close = statement.find("*/", i + 2);  // a nested comment ends later: "" is
            i = close == std::string_view::npos ? statement.size() : close + 2;  // still safe
        } else {
            break;
        }
    }
    std::string word;
    for (; i < statement.size(); ++i) {
        const auto c = static_cast<unsigned char>(statement[i]);
        if (std::isalpha(c) == 0) break;
        word += static_cast<char>(std::toupper(c));
    }
    if (i < statement.size()) {
        const auto c = static_cast<unsigned char>(statement[i]);
        if (std::isdigit(c) != 0 || c == '_' || c == '$' || c >= 0x80) return "";
    }
    return word;
}

void parse_in_pieces(std::string_view script, std::string_view file,
                     const EachParsedStatement& each, const ParseProgress& progress,
                     const NeedsTree& needs_tree, std::size_t piece_bytes) {
    if (script.size() <= piece_bytes) {
        // One parse gives every statement its tree: cheaper than a split and a parse of each
        // statement that needs one.
        for (auto& statement : parse(script, file).take_statements()) each(statement);
        if (progress) progress(script.size(), script.size());
        return;
    }
    const std::vector<std::size_t> starts = scan_statement_starts(script);
    // The first statement start at or past offset, or the end of the script.
    auto cut_at = [&](std::size_t offset) {
        auto it = std::lower_bound(starts.begin(), starts.end(), offset);
        return it == starts.end() ? script.size() : *it;
    };
    std::size_t begin = 0;
    std::size_t counted = 0;     // script[0, counted) was scanned for line breaks
    std::size_t line = 1;        // line of script[counted]
    std::size_t line_start = 0;  // offset of that line's first byte
    while (begin < script.size()) {
        for (; counted < begin; ++counted) {
            if (script[counted] == '\n') {
                ++line;
                line_start = counted + 1;
            }
        }
        std::size_t column = 1;
        for (std::size_t i = line_start; i < begin; ++i) {
            if ((static_cast<unsigned char>(script[i]) & 0xC0) != 0x80) ++column;
        }
        const std::string prefix = std::string(line - 1, '\n') + std::string(column - 1, ' ');
        std::size_t end = cut_at(begin + piece_bytes);
        std::vector<ParsedStatement> statements;
        for (int attempt = 0;; ++attempt) {
            try {
                statements = parse_piece(script, begin, end, prefix, file, needs_tree);
                break;
            } catch (const ParseError&) {
                if (end == script.size()) throw;
                end = attempt < 8 ? cut_at(end + 1) : script.size();
            }
        }
        for (auto& statement : statements) each(statement);
        begin = end;
        if (progress) progress(begin, script.size());
    }
}

}  // namespace strata::sql
