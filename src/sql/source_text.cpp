// SourceText: BOM handling and byte offset -> line/column mapping for SQL texts.
#include "sql/source_text.hpp"

#include <algorithm>

#include "strata/sql/parse_error.hpp"

namespace strata::sql {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as in PostgreSQL's pg_utf8_islegal).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = c >= 0xC2 && c <= 0xDF   ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0U) != 0x80U) return 0;
    }
    unsigned char second = byte(i + 1);
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
        (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
        return 0;
    }
    return n;
}

}  // namespace

SourceText::SourceText(std::string_view text, std::string_view file)
    : original_(text), file_(file.empty() ? "<sql>" : std::string(file)) {
    if (original_.starts_with(kBom)) bom_size_ = kBom.size();
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < original_.size(); ++i) {
        if (original_[i] == '\n') line_starts_.push_back(i + 1);
    }
    if (auto nul = original_.find('\0'); nul != std::string_view::npos) {
        throw_error_at(nul, "NUL byte in SQL text");
    }
    for (std::size_t i = 0; i < original_.size();) {
        auto n = utf8_sequence_length(original_, i);
        if (n == 0) throw_error_at(i, "invalid UTF-8 byte sequence in SQL text");
        i += n;
    }
    body_.assign(original_.substr(bom_size_));
}

SourcePosition SourceText::position(std::size_t original_offset) const {
    original_offset = std::min(original_offset, original_.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), original_offset);
    auto line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
    std::size_t begin = line_starts_[line_index];
    if (line_index == 0) begin = std::max(begin, std::min(bom_size_, original_offset));
    int column = 1;
    for (std::size_t i = begin; i < original_offset; ++i) {
        if (!is_continuation_byte(original_[i])) ++column;
    }
    return {static_cast<int>(line_index) + 1, column};
}

void SourceText::throw_error(const char* error_message, int cursorpos) const {
    std::string message = error_message != nullptr ? error_message : "parse error";
    if (cursorpos <= 0) throw ParseError(file_, 0, 0, std::move(message));
    // cursorpos counts characters (libpg_query parses as UTF-8): walk to that code point.
    auto wanted = static_cast<std::size_t>(cursorpos - 1);
    std::size_t offset = 0;
    std::size_t chars = 0;
    while (offset < body_.size()) {
        if (!is_continuation_byte(body_[offset])) {
            if (chars == wanted) break;
            ++chars;
        }
        ++offset;
    }
    throw_error_at(offset + bom_size_, message);
}

void SourceText::throw_error_at(std::size_t original_offset, const std::string& message) const {
    auto pos = position(original_offset);
    throw ParseError(file_, pos.line, pos.column, message);
}

}  // namespace strata::sql
