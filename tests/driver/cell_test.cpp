// Decoder<T> over hand-built cells: SQLite storage classes, PostgreSQL binary edge cases.
#include <gtest/gtest.h>

#include "driver/pg/pg_codec.hpp"
#include "strata/driver/cell.hpp"
#include "strata/driver/result.hpp"

namespace strata::driver {
namespace {

Cell integer(std::int64_t i) {
    Cell c;
    c.kind = Cell::Kind::integer;
    c.i = i;
    return c;
}
Cell text(std::string_view s) {
    Cell c;
    c.kind = Cell::Kind::text;
    c.data = s;
    return c;
}
Cell blob(std::string_view s) {
    Cell c;
    c.kind = Cell::Kind::blob;
    c.data = s;
    return c;
}

TEST(SqliteCells, IntegersDecodeWithRangeChecks) {
    EXPECT_EQ(Decoder<std::int64_t>::decode(integer(INT64_MAX)), INT64_MAX);
    EXPECT_EQ(Decoder<std::int16_t>::decode(integer(-5)), -5);
    EXPECT_THROW(Decoder<std::int16_t>::decode(integer(70'000)), DecodeError);
    EXPECT_TRUE(Decoder<bool>::decode(integer(1)));
    EXPECT_FALSE(Decoder<bool>::decode(integer(0)));
    EXPECT_THROW(Decoder<bool>::decode(integer(2)), DecodeError);
}

TEST(SqliteCells, TextStoredValuesDecodeIntoStrataTypes) {
    EXPECT_EQ(Decoder<Timestamptz>::decode(text("1970-01-01T00:00:01Z")), Timestamptz(1'000'000));
    EXPECT_EQ(Decoder<Date>::decode(text("1970-01-03")), Date(2));
    EXPECT_EQ(Decoder<Numeric>::decode(text("-1.50")).to_string(), "-1.50");
    EXPECT_EQ(Decoder<Json>::decode(text("{\"a\":1}")), Json(nlohmann::json{{"a", 1}}));
    const auto u = Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT_EQ(Decoder<Uuid>::decode(text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")), u);
    EXPECT_EQ(Decoder<Uuid>::decode(
                  blob(std::string_view(reinterpret_cast<const char*>(u.bytes().data()), 16))),
              u);
    EXPECT_THROW(Decoder<Uuid>::decode(blob("short")), DecodeError);
    EXPECT_THROW(Decoder<Timestamptz>::decode(text("yesterday")), DecodeError);
    EXPECT_EQ(Decoder<std::vector<std::int64_t>>::decode(text("[1,2,3]")),
              (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(SqliteCells, TypeNamesAreReadable) {
    EXPECT_EQ(cell_type_name(integer(1)), "sqlite INTEGER");
    EXPECT_EQ(cell_type_name(blob("")), "sqlite BLOB");
    EXPECT_EQ(type_name<std::int64_t>(), "int64");
    EXPECT_EQ(readable_type_name<std::optional<Uuid>>(), "std::optional<Uuid>");
}

TEST(PgBinaryNumeric, DecodesWeightsAndScales) {
    // 12345.678: digits [1, 2345, 6780], weight 1, dscale 3
    const unsigned char v[] = {0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C};
    EXPECT_EQ(
        pg::numeric_binary_to_text(std::string_view(reinterpret_cast<const char*>(v), sizeof v)),
        "12345.678");
    // 0.0001: digits [1], weight -1, dscale 4
    const unsigned char w[] = {0, 1, 0xFF, 0xFF, 0, 0, 0, 4, 0, 1};
    EXPECT_EQ(
        pg::numeric_binary_to_text(std::string_view(reinterpret_cast<const char*>(w), sizeof w)),
        "0.0001");
    EXPECT_THROW(pg::numeric_binary_to_text("abc"), DecodeError);
}

}  // namespace
}  // namespace strata::driver
