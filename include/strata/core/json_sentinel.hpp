// JSON type sentinels: timestamps and dates inside JSON documents that come back typed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/core/date.hpp"
#include "strata/core/timestamptz.hpp"

namespace strata {

/// The key that marks a sentinel object. The two forms are
/// {"__sentinel": "timestamp", "value": "2024-01-02T03:04:05Z"} and
/// {"__sentinel": "date", "value": "2024-01-02"}; values use Timestamptz / Date to_string().
inline constexpr std::string_view kSentinelKey = "__sentinel";

/// What a sentinel object stands for.
using SentinelValue = std::variant<Timestamptz, Date>;

/// {"__sentinel": "timestamp", "value": "<ISO-8601 UTC>"}.
[[nodiscard]] nlohmann::json to_sentinel(const Timestamptz& ts);
/// {"__sentinel": "date", "value": "YYYY-MM-DD"}.
[[nodiscard]] nlohmann::json to_sentinel(const Date& date);
/// The typed value of a sentinel object; std::nullopt when j is not one (not an object, or no
/// "__sentinel" key). Throws UsageError naming the problem for a malformed sentinel: an unknown
/// kind, a missing or non-string "value", other keys, or text that does not parse.
[[nodiscard]] std::optional<SentinelValue> from_sentinel(const nlohmann::json& j);

class TypedJson;

/// nlohmann::json conversions (found by ADL): `nlohmann::json j = ts;` writes the sentinel form,
/// `j.get<Timestamptz>()` reads a sentinel or a plain timestamp string; likewise for Date.
void to_json(nlohmann::json& j, const Timestamptz& ts);
void from_json(const nlohmann::json& j, Timestamptz& ts);
void to_json(nlohmann::json& j, const Date& date);
void from_json(const nlohmann::json& j, Date& date);
void to_json(nlohmann::json& j, const TypedJson& doc);
void from_json(const nlohmann::json& j, TypedJson& doc);

/// A JSON document whose leaves may also be timestamps and dates: what decode_sentinels()
/// returns and encode_sentinels() takes. Object members keep nlohmann::json's (sorted) order.
/// Thread-safety: a value type.
class TypedJson {
public:
    using Array = std::vector<TypedJson>;
    using Object = std::vector<std::pair<std::string, TypedJson>>;

    TypedJson() = default;  ///< JSON null
    // NOLINTBEGIN(google-explicit-constructor): a typed document reads like JSON literals.
    TypedJson(Timestamptz ts) : value_(std::in_place_index<1>, ts) {}
    TypedJson(Date date) : value_(std::in_place_index<2>, date) {}
    TypedJson(Array array) : value_(std::in_place_index<3>, std::move(array)) {}
    TypedJson(Object object) : value_(std::in_place_index<4>, std::move(object)) {}
    // NOLINTEND(google-explicit-constructor)
    /// A null, boolean, number or string leaf; throws UsageError for an array or object (use
    /// decode_sentinels() to convert a whole document).
    static TypedJson scalar(nlohmann::json value);

    [[nodiscard]] bool is_scalar() const { return value_.index() == 0; }
    [[nodiscard]] bool is_timestamp() const { return value_.index() == 1; }
    [[nodiscard]] bool is_date() const { return value_.index() == 2; }
    [[nodiscard]] bool is_array() const { return value_.index() == 3; }
    [[nodiscard]] bool is_object() const { return value_.index() == 4; }

    /// Accessors throw std::bad_variant_access when the kind differs.
    [[nodiscard]] const nlohmann::json& scalar() const { return std::get<0>(value_); }
    [[nodiscard]] Timestamptz timestamp() const { return std::get<1>(value_); }
    [[nodiscard]] Date date() const { return std::get<2>(value_); }
    [[nodiscard]] const Array& array() const { return std::get<3>(value_); }
    [[nodiscard]] const Object& object() const { return std::get<4>(value_); }
    /// The member named key of an object; nullptr when absent or when this is not an object.
    [[nodiscard]] const TypedJson* find(std::string_view key) const;

    friend bool operator==(const TypedJson&, const TypedJson&) = default;

private:
    std::variant<nlohmann::json, Timestamptz, Date, Array, Object> value_;
};

/// The plain JSON form of a typed document: timestamps and dates become sentinel objects.
[[nodiscard]] nlohmann::json encode_sentinels(const TypedJson& doc);
/// The typed form of a JSON document: every sentinel object, at any depth, becomes its value.
/// Throws UsageError for a malformed sentinel, naming its JSON pointer ("/rows/3/created_at").
[[nodiscard]] TypedJson decode_sentinels(const nlohmann::json& doc);

}  // namespace strata
