// Every decoding path gives what Row::get<T>(i) gives: RowCells (the generated decoders' path),
// Result::as<T>(), Row::as<T>() and for_each_row, for every value type, NULLs included.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"

namespace strata::driver::testing {

/// One row of every type strata decodes (the optional members: the NULL row leaves them empty).
struct EveryType {
    std::int64_t id = 0;
    std::optional<std::int16_t> i2;
    std::optional<std::int32_t> i4;
    std::optional<std::int64_t> i8;
    std::optional<float> f4;
    std::optional<double> f8;
    std::optional<bool> flag;
    std::optional<std::string> text;
    std::optional<Bytes> bytes;
    std::optional<Timestamptz> at;
    std::optional<Date> day;
    std::optional<Uuid> ref;
    std::optional<Json> doc;
    std::optional<Numeric> amount;
    std::optional<std::vector<std::int64_t>> ints;
    std::optional<std::vector<std::string>> words;
    std::optional<std::vector<Timestamptz>> stamps;
    std::optional<std::vector<Numeric>> amounts;
};

}  // namespace strata::driver::testing

template <>
struct strata::driver::RowMapping<strata::driver::testing::EveryType> {
    using E = strata::driver::testing::EveryType;
    static constexpr auto fields = std::make_tuple(
        field("id", &E::id), field("i2", &E::i2), field("i4", &E::i4), field("i8", &E::i8),
        field("f4", &E::f4), field("f8", &E::f8), field("flag", &E::flag), field("text", &E::text),
        field("bytes", &E::bytes), field("at", &E::at), field("day", &E::day),
        field("ref", &E::ref), field("doc", &E::doc), field("amount", &E::amount),
        field("ints", &E::ints), field("words", &E::words), field("stamps", &E::stamps),
        field("amounts", &E::amounts));
};

