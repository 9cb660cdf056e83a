// Json: a parsed JSON document (PostgreSQL json/jsonb), plus the typed-sentinel encoding.
#pragma once

#include <nlohmann/json.hpp>

namespace strata {

/// A JSON value. jsonb columns read and write through this type.
/// Thread-safety: a value type.
struct Json {
    nlohmann::json value;

    Json() = default;
    Json(nlohmann::json v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor)
    static Json parse(std::string_view text);  ///< throws UsageError naming the offset
    [[nodiscard]] std::string dump() const { return value.dump(); }
    friend bool operator==(const Json&, const Json&) = default;
};

}  // namespace strata
