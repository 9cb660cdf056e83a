// Parameter and COPY field encoding (see pg_params.hpp).
#include "driver/pg/pg_params.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <limits>

#include "driver/pg/pg_types.hpp"
#include "strata/core/error.hpp"

namespace strata::driver::pg {

namespace {

constexpr std::size_t kDirect = std::numeric_limits<std::size_t>::max();

template <class... F>
struct Overload : F... {
    using F::operator()...;
};

std::int64_t to_pg_micros(const Timestamptz& t) {
    if (t == Timestamptz::infinity()) return std::numeric_limits<std::int64_t>::max();
    if (t == Timestamptz::minus_infinity()) return std::numeric_limits<std::int64_t>::min();
    std::int64_t out = 0;
    if (__builtin_sub_overflow(t.unix_micros(), kPgEpochMicros, &out)) {
        throw UsageError(fmt::format("the timestamp {} µs since 1970 is outside PostgreSQL's range",
                                     t.unix_micros()));
    }
    return out;
}

std::int32_t to_pg_days(const Date& d) {
    if (d == Date::infinity()) return std::numeric_limits<std::int32_t>::max();
    if (d == Date::minus_infinity()) return std::numeric_limits<std::int32_t>::min();
    std::int32_t out = 0;
    if (__builtin_sub_overflow(d.unix_days(), kPgEpochDays, &out)) {
        throw UsageError(fmt::format("the date {} days since 1970 is outside PostgreSQL's range",
                                     d.unix_days()));
    }
    return out;
}

void append_float8(std::string& out, double d) {
    append_be(out, std::bit_cast<std::uint64_t>(d));
}
void append_float4(std::string& out, float f) {
    append_be(out, std::bit_cast<std::uint32_t>(f));
}

/// Binary form of one array element (no length prefix).
void append_element(std::string& out, bool v) {
    out += static_cast<char>(v ? 1 : 0);
}
void append_element(std::string& out, std::int16_t v) {
    append_be(out, v);
}
void append_element(std::string& out, std::int32_t v) {
    append_be(out, v);
}
void append_element(std::string& out, std::int64_t v) {
    append_be(out, v);
}
void append_element(std::string& out, float v) {
    append_float4(out, v);
}
void append_element(std::string& out, double v) {
    append_float8(out, v);
}
void append_element(std::string& out, const std::string& v) {
    out += v;
}
void append_element(std::string& out, const Uuid& v) {
    out.append(reinterpret_cast<const char*>(v.bytes().data()), 16);
}
void append_element(std::string& out, const Timestamptz& v) {
    append_be(out, to_pg_micros(v));
}
void append_element(std::string& out, const Date& v) {
    append_be(out, to_pg_days(v));
}

template <class E>
std::uint32_t element_oid() {
    if constexpr (std::is_same_v<E, bool>)
        return oid::kBool;
    else if constexpr (std::is_same_v<E, std::int16_t>)
        return oid::kInt2;
    else if constexpr (std::is_same_v<E, std::int32_t>)
        return oid::kInt4;
    else if constexpr (std::is_same_v<E, std::int64_t>)
        return oid::kInt8;
    else if constexpr (std::is_same_v<E, float>)
        return oid::kFloat4;
    else if constexpr (std::is_same_v<E, double>)
        return oid::kFloat8;
    else if constexpr (std::is_same_v<E, std::string>)
        return oid::kText;
    else if constexpr (std::is_same_v<E, Uuid>)
        return oid::kUuid;
    else if constexpr (std::is_same_v<E, Timestamptz>)
        return oid::kTimestamptz;
    else if constexpr (std::is_same_v<E, Date>)
        return oid::kDate;
    else
        return oid::kNumeric;
}

template <class E>
void append_binary_array(std::string& out, const std::vector<E>& v) {
    append_be<std::int32_t>(out, v.empty() ? 0 : 1);
    append_be<std::int32_t>(out, 0);
    append_be<std::uint32_t>(out, element_oid<E>());
    if (v.empty()) return;
    append_be<std::int32_t>(out, static_cast<std::int32_t>(v.size()));
    append_be<std::int32_t>(out, 1);
    for (const auto& e : v) {
        const auto at = out.size();
        append_be<std::int32_t>(out, 0);
        append_element(out, static_cast<const E&>(e));
        const auto len = static_cast<std::int32_t>(out.size() - at - 4);
        for (int k = 0; k < 4; ++k)
            out[at + static_cast<std::size_t>(k)] = static_cast<char>(len >> (24 - 8 * k));
    }
}

std::string numeric_array_text(const std::vector<Numeric>& v) {
    std::string s = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += ',';
        s += v[i].to_string();
    }
    s += '}';
    return s;
}

/// Exact decimal text ("-12.340", "NaN", "Infinity") to PostgreSQL's binary numeric.
void append_numeric_binary(std::string& out, const std::string& text) {
    auto header = [&](std::int16_t nd, std::int16_t weight, std::uint16_t sign,
                      std::int16_t dscale) {
        append_be(out, nd);
        append_be(out, weight);
        append_be(out, sign);
        append_be(out, dscale);
    };
    if (text == "NaN") return header(0, 0, 0xC000, 0);
    if (text == "Infinity") return header(0, 0, 0xD000, 0);
    if (text == "-Infinity") return header(0, 0, 0xF000, 0);
    std::string_view s = text;
    const bool neg = !s.empty() && s[0] == '-';
    if (neg || (!s.empty() && s[0] == '+')) s.remove_prefix(1);
    const auto dot = s.find('.');
    std::string_view ip = s.substr(0, dot);
    std::string_view fp = dot == s.npos ? std::string_view() : s.substr(dot + 1);
    while (ip.size() > 1 && ip[0] == '0') ip.remove_prefix(1);
    // Pad the integer part on the left and the fraction on the right to multiples of 4.
    std::string digits((4 - ip.size() % 4) % 4, '0');
    digits += ip;
    const auto int_groups = static_cast<std::int32_t>(digits.size() / 4);
    digits += fp;
    digits.append((4 - fp.size() % 4) % 4, '0');
    std::vector<std::int16_t> groups;
    for (std::size_t i = 0; i < digits.size(); i += 4) {
        groups.push_back(static_cast<std::int16_t>(std::stoi(digits.substr(i, 4))));
    }
    std::int32_t weight = int_groups - 1;
    std::size_t first = 0;
    while (first < groups.size() && groups[first] == 0) {
        ++first;
        --weight;
    }
    std::size_t last = groups.size();
    while (last > first && groups[last - 1] == 0) --last;
    if (first == last) weight = 0;
    header(static_cast<std::int16_t>(last - first), static_cast<std::int16_t>(weight),
           neg ? 0x4000 : 0x0000, static_cast<std::int16_t>(fp.size()));
    for (std::size_t i = first; i < last; ++i) append_be(out, groups[i]);
}

std::int64_t value_as_int(const Value& v) {
    if (auto* p = std::get_if<std::int16_t>(&v)) return *p;
    if (auto* p = std::get_if<std::int32_t>(&v)) return *p;
    if (auto* p = std::get_if<std::int64_t>(&v)) return *p;
    throw UsageError("not an integer");
}

}  // namespace

