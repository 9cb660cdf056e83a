// Binding strata Values to SQLite parameters: the storage mapping documented in docs/sqlite.md.
#include "driver/sqlite/sqlite_bind.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>
#include <cmath>

#include "strata/core/error.hpp"

namespace strata::driver::sqlite {
namespace {

/// Howard Hinnant's civil_from_days: days since 1970-01-01 -> (year, month, day).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

nlohmann::json json_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return v;
}

template <class T, class F>
std::string json_array(const std::vector<T>& items, F&& element) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : items) out.push_back(element(item));
    return out.dump();
}

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

[[noreturn]] void bind_failed(sqlite3_stmt* stmt, int rc, std::size_t slot, std::string_view sql) {
    throw UsageError(fmt::format("binding SQLite parameter {} failed ({}: {}) in: {}", slot,
                                 sqlite3_errstr(rc), sqlite3_errmsg(sqlite3_db_handle(stmt)), sql));
}

int bind_text(sqlite3_stmt* stmt, int slot, std::string text) {
    return sqlite3_bind_text64(stmt, slot, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int bind_one(sqlite3_stmt* stmt, int slot, const Value& value) {
    return std::visit(
        Overloaded{
            [&](std::monostate) { return sqlite3_bind_null(stmt, slot); },
            [&](bool v) { return sqlite3_bind_int(stmt, slot, v ? 1 : 0); },
            [&](std::int16_t v) { return sqlite3_bind_int(stmt, slot, v); },
            [&](std::int32_t v) { return sqlite3_bind_int(stmt, slot, v); },
            [&](std::int64_t v) { return sqlite3_bind_int64(stmt, slot, v); },
            [&](float v) {
                // SQLite stores a NaN REAL as NULL; keep it as the text 'NaN' instead.
                if (std::isnan(v)) return bind_text(stmt, slot, "NaN");
                return sqlite3_bind_double(stmt, slot, static_cast<double>(v));
            },
            [&](double v) {
                if (std::isnan(v)) return bind_text(stmt, slot, "NaN");
                return sqlite3_bind_double(stmt, slot, v);
            },
            [&](const std::string& v) {
                // The Value outlives the statement's execution, and bindings are cleared after.
                return sqlite3_bind_text64(stmt, slot, v.data(), v.size(), SQLITE_STATIC,
                                           SQLITE_UTF8);
            },
            [&](const Bytes& v) {
                // A null data pointer would bind NULL: an empty blob needs zeroblob(0).
                if (v.size() == 0) return sqlite3_bind_zeroblob(stmt, slot, 0);
                return sqlite3_bind_blob64(stmt, slot, v.data().data(), v.size(), SQLITE_STATIC);
            },
            [&](const Timestamptz& v) { return bind_text(stmt, slot, format_timestamp(v)); },
            [&](const Date& v) { return bind_text(stmt, slot, format_date(v)); },
            [&](const Uuid& v) { return bind_text(stmt, slot, v.to_string()); },
            [&](const Json& v) { return bind_text(stmt, slot, v.dump()); },
            [&](const Numeric& v) { return bind_text(stmt, slot, v.to_string()); },
            [&](const auto&) { return bind_text(stmt, slot, format_array(value)); },
        },
        value);
}

}  // namespace

std::string format_timestamp(const Timestamptz& ts) {
    if (ts.is_infinite()) return ts.to_string();
    const std::int64_t micros = ts.unix_micros();
    const std::int64_t seconds = floor_div(micros, 1'000'000);
    const auto fraction = static_cast<unsigned>(micros - seconds * 1'000'000);
    const std::int64_t days = floor_div(seconds, 86'400);
    const auto secs_of_day = static_cast<unsigned>(seconds - days * 86'400);
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(days, year, month, day);
    if (year < 1 || year > 9999) return ts.to_string();
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", year, month, day,
                       secs_of_day / 3600, secs_of_day / 60 % 60, secs_of_day % 60, fraction);
}

std::string format_date(const Date& date) {
    if (date.is_infinite()) return date.to_string();
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(date.unix_days(), year, month, day);
    if (year < 1 || year > 9999) return date.to_string();
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string format_array(const Value& value) {
    auto same = [](const auto& v) { return nlohmann::json(v); };
    return std::visit(
        Overloaded{
            [&](const std::vector<bool>& v) {
                nlohmann::json out = nlohmann::json::array();
                for (bool b : v) out.push_back(b);
                return out.dump();
            },
            [&](const std::vector<std::int16_t>& v) { return json_array(v, same); },
            [&](const std::vector<std::int32_t>& v) { return json_array(v, same); },
            [&](const std::vector<std::int64_t>& v) { return json_array(v, same); },
            [&](const std::vector<float>& v) {
                return json_array(v, [](float f) { return json_double(static_cast<double>(f)); });
            },
            [&](const std::vector<double>& v) { return json_array(v, json_double); },
            [&](const std::vector<std::string>& v) { return json_array(v, same); },
            [&](const std::vector<Uuid>& v) {
                return json_array(v, [](const Uuid& u) { return nlohmann::json(u.to_string()); });
            },
            [&](const std::vector<Timestamptz>& v) {
                return json_array(
                    v, [](const Timestamptz& t) { return nlohmann::json(format_timestamp(t)); });
            },
            [&](const std::vector<Date>& v) {
                return json_array(v, [](const Date& d) { return nlohmann::json(format_date(d)); });
            },
            [&](const std::vector<Numeric>& v) {
                return json_array(v,
                                  [](const Numeric& n) { return nlohmann::json(n.to_string()); });
            },
            [&](const auto&) -> std::string {
                throw UsageError("format_array called with a scalar value");
            },
        },
        value);
}

ParamMap build_param_map(sqlite3_stmt* stmt, std::string_view sql) {
    ParamMap map;
    const int count = sqlite3_bind_parameter_count(stmt);
    map.slot_to_param.reserve(static_cast<std::size_t>(count));
    for (int slot = 1; slot <= count; ++slot) {
        const char* name = sqlite3_bind_parameter_name(stmt, slot);
        std::uint32_t number = static_cast<std::uint32_t>(slot);
        if (name != nullptr) {
            std::string_view n(name);
            std::string_view digits = n.substr(1);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
            if ((n[0] != '$' && n[0] != '?') || ec != std::errc{} ||
                end != digits.data() + digits.size() || number == 0) {
                throw UsageError(fmt::format(
                    "parameter '{}' is not supported: use $1, $2, ... (or ?) in: {}", n, sql));
            }
        }
        map.slot_to_param.push_back(number - 1);
        map.expected = std::max<std::size_t>(map.expected, number);
    }
    return map;
}

void bind_params(sqlite3_stmt* stmt, const ParamMap& map, std::span<const Value> params,
                 std::string_view sql) {
    if (params.size() != map.expected) {
        throw UsageError(fmt::format("the statement expects {} parameter(s) but {} were given: {}",
                                     map.expected, params.size(), sql));
    }
    for (std::size_t i = 0; i < map.slot_to_param.size(); ++i) {
        const int slot = static_cast<int>(i + 1);
        int rc = bind_one(stmt, slot, params[map.slot_to_param[i]]);
        if (rc != SQLITE_OK) bind_failed(stmt, rc, i + 1, sql);
    }
}

std::string describe_value(const Value& value) {
    return std::visit(Overloaded{
                          [](std::monostate) -> std::string { return "NULL"; },
                          [](bool v) -> std::string { return v ? "true" : "false"; },
                          [](std::int16_t v) { return fmt::format("{}", v); },
                          [](std::int32_t v) { return fmt::format("{}", v); },
                          [](std::int64_t v) { return fmt::format("{}", v); },
                          [](float v) { return fmt::format("{}", v); },
                          [](double v) { return fmt::format("{}", v); },
                          [](const std::string& v) { return fmt::format("'{}'", v); },
                          [](const Bytes& v) { return fmt::format("<{} bytes>", v.size()); },
                          [](const Timestamptz& v) { return format_timestamp(v); },
                          [](const Date& v) { return format_date(v); },
                          [](const Uuid& v) { return v.to_string(); },
                          [](const Json& v) { return v.dump(); },
                          [](const Numeric& v) { return v.to_string(); },
                          [&](const auto&) { return format_array(value); },
                      },
                      value);
}

}  // namespace strata::driver::sqlite
