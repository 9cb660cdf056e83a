// ParseError: formats `file:line:column: message`.
#include "strata/sql/parse_error.hpp"

#include <fmt/format.h>

namespace strata::sql {
namespace {

std::string format_what(const std::string& file, int line, int column, const std::string& msg) {
    if (line <= 0) return fmt::format("{}: {}", file, msg);
    return fmt::format("{}:{}:{}: {}", file, line, column, msg);
}

}  // namespace

ParseError::ParseError(std::string file, int line, int column, std::string message)
    : UsageError(format_what(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace strata::sql