std::uint32_t param_oid(const Value& value) {
    return std::visit(
        Overload{[](std::monostate) -> std::uint32_t { return 0; },
                 [](bool) -> std::uint32_t { return oid::kBool; },
                 [](std::int16_t) -> std::uint32_t { return oid::kInt2; },
                 [](std::int32_t) -> std::uint32_t { return oid::kInt4; },
                 [](std::int64_t) -> std::uint32_t { return oid::kInt8; },
                 [](float) -> std::uint32_t { return oid::kFloat4; },
                 [](double) -> std::uint32_t { return oid::kFloat8; },
                 [](const std::string&) -> std::uint32_t { return 0; },
                 [](const Bytes&) -> std::uint32_t { return oid::kBytea; },
                 [](const Timestamptz&) -> std::uint32_t { return oid::kTimestamptz; },
                 [](const Date&) -> std::uint32_t { return oid::kDate; },
                 [](const Uuid&) -> std::uint32_t { return oid::kUuid; },
                 [](const Json&) -> std::uint32_t { return oid::kJsonb; },
                 [](const Numeric&) -> std::uint32_t { return oid::kNumeric; },
                 []<class E>(const std::vector<E>&) -> std::uint32_t {
                     return array_of(element_oid<E>());
                 }},
        value);
}

