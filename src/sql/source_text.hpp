// A SQL text as given (maybe with a UTF-8 BOM) and the body handed to libpg_query.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sql {

/// 1-based line and column (in code points) of a byte offset in the original text.
struct SourcePosition {
    int line = 1;
    int column = 1;
};

/// The original text, its BOM-less body as a NUL-terminated copy for libpg_query, and the
/// mapping from body positions back to original offsets, lines and columns.
/// Thread-safety: immutable after construction.
class SourceText {
public:
    /// Throws ParseError when text holds a NUL byte (libpg_query reads C strings) or is not
    /// valid UTF-8 (the server refuses it in a UTF8 database and the JSON tree cannot hold it).
    SourceText(std::string_view text, std::string_view file);

    [[nodiscard]] std::string_view original() const noexcept { return original_; }
    /// The text without the BOM, NUL-terminated.
    [[nodiscard]] const char* body() const noexcept { return body_.c_str(); }
    [[nodiscard]] std::size_t body_size() const noexcept { return body_.size(); }
    /// Bytes of BOM skipped at the start (0 or 3): original offset = body offset + bom_size().
    [[nodiscard]] std::size_t bom_size() const noexcept { return bom_size_; }
    [[nodiscard]] const std::string& file() const noexcept { return file_; }

    /// Line and column of a byte offset into original(); the BOM takes no column.
    [[nodiscard]] SourcePosition position(std::size_t original_offset) const;

    /// Throws ParseError for a libpg_query error (PgQueryError's message and cursorpos: a
    /// 1-based character position in body(), 0 when the parser gave none).
    [[noreturn]] void throw_error(const char* message, int cursorpos) const;
    /// Throws ParseError at a byte offset into original().
    [[noreturn]] void throw_error_at(std::size_t original_offset, const std::string& message) const;

private:
    std::string_view original_;
    std::string body_;
    std::size_t bom_size_ = 0;
    std::string file_;
    std::vector<std::size_t> line_starts_;  // original offsets where each line begins
};

}  // namespace strata::sql
