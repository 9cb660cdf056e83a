// Decoder<T> for every Cell kind: PostgreSQL text and binary formats, SQLite storage classes.
#include "strata/driver/cell.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "driver/pg/pg_codec.hpp"
#include "driver/pg/pg_types.hpp"
#include "strata/core/error.hpp"

namespace strata::driver {

namespace oid = pg::oid;
using Kind = Cell::Kind;

std::string cell_type_name(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_text:
        case Kind::pg_binary:
            return pg::type_name(cell.type_oid);
        case Kind::integer:
            return "sqlite INTEGER";
        case Kind::real:
            return "sqlite REAL";
        case Kind::text:
            return "sqlite TEXT";
        case Kind::blob:
            return "sqlite BLOB";
        case Kind::null:
            break;
    }
    if (cell.type_oid != 0) return pg::type_name(cell.type_oid) + " NULL";
    return "NULL";
}

namespace {

bool is_pg(const Cell& c) {
    return c.kind == Kind::pg_text || c.kind == Kind::pg_binary;
}

/// The decoder cannot read this cell's type; names both types, with the no-naive-timestamps rule.
[[noreturn]] void mismatch(const Cell& cell, std::string_view wanted) {
    if (is_pg(cell) &&
        (cell.type_oid == oid::kTimestamp || cell.type_oid == oid::kTimestampArray)) {
        throw DecodeError(
            "the column is `timestamp without time zone`, which strata does not read: a naive "
            "timestamp has no defined instant. Change the column to timestamptz (ALTER TABLE ... "
            "ALTER COLUMN ... TYPE timestamptz USING ... AT TIME ZONE 'UTC') or select "
            "`col AT TIME ZONE 'UTC'`");
    }
    throw DecodeError(
        fmt::format("a {} value cannot be decoded into {}", cell_type_name(cell), wanted));
}

void expect_size(const Cell& cell, std::size_t n) {
    if (cell.data.size() != n) {
        throw DecodeError(fmt::format("malformed binary {}: {} bytes, expected {}",
                                      cell_type_name(cell), cell.data.size(), n));
    }
}

std::int64_t parse_int_text(std::string_view s, const Cell& cell) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) {
        throw DecodeError(
            fmt::format("\"{}\" ({}) is not an integer", s.substr(0, 64), cell_type_name(cell)));
    }
    return v;
}

std::int64_t as_int64(const Cell& cell, std::string_view wanted) {
    switch (cell.kind) {
        case Kind::pg_binary:
            switch (cell.type_oid) {
                case oid::kInt2:
                    expect_size(cell, 2);
                    return pg::read_be<std::int16_t>(cell.data);
                case oid::kInt4:
                    expect_size(cell, 4);
                    return pg::read_be<std::int32_t>(cell.data);
                case oid::kInt8:
                    expect_size(cell, 8);
                    return pg::read_be<std::int64_t>(cell.data);
                case oid::kOid:
                    expect_size(cell, 4);
                    return pg::read_be<std::uint32_t>(cell.data);
                default:
                    mismatch(cell, wanted);
            }
        case Kind::pg_text:
            switch (cell.type_oid) {
                case oid::kInt2:
                case oid::kInt4:
                case oid::kInt8:
                case oid::kOid:
                    return parse_int_text(cell.data, cell);
                default:
                    mismatch(cell, wanted);
            }
        case Kind::integer:
            return cell.i;
        case Kind::text:
            return parse_int_text(cell.data, cell);
        default:
            mismatch(cell, wanted);
    }
}

template <class T>
T narrow_int(const Cell& cell, std::string_view wanted) {
    const std::int64_t v = as_int64(cell, wanted);
    if (!std::in_range<T>(v)) {
        throw DecodeError(fmt::format("the value {} does not fit in {}", v, wanted));
    }
    return static_cast<T>(v);
}

double parse_double_text(std::string_view s, const Cell& cell) {
    std::string z(s);  // strtod needs a terminator; handles NaN / Infinity / -Infinity
    char* end = nullptr;
    const double d = std::strtod(z.c_str(), &end);
    if (z.empty() || end != z.c_str() + z.size()) {
        throw DecodeError(
            fmt::format("\"{}\" ({}) is not a number", s.substr(0, 64), cell_type_name(cell)));
    }
    return d;
}

double as_double(const Cell& cell, std::string_view wanted) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid == oid::kFloat8) {
                expect_size(cell, 8);
                return pg::read_float8(cell.data);
            }
            if (cell.type_oid == oid::kFloat4) {
                expect_size(cell, 4);
                return pg::read_float4(cell.data);
            }
            mismatch(cell, wanted);
        case Kind::pg_text:
            if (cell.type_oid == oid::kFloat8 || cell.type_oid == oid::kFloat4) {
                return parse_double_text(cell.data, cell);
            }
            mismatch(cell, wanted);
        case Kind::real:
            return cell.d;
        case Kind::integer:
            return static_cast<double>(cell.i);
        case Kind::text:
            return parse_double_text(cell.data, cell);
        default:
            mismatch(cell, wanted);
    }
}

