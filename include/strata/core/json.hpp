// Json: a parsed JSON document (PostgreSQL json/jsonb); typed sentinels in json_sentinel.hpp.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace strata {

/// A JSON value. jsonb columns read and write through this type.
/// Thread-safety: a value type.
struct Json {
    nlohmann::json value;

    Json() = default;
    Json(nlohmann::json v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor)
    /// Parses one JSON document (RFC 8259, UTF-8). Throws UsageError naming the 0-based byte
    /// offset of the offending byte and what was expected there.
    static Json parse(std::string_view text);
    [[nodiscard]] std::string dump() const { return value.dump(); }
    friend bool operator==(const Json&, const Json&) = default;
};

}  // namespace strata
