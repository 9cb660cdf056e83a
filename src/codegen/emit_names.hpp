// Identifier helpers of the emitter: C++-safe member and type names.
#pragma once

#include <string>
#include <string_view>

namespace strata::codegen {

/// A valid, non-keyword C++ identifier for a column or parameter name.
std::string cpp_identifier(std::string_view name);
/// `authors` / `book_tags` -> `Authors` / `BookTags`.
std::string pascal_case(std::string_view name);

}  // namespace strata::codegen