/// Value-type parsers throw UsageError; inside a decoder that is a DecodeError.
template <class F>
auto parse_value(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const DecodeError&) {
        throw;
    } catch (const Error& e) {
        throw DecodeError(e.what());
    }
}

Timestamptz timestamptz_from_pg_micros(std::int64_t pg_micros) {
    if (pg_micros == std::numeric_limits<std::int64_t>::max()) return Timestamptz::infinity();
    if (pg_micros == std::numeric_limits<std::int64_t>::min()) return Timestamptz::minus_infinity();
    return Timestamptz(pg_micros + pg::kPgEpochMicros);  // PostgreSQL's range cannot overflow
}

Date date_from_pg_days(std::int32_t pg_days) {
    if (pg_days == std::numeric_limits<std::int32_t>::max()) return Date::infinity();
    if (pg_days == std::numeric_limits<std::int32_t>::min()) return Date::minus_infinity();
    return Date(pg_days + pg::kPgEpochDays);
}

/// Decodes an array cell element by element through Decoder<E>.
template <class E>
std::vector<E> decode_array(const Cell& cell, std::string_view wanted) {
    std::vector<E> out;
    if (cell.kind == Kind::pg_binary && pg::array_element(cell.type_oid) != 0) {
        pg::for_each_binary_element(cell.data, [&](std::string_view bytes, std::uint32_t elem) {
            Cell e;
            e.kind = Kind::pg_binary;
            e.type_oid = elem;
            e.data = bytes;
            out.push_back(Decoder<E>::decode(e));
        });
        return out;
    }
    if (cell.kind == Kind::pg_text && pg::array_element(cell.type_oid) != 0) {
        const std::uint32_t elem = pg::array_element(cell.type_oid);
        pg::for_each_text_element(cell.data, [&](std::string_view text) {
            Cell e;
            e.kind = Kind::pg_text;
            e.type_oid = elem;
            e.data = text;
            out.push_back(Decoder<E>::decode(e));
        });
        return out;
    }
    if (cell.kind == Kind::text) {
        // SQLite stores arrays as JSON array text.
        nlohmann::json j = parse_value([&] { return Json::parse(cell.data).value; });
        if (!j.is_array()) throw DecodeError("the SQLite text is not a JSON array");
        for (const auto& item : j) {
            Cell e;
            std::string s;
            if (item.is_boolean()) {
                e.kind = Kind::integer;
                e.i = item.get<bool>() ? 1 : 0;
            } else if (item.is_number_integer()) {
                e.kind = Kind::integer;
                e.i = item.get<std::int64_t>();
            } else if (item.is_number()) {
                e.kind = Kind::real;
                e.d = item.get<double>();
            } else if (item.is_string()) {
                s = item.get<std::string>();
                e.kind = Kind::text;
                e.data = s;
            } else {
                throw DecodeError("a JSON array element is null or nested");
            }
            out.push_back(Decoder<E>::decode(e));
        }
        return out;
    }
    mismatch(cell, wanted);
}

}  // namespace

bool Decoder<bool>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid != oid::kBool) mismatch(cell, "bool");
            expect_size(cell, 1);
            return cell.data[0] != 0;
        case Kind::pg_text:
            if (cell.type_oid != oid::kBool) mismatch(cell, "bool");
            return cell.data == "t";
        case Kind::integer:
            if (cell.i != 0 && cell.i != 1) {
                throw DecodeError(fmt::format("the integer {} is not a boolean (0 or 1)", cell.i));
            }
            return cell.i == 1;
        default:
            mismatch(cell, "bool");
    }
}

std::int16_t Decoder<std::int16_t>::decode(const Cell& c) {
    return narrow_int<std::int16_t>(c, "int16");
}
std::int32_t Decoder<std::int32_t>::decode(const Cell& c) {
    return narrow_int<std::int32_t>(c, "int32");
}
std::int64_t Decoder<std::int64_t>::decode(const Cell& c) {
    return as_int64(c, "int64");
}
std::int8_t Decoder<std::int8_t>::decode(const Cell& c) {
    return narrow_int<std::int8_t>(c, "std::int8_t");
}
std::uint8_t Decoder<std::uint8_t>::decode(const Cell& c) {
    return narrow_int<std::uint8_t>(c, "std::uint8_t");
}
std::uint16_t Decoder<std::uint16_t>::decode(const Cell& c) {
    return narrow_int<std::uint16_t>(c, "std::uint16_t");
}
std::uint32_t Decoder<std::uint32_t>::decode(const Cell& c) {
    return narrow_int<std::uint32_t>(c, "std::uint32_t");
}
double Decoder<double>::decode(const Cell& c) {
    return as_double(c, "double");
}
float Decoder<float>::decode(const Cell& c) {
    return static_cast<float>(as_double(c, "float"));
}