void ParamBuffer::encode(std::span<const Value> params) {
    const std::size_t n = params.size();
    types_.resize(n);
    values_.resize(n);
    lengths_.resize(n);
    formats_.resize(n);
    offsets_.resize(n);
    scratch_.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const Value& v = params[i];
        types_[i] = param_oid(v);
        formats_[i] = 1;
        offsets_[i] = scratch_.size();
        values_[i] = nullptr;
        std::visit(
            Overload{[&](std::monostate) { offsets_[i] = kDirect; },
                     [&](bool b) { scratch_ += static_cast<char>(b ? 1 : 0); },
                     [&](std::int16_t x) { append_be(scratch_, x); },
                     [&](std::int32_t x) { append_be(scratch_, x); },
                     [&](std::int64_t x) { append_be(scratch_, x); },
                     [&](float x) { append_float4(scratch_, x); },
                     [&](double x) { append_float8(scratch_, x); },
                     [&](const std::string& s) {
                         // Text-format parameters travel NUL-terminated: a NUL would silently cut
                         // the value, and PostgreSQL text cannot hold one anyway.
                         if (s.find('\0') != std::string::npos) {
                             throw UsageError(fmt::format(
                                 "parameter ${}: the text contains a NUL byte, which PostgreSQL "
                                 "text cannot hold; bind binary data as strata::Bytes",
                                 i + 1));
                         }
                         offsets_[i] = kDirect;
                         values_[i] = s.c_str();
                         lengths_[i] = static_cast<int>(s.size());
                         formats_[i] = 0;
                     },
                     [&](const Bytes& b) {
                         offsets_[i] = kDirect;
                         values_[i] = b.size() ? b.view().data() : "";
                         lengths_[i] = static_cast<int>(b.size());
                     },
                     [&](const Timestamptz& t) { append_be(scratch_, to_pg_micros(t)); },
                     [&](const Date& d) { append_be(scratch_, to_pg_days(d)); },
                     [&](const Uuid& u) { append_element(scratch_, u); },
                     [&](const Json& j) {
                         scratch_ += j.dump();
                         scratch_ += '\0';
                         formats_[i] = 0;
                     },
                     [&](const Numeric& x) {
                         offsets_[i] = kDirect;
                         values_[i] = x.to_string().c_str();
                         lengths_[i] = static_cast<int>(x.to_string().size());
                         formats_[i] = 0;
                     },
                     [&](const std::vector<Numeric>& a) {
                         scratch_ += numeric_array_text(a);
                         scratch_ += '\0';
                         formats_[i] = 0;
                     },
                     [&]<class E>(const std::vector<E>& a) { append_binary_array(scratch_, a); }},
            v);
        if (offsets_[i] != kDirect) {
            lengths_[i] = static_cast<int>(scratch_.size() - offsets_[i]);
            if (formats_[i] == 0) --lengths_[i];  // the NUL terminator
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (offsets_[i] != kDirect) values_[i] = scratch_.data() + offsets_[i];
    }
}

