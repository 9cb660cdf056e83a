// Conformance: every Value type round-trips, and rows decode by index, name, struct and tuple.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "driver/conformance.hpp"

namespace strata::driver::testing {

struct ConformanceUser {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> email;
};

}  // namespace strata::driver::testing

template <>
struct strata::driver::RowMapping<strata::driver::testing::ConformanceUser> {
    using U = strata::driver::testing::ConformanceUser;
    static constexpr auto fields =
        std::make_tuple(field("id", &U::id), field("name", &U::name), field("email", &U::email));
};

namespace strata::driver::testing {

/// A table name not used before in this process (the database is fresh per test).
inline std::string next_table_name() {
    static int counter = 0;
    return "rt_" + std::to_string(++counter);
}

/// Writes v into a new column of the given type and reads it back as T.
template <class T>
T round_trip(Connection& conn, const std::string& type, const T& v) {
    const std::string table = next_table_name();
    conn.execute_script("CREATE TABLE " + table + " (v " + type + ")");
    conn.query("INSERT INTO " + table + " (v) VALUES ($1)", v);
    return conn.execute("SELECT v FROM " + table).scalar<T>();
}

TEST_P(DriverConformance, RoundTripsIntegersIncludingTheExtremes) {
    for (std::int64_t v :
         {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::max(),
          std::numeric_limits<std::int64_t>::min()}) {
        EXPECT_EQ(round_trip(conn(), type("bigint"), v), v);
    }
    EXPECT_EQ(round_trip(conn(), type("integer"), std::numeric_limits<std::int32_t>::min()),
              std::numeric_limits<std::int32_t>::min());
    EXPECT_EQ(round_trip(conn(), type("smallint"), std::int16_t{-32768}), std::int16_t{-32768});
}

// PostgreSQL has no type of its own for std::int8_t or the unsigned integers below 64 bits: each
// is bound as the narrowest signed type that holds every value it can have (SQLite: INTEGER).
TEST_P(DriverConformance, BindsSmallUnsignedIntegersAsTheNarrowestSignedTypeHoldingThem) {
    const auto bound_type = [&](const auto& v) {
        return conn()
            .query(is_pg() ? "SELECT pg_typeof($1)::text" : "SELECT typeof($1)", v)
            .template scalar<std::string>();
    };
    const auto expected = [&](const char* pg_type) { return is_pg() ? pg_type : "integer"; };
    EXPECT_EQ(bound_type(std::int8_t{-128}), expected("smallint"));
    EXPECT_EQ(bound_type(std::uint8_t{255}), expected("smallint"));
    EXPECT_EQ(bound_type(std::uint16_t{65535}), expected("integer"));
    EXPECT_EQ(bound_type(std::uint32_t{1}), expected("bigint"));

    EXPECT_EQ(round_trip(conn(), type("smallint"), std::int8_t{-128}), std::int8_t{-128});
    EXPECT_EQ(round_trip(conn(), type("smallint"), std::uint8_t{255}), std::uint8_t{255});
    EXPECT_EQ(round_trip(conn(), type("integer"), std::uint16_t{65535}), std::uint16_t{65535});
    // Above INT32_MAX: bound as bigint, stored unchanged (not wrapped to -1).
    const std::uint32_t above_int32 = std::numeric_limits<std::uint32_t>::max();
    const std::string table = next_table_name();
    conn().execute_script("CREATE TABLE " + table + " (v " + type("bigint") + ")");
    conn().query("INSERT INTO " + table + " (v) VALUES ($1)", above_int32);
    EXPECT_EQ(conn().execute("SELECT v FROM " + table).scalar<std::int64_t>(), 4'294'967'295);
}

TEST_P(DriverConformance, RoundTripsBooleans) {
    EXPECT_TRUE(round_trip(conn(), type("boolean"), true));
    EXPECT_FALSE(round_trip(conn(), type("boolean"), false));
}

TEST_P(DriverConformance, RoundTripsDoublesIncludingNanAndInfinities) {
    EXPECT_EQ(round_trip(conn(), type("double precision"), 1.5), 1.5);
    EXPECT_EQ(round_trip(conn(), type("double precision"), -0.1), -0.1);
    EXPECT_TRUE(std::isnan(
        round_trip(conn(), type("double precision"), std::numeric_limits<double>::quiet_NaN())));
    EXPECT_EQ(round_trip(conn(), type("double precision"), std::numeric_limits<double>::infinity()),
              std::numeric_limits<double>::infinity());
    EXPECT_EQ(
        round_trip(conn(), type("double precision"), -std::numeric_limits<double>::infinity()),
        -std::numeric_limits<double>::infinity());
    EXPECT_EQ(round_trip(conn(), type("real"), 0.25f), 0.25f);
}

TEST_P(DriverConformance, RoundTripsTextIncludingEmptyAndUnicode) {
    EXPECT_EQ(round_trip(conn(), type("text"), std::string()), "");
    const std::string unicode = "Zoë ✓ 日本語 🎉";
    EXPECT_EQ(round_trip(conn(), type("text"), unicode), unicode);
    // An empty string is not NULL.
    conn().execute_script("CREATE TABLE empty_text (v " + type("text") + ")");
    conn().query("INSERT INTO empty_text (v) VALUES ($1)", "");
    EXPECT_FALSE(conn().execute("SELECT v FROM empty_text").at(0).is_null(0));
}

TEST_P(DriverConformance, RoundTripsBytesWithNulBytes) {
    const Bytes bytes(std::string_view("a\0b\0\xff", 5));
    EXPECT_EQ(round_trip(conn(), type("bytea"), bytes), bytes);
    EXPECT_EQ(round_trip(conn(), type("bytea"), Bytes()).size(), 0u);
}

TEST_P(DriverConformance, RoundTripsTimestampsWithMicrosecondsAndInfinity) {
    const Timestamptz ts(1'704'164'645'123'456);  // 2024-01-02T03:04:05.123456Z
    EXPECT_EQ(round_trip(conn(), type("timestamptz"), ts), ts);
    EXPECT_EQ(round_trip(conn(), type("timestamptz"), Timestamptz(0)), Timestamptz(0));
    EXPECT_EQ(round_trip(conn(), type("timestamptz"), Timestamptz::infinity()),
              Timestamptz::infinity());
    EXPECT_EQ(round_trip(conn(), type("timestamptz"), Timestamptz::minus_infinity()),
              Timestamptz::minus_infinity());
    const Timestamptz before_epoch(-1'000'001);
    EXPECT_EQ(round_trip(conn(), type("timestamptz"), before_epoch), before_epoch);
}

TEST_P(DriverConformance, RoundTripsDatesIncludingBeforeChrist) {
    const Date leap(std::chrono::year_month_day(std::chrono::year(2024), std::chrono::month(2),
                                                std::chrono::day(29)));
    EXPECT_EQ(round_trip(conn(), type("date"), leap), leap);
    const Date bc(std::chrono::year_month_day(std::chrono::year(-43), std::chrono::month(3),
                                              std::chrono::day(15)));  // 44 BC
    EXPECT_EQ(round_trip(conn(), type("date"), bc), bc);
    EXPECT_EQ(round_trip(conn(), type("date"), Date::infinity()), Date::infinity());
}

TEST_P(DriverConformance, RoundTripsUuidJsonAndLargeNumerics) {
    const Uuid id = Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT_EQ(round_trip(conn(), type("uuid"), id), id);
    const Json doc(nlohmann::json{{"a", 1}, {"b", {true, nullptr, "x"}}});
    EXPECT_EQ(round_trip(conn(), type("jsonb"), doc), doc);
    const Numeric big("123456789012345678901234567890.123456789012345678901234567890");
    EXPECT_EQ(round_trip(conn(), type("numeric"), big).to_string(), big.to_string());
    EXPECT_EQ(round_trip(conn(), type("numeric"), Numeric("-0.50")).to_string(), "-0.50");
}

TEST_P(DriverConformance, RoundTripsArrays) {
    const std::vector<std::int64_t> ints{1, -2, std::numeric_limits<std::int64_t>::max()};
    EXPECT_EQ(round_trip(conn(), type("bigint[]"), ints), ints);
    const std::vector<std::string> strings{"a", "", "with \"quotes\", commas"};
    EXPECT_EQ(round_trip(conn(), type("text[]"), strings), strings);
    const std::vector<Uuid> ids{Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")};
    EXPECT_EQ(round_trip(conn(), type("uuid[]"), ids), ids);
    EXPECT_EQ(round_trip(conn(), type("bigint[]"), std::vector<std::int64_t>{}),
              std::vector<std::int64_t>{});
}

TEST_P(DriverConformance, RoundTripsNullOfEveryTypeAsNullopt) {
    int n = 0;
    for (const char* t : {"bigint", "text", "bytea", "timestamptz", "date", "uuid", "jsonb",
                          "numeric", "double precision", "boolean"}) {
        const std::string table = "null_" + std::to_string(++n);
        conn().execute_script("CREATE TABLE " + table + " (v " + type(t) + ")");
        conn().query("INSERT INTO " + table + " (v) VALUES ($1)", std::nullopt);
        auto result = conn().execute("SELECT v FROM " + table);
        EXPECT_TRUE(result.at(0).is_null(0)) << t;
        EXPECT_EQ(result.scalar<std::optional<std::string>>(), std::nullopt) << t;
    }
}

TEST_P(DriverConformance, DecodesByIndexByNameIntoStructsAndTuples) {
    conn().execute_script(
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, "
        "email text)");
    conn().query("INSERT INTO users (id, name, email) VALUES ($1, $2, $3), ($4, $5, $6)",
                 std::int64_t{1}, "ann", "ann@example.com", std::int64_t{2}, "bob", std::nullopt);
    auto result = conn().execute("SELECT id, name, email FROM users ORDER BY id");
    ASSERT_EQ(result.size(), 2u);
    ASSERT_EQ(result.columns(), 3u);
    EXPECT_EQ(result.column_name(1), "name");
    EXPECT_EQ(result[0].get<std::int64_t>(0), 1);
    EXPECT_EQ(result[0].get<std::string>("email"), "ann@example.com");
    EXPECT_EQ(result[1].get<std::optional<std::string>>("email"), std::nullopt);

    auto users = result.as<ConformanceUser>();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_EQ(users[1].id, 2);
    EXPECT_EQ(users[1].name, "bob");
    EXPECT_FALSE(users[1].email.has_value());

    auto [id, name, email] =
        result[0].as_tuple<std::int64_t, std::string, std::optional<std::string>>();
    EXPECT_EQ(id, 1);
    EXPECT_EQ(name, "ann");
    EXPECT_EQ(email, "ann@example.com");
}

TEST_P(DriverConformance, ReusesOneParameterSeveralTimes) {
    auto result = conn().query("SELECT $1 + 1 AS a, $1 * 2 AS b", std::int64_t{20});
    EXPECT_EQ(result[0].get<std::int64_t>("a"), 21);
    EXPECT_EQ(result[0].get<std::int64_t>("b"), 40);
}

TEST_P(DriverConformance, ReportsAffectedRows) {
    conn().execute_script("CREATE TABLE t (id bigint)");
    EXPECT_EQ(conn().execute("INSERT INTO t (id) VALUES (1), (2), (3)").affected_rows(), 3u);
    EXPECT_EQ(conn().execute("UPDATE t SET id = id + 1 WHERE id > 1").affected_rows(), 2u);
    EXPECT_EQ(conn().execute("DELETE FROM t WHERE id = 42").affected_rows(), 0u);
    EXPECT_EQ(conn().execute("SELECT id FROM t").affected_rows(), 0u);
}

}  // namespace strata::driver::testing
