// Tests for Json parsing and the JSON type sentinels that carry timestamps and dates.
#include "strata/core/json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strata/core/error.hpp"
#include "strata/core/json_sentinel.hpp"

namespace strata {
namespace {

using nlohmann::json;

std::string json_error(std::string_view text) {
    try {
        (void)Json::parse(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string sentinel_error(const json& j) {
    try {
        (void)from_sentinel(j);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Json, ParsesADocument) {
    const auto j = Json::parse(R"({"a": [1, 2.5, "x", null, true]})");
    EXPECT_EQ(j.value["a"][1], 2.5);
    EXPECT_EQ(Json::parse(j.dump()), j);
}

TEST(Json, NamesTheByteOffsetOfASyntaxError) {
    EXPECT_THAT(json_error("[1,]"), testing::HasSubstr("byte offset 3"));
    EXPECT_THAT(json_error(R"({"a": tru})"), testing::HasSubstr("invalid JSON at byte offset"));
    EXPECT_THAT(json_error(""), testing::HasSubstr("invalid JSON at byte offset 0"));
    EXPECT_THAT(json_error("{} x"), testing::HasSubstr("byte offset 3"));
    EXPECT_THAT(json_error("[1,]"), testing::Not(testing::HasSubstr("json.exception")));
}

TEST(JsonSentinel, WritesTimestampsAndDatesAsTaggedObjects) {
    EXPECT_EQ(to_sentinel(Timestamptz::parse("2024-01-02 03:04:05.5+00")),
              json({{"__sentinel", "timestamp"}, {"value", "2024-01-02T03:04:05.5Z"}}));
    EXPECT_EQ(to_sentinel(Date::parse("2024-02-29")),
              json({{"__sentinel", "date"}, {"value", "2024-02-29"}}));
}

TEST(JsonSentinel, ReadsTaggedObjectsBack) {
    const auto ts = from_sentinel(json::parse(R"({"__sentinel":"timestamp","value":"infinity"})"));
    ASSERT_TRUE(ts.has_value());
    EXPECT_EQ(std::get<Timestamptz>(*ts), Timestamptz::infinity());
    const auto date =
        from_sentinel(json::parse(R"({"value":"0044-03-15 BC","__sentinel":"date"})"));
    ASSERT_TRUE(date.has_value());
    EXPECT_EQ(std::get<Date>(*date), Date::parse("0044-03-15 BC"));
}

TEST(JsonSentinel, ReturnsNulloptForOrdinaryValues) {
    EXPECT_FALSE(from_sentinel(json(5)).has_value());
    EXPECT_FALSE(from_sentinel(json("2024-01-02T03:04:05Z")).has_value());
    EXPECT_FALSE(from_sentinel(json::parse(R"({"value":"2024-01-02"})")).has_value());
    EXPECT_FALSE(from_sentinel(json::array({"__sentinel", "date"})).has_value());
}

TEST(JsonSentinel, RejectsMalformedSentinels) {
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":"interval","value":"1 day"})")),
                testing::HasSubstr("unknown kind 'interval'"));
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":"date"})")),
                testing::HasSubstr("\"value\" must be a string"));
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":"date","value":20240101})")),
                testing::HasSubstr("\"value\" must be a string"));
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":1,"value":"2024-01-01"})")),
                testing::HasSubstr("must be \"timestamp\" or \"date\""));
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":"date","value":"2024-01-01","x":1})")),
                testing::HasSubstr("only the keys"));
    EXPECT_THAT(sentinel_error(json::parse(R"({"__sentinel":"date","value":"2023-02-29"})")),
                testing::HasSubstr("not a leap year"));
    EXPECT_THAT(
        sentinel_error(json::parse(R"({"__sentinel":"timestamp","value":"2024-01-01 10:00"})")),
        testing::HasSubstr("no naive timestamps"));
}

TEST(JsonSentinel, RoundTripsANestedDocument) {
    const TypedJson doc(TypedJson::Object{
        {"created_at", Timestamptz::parse("2024-01-02T03:04:05.123456Z")},
        {"name", TypedJson::scalar("seed")},
        {"rows",
         TypedJson::Array{
             TypedJson::Object{{"born", Date::parse("0044-03-15 BC")}, {"n", TypedJson::scalar(1)}},
             TypedJson::Object{{"born", Date::infinity()}, {"n", TypedJson::scalar(2.5)}},
             TypedJson::Array{Timestamptz::minus_infinity(), TypedJson(), Date(-1)},
         }},
    });
    const json encoded = encode_sentinels(doc);
    EXPECT_EQ(encoded["rows"][0]["born"]["__sentinel"], "date");
    EXPECT_EQ(encoded["rows"][2][0]["value"], "-infinity");
    const TypedJson decoded = decode_sentinels(json::parse(encoded.dump()));
    EXPECT_EQ(decoded, doc);
    ASSERT_NE(decoded.find("created_at"), nullptr);
    EXPECT_TRUE(decoded.find("created_at")->is_timestamp());
    EXPECT_EQ(decoded.find("rows")->array()[2].array()[2].date(), Date(-1));
    EXPECT_EQ(encode_sentinels(decode_sentinels(encoded)), encoded);
}

TEST(JsonSentinel, NamesThePathOfAMalformedNestedSentinel) {
    const json doc = json::parse(
        R"({"rows": [{"at": "x"}, {"a/b": {"__sentinel": "timestamp", "value": "nope"}}]})");
    try {
        (void)decode_sentinels(doc);
        FAIL() << "expected UsageError";
    } catch (const UsageError& e) {
        EXPECT_THAT(e.what(), testing::StartsWith("at /rows/1/a~1b: malformed JSON sentinel"));
        EXPECT_THAT(e.what(), testing::HasSubstr("'nope'"));
    }
}

TEST(JsonSentinel, ConvertsThroughNlohmannAdl) {
    const auto ts = Timestamptz::parse("1969-12-31T23:59:59.999999Z");
    const json j = ts;
    EXPECT_EQ(j["__sentinel"], "timestamp");
    EXPECT_EQ(j.get<Timestamptz>(), ts);
    const auto date = Date::parse("4714-11-24 BC");
    const json k = {{"d", date}, {"list", {ts, date}}};
    EXPECT_EQ(k["d"].get<Date>(), date);
    EXPECT_EQ(k["list"][0].get<Timestamptz>(), ts);
    EXPECT_EQ(json("2024-01-02T03:04:05Z").get<Timestamptz>(), Timestamptz(1704164645000000));
    EXPECT_EQ(json("2024-01-02").get<Date>(), Date(19724));
    EXPECT_THROW((void)k["d"].get<Timestamptz>(), UsageError);
    EXPECT_THROW((void)json(5).get<Date>(), UsageError);
    EXPECT_EQ(k.get<TypedJson>().find("d")->date(), date);
}

TEST(JsonSentinel, ScalarRefusesContainers) {
    EXPECT_THROW((void)TypedJson::scalar(json::array()), UsageError);
    EXPECT_TRUE(TypedJson::scalar(nullptr).is_scalar());
}

}  // namespace
}  // namespace strata
