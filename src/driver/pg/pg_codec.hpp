// Decoding PostgreSQL wire formats that need more than a byte swap: numeric, arrays.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace strata::driver::pg {

/// Binary numeric (ndigits, weight, sign, dscale, base-10000 digits) to exact decimal text:
/// "-12.3400", "NaN", "Infinity", "-Infinity". Throws DecodeError on malformed input.
std::string numeric_binary_to_text(std::string_view data);

/// Calls element(bytes, element_oid) for each element of a one-dimensional binary array; a NULL
/// element or more than one dimension throws DecodeError. Returns the element count.
std::size_t for_each_binary_element(
    std::string_view data, const std::function<void(std::string_view, std::uint32_t)>& element);

/// Same for the text form "{1,2,\"a b\"}" (delimiter ','). Quoted elements are unescaped.
std::size_t for_each_text_element(std::string_view data,
                                  const std::function<void(std::string_view)>& element);

}  // namespace strata::driver::pg
