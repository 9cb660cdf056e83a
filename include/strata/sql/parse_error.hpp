// ParseError: a SQL text the PostgreSQL parser rejected, located as file:line:column.
#pragma once

#include <string>

#include "strata/core/error.hpp"

namespace strata::sql {

/// The PostgreSQL 15 parser (libpg_query) rejected a SQL text. what() reads
/// `file:line:column: message` (`file: message` when the parser gave no position).
/// line and column are 1-based and refer to the original text (a UTF-8 byte-order mark is not
/// counted); column counts characters (UTF-8 code points), not bytes; both are 0 when unknown.
/// Thread-safety: immutable after construction.
class ParseError : public UsageError {
public:
    ParseError(std::string file, int line, int column, std::string message);

    /// The file name given to the API, or "<sql>" when none was given.
    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] int line() const noexcept { return line_; }
    [[nodiscard]] int column() const noexcept { return column_; }
    /// The parser's own message, e.g. `syntax error at or near "FORM"`.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    int line_;
    int column_;
    std::string message_;
};

}  // namespace strata::sql
