// docs/json.md: the JSON type sentinels, written and read back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "strata/core/error.hpp"
#include "strata/core/json_sentinel.hpp"

namespace {

TEST(DocsJson, WritingSentinels) {
    // snippet:begin write
    const auto at = strata::Timestamptz::parse("2024-01-02T03:04:05.5+01:00");
    const auto due = strata::Date::parse("2024-02-29");
    const nlohmann::json event = {{"name", "renewal"}, {"at", at}, {"due", due}};
    EXPECT_EQ(event.dump(),
              R"({"at":{"__sentinel":"timestamp","value":"2024-01-02T02:04:05.5Z"},)"
              R"("due":{"__sentinel":"date","value":"2024-02-29"},"name":"renewal"})");
    // snippet:end write
}

TEST(DocsJson, ReadingSentinels) {
    // snippet:begin read
    // As Python's jsonenc writes an aware datetime (isoformat(): "+00:00", microseconds).
    const auto doc = nlohmann::json::parse(R"({
        "at": {"__sentinel": "timestamp", "value": "2024-01-02T03:04:05.123456+00:00"},
        "days": [{"__sentinel": "date", "value": "2024-02-29"}, "2024-03-01"]
    })");
    EXPECT_EQ(doc["at"].get<strata::Timestamptz>(),
              strata::Timestamptz::parse("2024-01-02 03:04:05.123456+00"));
    EXPECT_EQ(doc["days"][0].get<strata::Date>(), strata::Date::parse("2024-02-29"));
    EXPECT_EQ(doc["days"][1].get<strata::Date>(), strata::Date::parse("2024-03-01"));  // plain too

    // The whole document, sentinels decoded at any depth:
    const strata::TypedJson typed = strata::decode_sentinels(doc);
    EXPECT_TRUE(typed.find("at")->is_timestamp());
    EXPECT_TRUE(typed.find("days")->array()[0].is_date());
    EXPECT_TRUE(typed.find("days")->array()[1].is_scalar());  // a string stays a string
    EXPECT_EQ(strata::encode_sentinels(typed)["at"]["value"], "2024-01-02T03:04:05.123456Z");
    // snippet:end read
}

TEST(DocsJson, MalformedSentinels) {
    // snippet:begin errors
    const auto naive = nlohmann::json::parse(
        R"({"rows": [{"at": {"__sentinel": "timestamp", "value": "2024-01-02T03:04:05"}}]})");
    try {
        (void)strata::decode_sentinels(naive);
        ADD_FAILURE() << "a timestamp without an offset is refused";
    } catch (const strata::UsageError& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with("at /rows/0/at: malformed JSON sentinel"));
    }
    // Not a sentinel (no "__sentinel" key): an ordinary object.
    EXPECT_FALSE(strata::from_sentinel(nlohmann::json{{"value", "2024-01-02"}}).has_value());
    // snippet:end errors
}

}  // namespace