std::string Decoder<std::string>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid == oid::kJsonb) {
                if (cell.data.empty() || cell.data[0] != 1)
                    throw DecodeError("unknown jsonb binary version");
                return std::string(cell.data.substr(1));
            }
            if (!pg::binary_decodable(cell.type_oid)) mismatch(cell, "std::string");
            [[fallthrough]];
        case Kind::pg_text:
            if (!pg::is_textual(cell.type_oid)) mismatch(cell, "std::string");
            return std::string(cell.data);
        case Kind::text:
            return std::string(cell.data);
        default:
            mismatch(cell, "std::string");
    }
}

Bytes Decoder<Bytes>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid != oid::kBytea) mismatch(cell, "Bytes");
            return Bytes(cell.data);
        case Kind::pg_text:
            if (cell.type_oid != oid::kBytea) mismatch(cell, "Bytes");
            return parse_value([&] { return Bytes::parse_pg_text(cell.data); });
        case Kind::blob:
        case Kind::text:
            return Bytes(cell.data);
        default:
            mismatch(cell, "Bytes");
    }
}

Timestamptz Decoder<Timestamptz>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid != oid::kTimestamptz) mismatch(cell, "Timestamptz");
            expect_size(cell, 8);
            return timestamptz_from_pg_micros(pg::read_be<std::int64_t>(cell.data));
        case Kind::pg_text:
            if (cell.type_oid != oid::kTimestamptz) mismatch(cell, "Timestamptz");
            [[fallthrough]];
        case Kind::text:
            return parse_value([&] { return Timestamptz::parse(cell.data); });
        default:
            mismatch(cell, "Timestamptz");
    }
}

Date Decoder<Date>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid != oid::kDate) mismatch(cell, "Date");
            expect_size(cell, 4);
            return date_from_pg_days(pg::read_be<std::int32_t>(cell.data));
        case Kind::pg_text:
            if (cell.type_oid != oid::kDate) mismatch(cell, "Date");
            [[fallthrough]];
        case Kind::text:
            return parse_value([&] { return Date::parse(cell.data); });
        default:
            mismatch(cell, "Date");
    }
}

Uuid Decoder<Uuid>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid != oid::kUuid) mismatch(cell, "Uuid");
            [[fallthrough]];
        case Kind::blob: {
            expect_size(cell, 16);
            std::array<std::uint8_t, 16> b{};
            for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(cell.data[i]);
            return Uuid(b);
        }
        case Kind::pg_text:
            if (cell.type_oid != oid::kUuid) mismatch(cell, "Uuid");
            [[fallthrough]];
        case Kind::text:
            return parse_value([&] { return Uuid::parse(cell.data); });
        default:
            mismatch(cell, "Uuid");
    }
}

Json Decoder<Json>::decode(const Cell& cell) {
    std::string_view text = cell.data;
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid == oid::kJsonb) {
                if (text.empty() || text[0] != 1) throw DecodeError("unknown jsonb binary version");
                text.remove_prefix(1);
            }
            [[fallthrough]];
        case Kind::pg_text:
            if (cell.type_oid != oid::kJson && cell.type_oid != oid::kJsonb) mismatch(cell, "Json");
            [[fallthrough]];
        case Kind::text:
            return parse_value([&] { return Json::parse(text); });
        default:
            mismatch(cell, "Json");
    }
}

Numeric Decoder<Numeric>::decode(const Cell& cell) {
    switch (cell.kind) {
        case Kind::pg_binary:
            if (cell.type_oid == oid::kNumeric) {
                return parse_value([&] { return Numeric(pg::numeric_binary_to_text(cell.data)); });
            }
            return Numeric(std::to_string(as_int64(cell, "Numeric")));
        case Kind::pg_text:
            if (cell.type_oid != oid::kNumeric)
                return Numeric(std::to_string(as_int64(cell, "Numeric")));
            [[fallthrough]];
        case Kind::text:
            return parse_value([&] { return Numeric(cell.data); });
        case Kind::integer:
            return Numeric(std::to_string(cell.i));
        default:
            mismatch(cell, "Numeric");
    }
}

// NOLINTBEGIN(bugprone-macro-parentheses): E names a type inside a template argument list
#define STRATA_ARRAY_DECODER(E, NAME)                                  \
    std::vector<E> Decoder<std::vector<E>>::decode(const Cell& cell) { \
        return decode_array<E>(cell, "std::vector<" NAME ">");         \
    }
STRATA_ARRAY_DECODER(bool, "bool")
STRATA_ARRAY_DECODER(std::int16_t, "int16")
STRATA_ARRAY_DECODER(std::int32_t, "int32")
STRATA_ARRAY_DECODER(std::int64_t, "int64")
STRATA_ARRAY_DECODER(float, "float")
STRATA_ARRAY_DECODER(double, "double")
STRATA_ARRAY_DECODER(std::string, "std::string")
STRATA_ARRAY_DECODER(Uuid, "Uuid")
STRATA_ARRAY_DECODER(Timestamptz, "Timestamptz")
STRATA_ARRAY_DECODER(Date, "Date")
STRATA_ARRAY_DECODER(Numeric, "Numeric")
#undef STRATA_ARRAY_DECODER
// NOLINTEND(bugprone-macro-parentheses)

}  // namespace strata::driver
