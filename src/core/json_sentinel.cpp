// JSON type sentinels: encoding timestamps and dates as tagged objects and decoding them back.
#include "strata/core/json_sentinel.hpp"

#include <fmt/format.h>

#include "core/civil.hpp"
#include "strata/core/error.hpp"

namespace strata {

namespace {

const std::string kKey{kSentinelKey};
const std::string kValueKey = "value";
constexpr std::string_view kTimestampKind = "timestamp";
constexpr std::string_view kDateKind = "date";

[[noreturn]] void fail(const nlohmann::json& j, std::string_view why) {
    throw UsageError(fmt::format("malformed JSON sentinel {}: {}", detail::shown(j.dump()), why));
}

/// Appends a JSON pointer reference token (RFC 6901: '~' -> "~0", '/' -> "~1").
void append_token(std::string& path, std::string_view token) {
    path.push_back('/');
    for (const char c : token) {
        if (c == '~') {
            path += "~0";
        } else if (c == '/') {
            path += "~1";
        } else {
            path.push_back(c);
        }
    }
}

TypedJson decode(const nlohmann::json& j, std::string& path) {
    if (j.is_array()) {
        TypedJson::Array array;
        array.reserve(j.size());
        for (std::size_t i = 0; i < j.size(); ++i) {
            const std::size_t length = path.size();
            append_token(path, std::to_string(i));
            array.push_back(decode(j[i], path));
            path.resize(length);
        }
        return array;
    }
    if (!j.is_object()) return TypedJson::scalar(j);
    std::optional<SentinelValue> value;
    try {
        value = from_sentinel(j);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("at {}: {}", path.empty() ? "/" : path, e.what()));
    }
    if (value) {
        return std::visit([](auto v) { return TypedJson(v); }, *value);
    }
    TypedJson::Object object;
    object.reserve(j.size());
    for (const auto& [key, member] : j.items()) {
        const std::size_t length = path.size();
        append_token(path, key);
        object.emplace_back(key, decode(member, path));
        path.resize(length);
    }
    return object;
}

}  // namespace

nlohmann::json to_sentinel(const Timestamptz& ts) {
    return {{kKey, kTimestampKind}, {kValueKey, ts.to_string()}};
}

nlohmann::json to_sentinel(const Date& date) {
    return {{kKey, kDateKind}, {kValueKey, date.to_string()}};
}

std::optional<SentinelValue> from_sentinel(const nlohmann::json& j) {
    if (!j.is_object()) return std::nullopt;
    const auto kind = j.find(kKey);
    if (kind == j.end()) return std::nullopt;
    if (!kind->is_string()) fail(j, "\"__sentinel\" must be \"timestamp\" or \"date\"");
    const auto value = j.find(kValueKey);
    if (value == j.end() || !value->is_string()) fail(j, "\"value\" must be a string");
    if (j.size() != 2) fail(j, "a sentinel has only the keys \"__sentinel\" and \"value\"");
    const auto& kind_text = kind->get_ref<const std::string&>();
    const auto& text = value->get_ref<const std::string&>();
    try {
        if (kind_text == kTimestampKind) return Timestamptz::parse(text);
        if (kind_text == kDateKind) return Date::parse(text);
    } catch (const UsageError& e) {
        fail(j, e.what());
    }
    fail(j, fmt::format("unknown kind {} (expected \"timestamp\" or \"date\")",
                        detail::shown(kind_text)));
}

TypedJson TypedJson::scalar(nlohmann::json value) {
    if (value.is_structured()) {
        throw UsageError(
            "TypedJson::scalar() takes a null, boolean, number or string; use "
            "decode_sentinels() for an array or object");
    }
    TypedJson out;
    out.value_.emplace<0>(std::move(value));
    return out;
}

const TypedJson* TypedJson::find(std::string_view key) const {
    if (!is_object()) return nullptr;
    for (const auto& [name, member] : object()) {
        if (name == key) return &member;
    }
    return nullptr;
}

nlohmann::json encode_sentinels(const TypedJson& doc) {
    if (doc.is_scalar()) return doc.scalar();
    if (doc.is_timestamp()) return to_sentinel(doc.timestamp());
    if (doc.is_date()) return to_sentinel(doc.date());
    if (doc.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const TypedJson& item : doc.array()) out.push_back(encode_sentinels(item));
        return out;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : doc.object()) out[key] = encode_sentinels(member);
    return out;
}

TypedJson decode_sentinels(const nlohmann::json& doc) {
    std::string path;
    return decode(doc, path);
}

void to_json(nlohmann::json& j, const Timestamptz& ts) {
    j = to_sentinel(ts);
}

void from_json(const nlohmann::json& j, Timestamptz& ts) {
    if (j.is_string()) {
        ts = Timestamptz::parse(j.get_ref<const std::string&>());
        return;
    }
    const auto value = from_sentinel(j);
    if (!value || !std::holds_alternative<Timestamptz>(*value)) {
        throw UsageError(fmt::format("expected a timestamp sentinel or string, got {}",
                                     detail::shown(j.dump())));
    }
    ts = std::get<Timestamptz>(*value);
}

void to_json(nlohmann::json& j, const Date& date) {
    j = to_sentinel(date);
}

void from_json(const nlohmann::json& j, Date& date) {
    if (j.is_string()) {
        date = Date::parse(j.get_ref<const std::string&>());
        return;
    }
    const auto value = from_sentinel(j);
    if (!value || !std::holds_alternative<Date>(*value)) {
        throw UsageError(
            fmt::format("expected a date sentinel or string, got {}", detail::shown(j.dump())));
    }
    date = std::get<Date>(*value);
}

void to_json(nlohmann::json& j, const TypedJson& doc) {
    j = encode_sentinels(doc);
}

void from_json(const nlohmann::json& j, TypedJson& doc) {
    doc = decode_sentinels(j);
}

}  // namespace strata
