// Json: parsing with errors that name the byte offset.
#include "strata/core/json.hpp"

#include <fmt/format.h>

#include "strata/core/error.hpp"

namespace strata {

Json Json::parse(std::string_view text) {
    try {
        return Json(nlohmann::json::parse(text));
    } catch (const nlohmann::json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 4: <reason>".
        std::string_view reason = e.what();
        if (const auto colon = reason.find(": "); colon != std::string_view::npos) {
            reason.remove_prefix(colon + 2);
        }
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;  // e.byte is 1-based
        throw UsageError(
            fmt::format("invalid JSON at byte offset {} (of {}): {}", offset, text.size(), reason));
    }
}

}  // namespace strata
