// Percent-encoding for URL components (private to core).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata::core_detail {

/// Encodes every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~) plus `keep`.
[[nodiscard]] std::string percent_encode(std::string_view text, std::string_view keep = {});
/// Decodes %XX sequences; nullopt on a truncated or non-hex sequence.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

}  // namespace strata::core_detail