namespace strata::driver::testing {

inline constexpr std::size_t kEveryTypeColumns = 18;

/// The values of row 1; row 2 is all NULL but its id.
inline EveryType every_type_values() {
    EveryType e;
    e.id = 1;
    e.i2 = std::int16_t{-32768};
    e.i4 = std::int32_t{2'147'483'647};
    e.i8 = std::int64_t{-9'000'000'000};
    e.f4 = 0.25F;
    e.f8 = -1.5;
    e.flag = true;
    e.text = "Zoë ✓ item number 12345";
    e.bytes = Bytes(std::string("\0\xff\x01", 3));
    e.at = Timestamptz(1'704'164'645'123'456);  // 2024-01-02T03:04:05.123456Z
    e.day = Date::parse("2024-02-29");
    e.ref = Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    e.doc = Json(nlohmann::json{{"a", 1}, {"b", {true, nullptr}}});
    e.amount = Numeric("123456789012345678901234567890.123456789");
    e.ints = std::vector<std::int64_t>{1, -2, 9'000'000'000};
    e.words = std::vector<std::string>{"a", "", "with \"quotes\", commas"};
    e.stamps = std::vector<Timestamptz>{Timestamptz(0), Timestamptz::infinity()};
    e.amounts = std::vector<Numeric>{Numeric("-0.50"), Numeric("0.001")};
    return e;
}

/// Creates table every_type (numeric_type and array_type: the declared types for numeric and
/// arrays on this backend) with the values row and a NULL row, id 1 and 2.
inline void create_every_type(Connection& c, std::string_view numeric_type,
                              std::string_view array_type, std::string_view bytes_type) {
    const std::string n(numeric_type), a(array_type), b(bytes_type);
    c.execute_script(
        "CREATE TABLE every_type (id bigint PRIMARY KEY, i2 smallint, i4 integer, "
        "i8 bigint, f4 real, f8 double precision, flag boolean, text text, bytes " +
        b + ", at timestamptz, day date, ref uuid, doc jsonb, amount " + n + ", ints " +
        (a.empty() ? "bigint[]" : a) + ", words " + (a.empty() ? "text[]" : a) + ", stamps " +
        (a.empty() ? "timestamptz[]" : a) + ", amounts " + (a.empty() ? "numeric[]" : a) + ")");
    const EveryType e = every_type_values();
    c.query(
        "INSERT INTO every_type VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18)",
        e.id, *e.i2, *e.i4, *e.i8, *e.f4, *e.f8, *e.flag, *e.text, *e.bytes, *e.at, *e.day, *e.ref,
        *e.doc, *e.amount, *e.ints, *e.words, *e.stamps, *e.amounts);
    c.query("INSERT INTO every_type (id) VALUES ($1)", std::int64_t{2});
}

inline constexpr const char* kSelectEveryType =
    "SELECT id, i2, i4, i8, f4, f8, flag, text, bytes, at, day, ref, doc, amount, ints, words, "
    "stamps, amounts FROM every_type ORDER BY id";

/// Numeric compares by value text (Numeric has no operator==).
inline std::optional<std::string> text_of(const std::optional<Numeric>& n) {
    if (!n) return std::nullopt;
    return n->to_string();
}
inline std::optional<std::vector<std::string>> text_of(
    const std::optional<std::vector<Numeric>>& v) {
    if (!v) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& n : *v) out.push_back(n.to_string());
    return out;
}

/// e read through RowCells (get and read), as each member's Row::get<T>(i) reads it.
inline EveryType read_with_row_cells(const Row& row) {
    const RowCells<kEveryTypeColumns> cells(row);
    EveryType e;
    e.id = cells.get<std::int64_t>(0);
    cells.read(1, e.i2);
    e.i4 = cells.get<std::optional<std::int32_t>>(2);
    cells.read(3, e.i8);
    e.f4 = cells.get<std::optional<float>>(4);
    cells.read(5, e.f8);
    e.flag = cells.get<std::optional<bool>>(6);
    cells.read(7, e.text);
    e.bytes = cells.get<std::optional<Bytes>>(8);
    cells.read(9, e.at);
    e.day = cells.get<std::optional<Date>>(10);
    cells.read(11, e.ref);
    e.doc = cells.get<std::optional<Json>>(12);
    cells.read(13, e.amount);
    e.ints = cells.get<std::optional<std::vector<std::int64_t>>>(14);
    cells.read(15, e.words);
    e.stamps = cells.get<std::optional<std::vector<Timestamptz>>>(16);
    cells.read(17, e.amounts);
    return e;
}

/// The same row through Row::get<T>(i), cell by cell (the reference).
inline EveryType read_with_get(const Row& row) {
    EveryType e;
    e.id = row.get<std::int64_t>(0);
    e.i2 = row.get<std::optional<std::int16_t>>(1);
    e.i4 = row.get<std::optional<std::int32_t>>(2);
    e.i8 = row.get<std::optional<std::int64_t>>(3);
    e.f4 = row.get<std::optional<float>>(4);
    e.f8 = row.get<std::optional<double>>(5);
    e.flag = row.get<std::optional<bool>>(6);
    e.text = row.get<std::optional<std::string>>(7);
    e.bytes = row.get<std::optional<Bytes>>(8);
    e.at = row.get<std::optional<Timestamptz>>(9);
    e.day = row.get<std::optional<Date>>(10);
    e.ref = row.get<std::optional<Uuid>>(11);
    e.doc = row.get<std::optional<Json>>(12);
    e.amount = row.get<std::optional<Numeric>>(13);
    e.ints = row.get<std::optional<std::vector<std::int64_t>>>(14);
    e.words = row.get<std::optional<std::vector<std::string>>>(15);
    e.stamps = row.get<std::optional<std::vector<Timestamptz>>>(16);
    e.amounts = row.get<std::optional<std::vector<Numeric>>>(17);
    return e;
}

inline void expect_same_values(const EveryType& got, const EveryType& want,
                               const std::string& how) {
    EXPECT_EQ(got.id, want.id) << how;
    EXPECT_EQ(got.i2, want.i2) << how;
    EXPECT_EQ(got.i4, want.i4) << how;
    EXPECT_EQ(got.i8, want.i8) << how;
    EXPECT_EQ(got.f4, want.f4) << how;
    EXPECT_EQ(got.f8, want.f8) << how;
    EXPECT_EQ(got.flag, want.flag) << how;
    EXPECT_EQ(got.text, want.text) << how;
    EXPECT_EQ(got.bytes, want.bytes) << how;
    EXPECT_EQ(got.at, want.at) << how;
    EXPECT_EQ(got.day, want.day) << how;
    EXPECT_EQ(got.ref, want.ref) << how;
    EXPECT_EQ(got.doc, want.doc) << how;
    EXPECT_EQ(text_of(got.amount), text_of(want.amount)) << how;
    EXPECT_EQ(got.ints, want.ints) << how;
    EXPECT_EQ(got.words, want.words) << how;
    EXPECT_EQ(got.stamps, want.stamps) << how;
    EXPECT_EQ(text_of(got.amounts), text_of(want.amounts)) << how;
}

/// Every path decodes both rows of result (values, then NULLs) to the expected values.
inline void expect_every_path_decodes(const Result& result, const std::string& how) {
    ASSERT_EQ(result.size(), 2U) << how;
    EveryType null_row;
    null_row.id = 2;
    const EveryType want[] = {every_type_values(), null_row};
    const auto mapped = result.as<EveryType>();
    for (std::size_t r = 0; r < 2; ++r) {
        const std::string at = how + ", row " + std::to_string(r + 1);
        expect_same_values(read_with_get(result[r]), want[r], at + ", Row::get");
        expect_same_values(read_with_row_cells(result[r]), want[r], at + ", RowCells");
        expect_same_values(result[r].as<EveryType>(), want[r], at + ", Row::as");
        expect_same_values(mapped[r], want[r], at + ", Result::as");
    }
}

/// The same through for_each_row (one row at a time).
inline void expect_streamed_rows_decode(Connection& c) {
    std::vector<EveryType> cells, gets, mapped;
    const auto n = c.for_each_row(kSelectEveryType, {}, [&](const Row& row) {
        cells.push_back(read_with_row_cells(row));
        gets.push_back(read_with_get(row));
        mapped.push_back(row.as<EveryType>());
    });
    ASSERT_EQ(n, 2U);
    EveryType null_row;
    null_row.id = 2;
    const EveryType want[] = {every_type_values(), null_row};
    for (std::size_t r = 0; r < 2; ++r) {
        expect_same_values(gets[r], want[r], "for_each_row, Row::get");
        expect_same_values(cells[r], want[r], "for_each_row, RowCells");
        expect_same_values(mapped[r], want[r], "for_each_row, Row::as");
    }
}

/// The message of the DecodeError fn throws ("" when it throws none).
template <class Fn>
std::string decode_error_of(Fn&& fn) {
    try {
        fn();
    } catch (const DecodeError& e) {
        return e.what();
    }
    return "";
}

}  // namespace strata::driver::testing
