// PostgreSQL parameter and result types: round trips in binary and text formats, decode errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "driver/pg_test_support.hpp"

namespace strata::driver {
namespace {

using pgtest::connect_fresh;

/// Runs `SELECT $1::type` prepared (binary results), unnamed twice (text, then the learned
/// binary format), and with an interval column beside it (forcing text results).
template <class T>
void expect_round_trip(Connection& c, const T& value, std::string_view type) {
    const std::string sql = fmt::format("SELECT $1::{} AS v", type);
    const Value params[] = {to_value(value)};
    EXPECT_EQ(c.execute(sql, params).template scalar<T>(), value) << type << " prepared/binary";
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(c.execute(sql, params, {.timeout = {}, .prepare = false}).template scalar<T>(),
                  value)
            << type << " unnamed pass " << i;
    }
    const std::string text_sql = fmt::format("SELECT $1::{} AS v, '1 day'::interval AS i", type);
    auto r = c.execute(text_sql, params);
    ASSERT_EQ(r.cell(0, 0).kind, Cell::Kind::pg_text) << type;
    EXPECT_EQ(r[0].template get<T>(0), value) << type << " text";
    EXPECT_EQ(r[0].template get<T>("v"), value) << type << " by name";
}

TEST(PgTypes, IntegersRoundTripIncludingExtremes) {
    auto c = connect_fresh();
    expect_round_trip<std::int16_t>(c, std::numeric_limits<std::int16_t>::min(), "int2");
    expect_round_trip<std::int32_t>(c, std::numeric_limits<std::int32_t>::max(), "int4");
    expect_round_trip<std::int64_t>(c, std::numeric_limits<std::int64_t>::max(), "int8");
    expect_round_trip<std::int64_t>(c, std::numeric_limits<std::int64_t>::min(), "int8");
    expect_round_trip<bool>(c, true, "bool");
    expect_round_trip<bool>(c, false, "bool");
}

TEST(PgTypes, FloatsRoundTripIncludingInfinityAndNaN) {
    auto c = connect_fresh();
    expect_round_trip<double>(c, 1.0 / 3.0, "float8");
    expect_round_trip<double>(c, -std::numeric_limits<double>::infinity(), "float8");
    expect_round_trip<float>(c, 2.5f, "float4");
    const Value nan[] = {std::numeric_limits<double>::quiet_NaN()};
    EXPECT_TRUE(std::isnan(c.execute("SELECT $1::float8", nan).scalar<double>()));
    EXPECT_TRUE(std::isnan(c.execute("SELECT 'NaN'::float8, '1 day'::interval")[0].get<double>(0)));
}

TEST(PgTypes, TextRoundTripsEmptyAndUnicode) {
    auto c = connect_fresh();
    expect_round_trip<std::string>(c, "", "text");
    expect_round_trip<std::string>(c, "héllo wörld ✓ 🐘", "text");
    expect_round_trip<std::string>(c, "abc  ", "varchar");
    EXPECT_EQ(c.query("SELECT 'x'::name").scalar<std::string>(), "x");
}

TEST(PgTypes, BytesRoundTripIncludingZeroBytes) {
    auto c = connect_fresh();
    expect_round_trip<Bytes>(c, Bytes(std::string_view("\0\x01\xff abc", 7)), "bytea");
    expect_round_trip<Bytes>(c, Bytes(), "bytea");
}

TEST(PgTypes, TimestamptzRoundTripsIncludingInfinityAndBeforeEpoch) {
    auto c = connect_fresh();
    expect_round_trip(c, Timestamptz(1'700'000'000'123'456), "timestamptz");
    expect_round_trip(c, Timestamptz(-62'000'000'000'000'000), "timestamptz");
    expect_round_trip(c, Timestamptz::infinity(), "timestamptz");
    expect_round_trip(c, Timestamptz::minus_infinity(), "timestamptz");
    EXPECT_EQ(c.query("SELECT '2000-01-01 00:00:00+00'::timestamptz").scalar<Timestamptz>(),
              Timestamptz(946'684'800'000'000));
}

TEST(PgTypes, DatesRoundTripIncludingNegativeAndInfinity) {
    auto c = connect_fresh();
    expect_round_trip(c, Date(19'000), "date");
    expect_round_trip(c, Date(-800'000), "date");
    expect_round_trip(c, Date::infinity(), "date");
    expect_round_trip(c, Date::minus_infinity(), "date");
    EXPECT_EQ(c.query("SELECT '1970-01-02'::date").scalar<Date>(), Date(1));
}

TEST(PgTypes, UuidJsonRoundTrip) {
    auto c = connect_fresh();
    expect_round_trip(c, Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid");
    expect_round_trip(c, Json(nlohmann::json{{"a", 1}, {"b", {true, nullptr, "ü"}}}), "jsonb");
    expect_round_trip(c, Json(nlohmann::json::array()), "json");
    EXPECT_EQ(c.query("SELECT '{\"k\": 2}'::jsonb").scalar<std::string>(), "{\"k\": 2}");
}

TEST(PgTypes, NumericsRoundTripExactly) {
    auto c = connect_fresh();
    std::string big(1000, '7');
    expect_round_trip(c, Numeric(big), "numeric");
    expect_round_trip(c, Numeric("-" + big + "." + std::string(300, '1')), "numeric");
    expect_round_trip(c, Numeric("0.000000000001"), "numeric");
    expect_round_trip(c, Numeric("-12.3400"), "numeric");
    expect_round_trip(c, Numeric("10000.0001"), "numeric");
    expect_round_trip(c, Numeric("0"), "numeric");
    expect_round_trip(c, Numeric("NaN"), "numeric");
    // Negative scale: the server rounds to hundreds and reports no fraction digits.
    EXPECT_EQ(c.query("SELECT 123456::numeric(10,-2)").scalar<Numeric>().to_string(), "123500");
    EXPECT_EQ(c.query("SELECT 'Infinity'::numeric").scalar<Numeric>().to_string(), "Infinity");
}

TEST(PgTypes, ArraysRoundTripInBinaryAndText) {
    auto c = connect_fresh();
    expect_round_trip(c, std::vector<std::int64_t>{1, -2, std::numeric_limits<std::int64_t>::max()},
                      "int8[]");
    expect_round_trip(c, std::vector<std::int32_t>{}, "int4[]");
    expect_round_trip(c, std::vector<bool>{true, false}, "bool[]");
    expect_round_trip(c, std::vector<double>{1.5, -0.25}, "float8[]");
    expect_round_trip(c, std::vector<std::string>{"a", "", "with \"quote\", comma", "NULL", "ü"},
                      "text[]");
    expect_round_trip(c, std::vector<Uuid>{Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")},
                      "uuid[]");
    expect_round_trip(c, std::vector<Timestamptz>{Timestamptz(0), Timestamptz::infinity()},
                      "timestamptz[]");
    expect_round_trip(c, std::vector<Date>{Date(1), Date(-1)}, "date[]");
    expect_round_trip(c, std::vector<Numeric>{Numeric("1.50"), Numeric("-3")}, "numeric[]");
}

TEST(PgTypes, NullsDecodeIntoOptionalAndRefuseOtherwise) {
    auto c = connect_fresh();
    const Value null[] = {std::monostate{}};
    auto r = c.execute("SELECT $1::int8 AS n", null);
    EXPECT_TRUE(r[0].is_null(0));
    EXPECT_EQ(r.scalar<std::optional<std::int64_t>>(), std::nullopt);
    EXPECT_EQ(c.query("SELECT $1::text", std::optional<std::string>{})
                  .scalar<std::optional<std::string>>(),
              std::nullopt);
    try {
        (void)r.scalar<std::int64_t>();
        FAIL() << "decoding NULL into int64 must throw";
    } catch (const DecodeError& e) {
        EXPECT_NE(std::string(e.what()).find("\"n\""), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("std::optional"), std::string::npos) << e.what();
    }
}

TEST(PgTypes, DecodeErrorNamesColumnAndBothTypes) {
    auto c = connect_fresh();
    try {
        (void)c.query("SELECT 'x'::text AS title").scalar<std::int64_t>();
        FAIL();
    } catch (const DecodeError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("\"title\""), std::string::npos) << m;
        EXPECT_NE(m.find("text"), std::string::npos) << m;
        EXPECT_NE(m.find("int64"), std::string::npos) << m;
    }
    try {
        (void)c.query("SELECT 70000::int4 AS big").scalar<std::int16_t>();
        FAIL();
    } catch (const DecodeError& e) {
        EXPECT_NE(std::string(e.what()).find("70000"), std::string::npos) << e.what();
    }
}

TEST(PgTypes, TimestampWithoutTimeZoneIsRefusedWithAdvice) {
    auto c = connect_fresh();
    for (const char* sql : {"SELECT now()::timestamp AS t", "SELECT ARRAY[now()::timestamp] AS t",
                            "SELECT now()::timestamp AS t, '1 day'::interval"}) {
        try {
            (void)c.query(sql)[0].get<Timestamptz>(0);
            FAIL() << sql;
        } catch (const DecodeError& e) {
            EXPECT_NE(std::string(e.what()).find("timestamptz"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("timestamp without time zone"), std::string::npos);
        }
    }
    EXPECT_THROW((void)c.query("SELECT ARRAY[now()::timestamp]").scalar<std::vector<Timestamptz>>(),
                 DecodeError);
}

struct Item {
    std::int64_t id = 0;
    std::string title;
    std::optional<Timestamptz> done_at;
    std::vector<std::string> tags;
};

}  // namespace

template <>
struct RowMapping<Item> {
    static constexpr auto fields =
        std::make_tuple(field("id", &Item::id), field("title", &Item::title),
                        field("done_at", &Item::done_at), field("tags", &Item::tags));
};

namespace {

TEST(PgTypes, RowsDecodeIntoMappedStructsTuplesAndByName) {
    auto c = connect_fresh();
    c.execute_script(
        "CREATE TABLE item (id bigint PRIMARY KEY, title text NOT NULL, done_at timestamptz, "
        "tags text[] NOT NULL DEFAULT '{}');"
        "INSERT INTO item VALUES (1, 'a', NULL, '{x,y}'), (2, 'b', '2024-01-01Z', '{}');");
    auto items = c.query("SELECT tags, done_at, title, id FROM item ORDER BY id").as<Item>();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].title, "a");
    EXPECT_EQ(items[0].done_at, std::nullopt);
    EXPECT_EQ(items[0].tags, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(items[1].id, 2);
    EXPECT_TRUE(items[1].done_at.has_value());
    auto one = c.query("SELECT * FROM item WHERE id = $1", std::int64_t{2}).one_or_none<Item>();
    ASSERT_TRUE(one);
    EXPECT_EQ(one->title, "b");
    auto [id, title] =
        c.query("SELECT id, title FROM item WHERE id = 1")[0].as_tuple<std::int64_t, std::string>();
    EXPECT_EQ(id, 1);
    EXPECT_EQ(title, "a");
    EXPECT_THROW((void)c.query("SELECT id FROM item").as<Item>(), DecodeError);
    EXPECT_THROW((void)c.query("SELECT id FROM item")[0].get<std::int64_t>("nope"), DecodeError);
}

}  // namespace
}  // namespace strata::driver

namespace strata::driver {
namespace {

TEST(PgTextParameter, WithANulByteIsRefusedInsteadOfTruncated) {
    auto conn = Connection::open(strata::testing::fresh_database_url("nul"));
    try {
        (void)conn.query("SELECT $1::text", std::string("abc\0def", 7));
        FAIL() << "a NUL byte in a text parameter was accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("parameter $1"), std::string::npos) << e.what();
    }
    // The connection stays usable, and bytea carries NUL bytes exactly.
    EXPECT_EQ(conn.query("SELECT length($1::bytea)", Bytes(std::string_view("abc\0def", 7)))
                  .scalar<std::int32_t>(),
              7);
}

}  // namespace
}  // namespace strata::driver