void append_copy_field(const Value& value, std::uint32_t column_oid, std::string& out) {
    if (std::holds_alternative<std::monostate>(value)) {
        append_be<std::int32_t>(out, -1);
        return;
    }
    const auto at = out.size();
    append_be<std::int32_t>(out, 0);
    auto bad = [&]() {
        return UsageError(fmt::format("cannot COPY a {} value into a {} column",
                                      param_oid(value) ? type_name(param_oid(value)) : "text",
                                      type_name(column_oid)));
    };
    auto int_in_range = [&](std::int64_t x, std::int64_t lo, std::int64_t hi) {
        if (x < lo || x > hi)
            throw UsageError(
                fmt::format("the value {} does not fit a {} column", x, type_name(column_oid)));
        return x;
    };
    const bool is_int = std::holds_alternative<std::int16_t>(value) ||
                        std::holds_alternative<std::int32_t>(value) ||
                        std::holds_alternative<std::int64_t>(value);
    switch (column_oid) {
        case oid::kInt2:
        case oid::kInt4:
        case oid::kInt8: {
            if (!is_int) throw bad();
            const auto x = value_as_int(value);
            if (column_oid == oid::kInt2)
                append_be(out, static_cast<std::int16_t>(int_in_range(x, INT16_MIN, INT16_MAX)));
            else if (column_oid == oid::kInt4)
                append_be(out, static_cast<std::int32_t>(int_in_range(x, INT32_MIN, INT32_MAX)));
            else
                append_be(out, x);
            break;
        }
        case oid::kFloat4:
        case oid::kFloat8: {
            double d = 0;
            if (auto* f = std::get_if<float>(&value))
                d = *f;
            else if (auto* g = std::get_if<double>(&value))
                d = *g;
            else if (is_int)
                d = static_cast<double>(value_as_int(value));
            else
                throw bad();
            if (column_oid == oid::kFloat4)
                append_float4(out, static_cast<float>(d));
            else
                append_float8(out, d);
            break;
        }
        case oid::kNumeric:
            if (auto* x = std::get_if<Numeric>(&value))
                append_numeric_binary(out, x->to_string());
            else if (is_int)
                append_numeric_binary(out, std::to_string(value_as_int(value)));
            else
                throw bad();
            break;
        case oid::kJsonb:
        case oid::kJson: {
            if (column_oid == oid::kJsonb) out += '\1';
            if (auto* j = std::get_if<Json>(&value))
                out += j->dump();
            else if (auto* s = std::get_if<std::string>(&value))
                out += *s;
            else
                throw bad();
            break;
        }
        default:
            if (is_textual(column_oid)) {
                if (auto* s = std::get_if<std::string>(&value)) {
                    out += *s;
                    break;
                }
                throw bad();
            }
            if (param_oid(value) != column_oid) throw bad();
            // Straight into the COPY buffer: no per-cell parameter buffer.
            std::visit(
                Overload{[&](const Bytes& b) { out += b.view(); },
                         [&](bool b) { append_element(out, b); },
                         [&](const Timestamptz& t) { append_element(out, t); },
                         [&](const Date& d) { append_element(out, d); },
                         [&](const Uuid& u) { append_element(out, u); },
                         [&](const std::vector<Numeric>&) { throw bad(); },
                         [&]<class E>(const std::vector<E>& a) { append_binary_array(out, a); },
                         [&](const auto&) { throw bad(); }},
                value);
    }
    const auto len = static_cast<std::uint32_t>(out.size() - at - 4);
    for (int k = 0; k < 4; ++k)
        out[at + static_cast<std::size_t>(k)] = static_cast<char>(len >> (24 - 8 * k));
}

std::string param_for_log(const Value& value) {
    return std::visit(
        Overload{[](std::monostate) -> std::string { return "NULL"; },
                 [](bool b) -> std::string { return b ? "true" : "false"; },
                 [](const std::string& s) -> std::string {
                     return s.size() > 200
                                ? fmt::format("'{}...' ({} chars)", s.substr(0, 200), s.size())
                                : fmt::format("'{}'", s);
                 },
                 [](const Bytes& b) -> std::string { return fmt::format("<{} bytes>", b.size()); },
                 [](const Timestamptz& t) -> std::string { return t.to_string(); },
                 [](const Date& d) -> std::string { return d.to_string(); },
                 [](const Uuid& u) -> std::string { return u.to_string(); },
                 [](const Json& j) -> std::string { return j.dump(); },
                 [](const Numeric& x) -> std::string { return x.to_string(); },
                 []<class E>(const std::vector<E>& a) -> std::string {
                     return fmt::format("<array of {}>", a.size());
                 },
                 [](auto x) -> std::string { return fmt::format("{}", x); }},
        value);
}

}  // namespace strata::driver::pg
