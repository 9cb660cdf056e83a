// Tests for Uuid: text forms, invalid input, random version 4 and time-ordered version 7.
#include "strata/core/uuid.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "strata/core/error.hpp"

namespace strata {
namespace {

constexpr std::string_view kCanonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";

std::string uuid_error(std::string_view text) {
    try {
        (void)Uuid::parse(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

std::uint64_t unix_ms(const Uuid& u) {
    std::uint64_t ms = 0;
    for (std::size_t i = 0; i < 6; ++i) ms = ms << 8 | u.bytes()[i];
    return ms;
}

TEST(Uuid, ParsesTheCanonicalForm) {
    const auto u = Uuid::parse(kCanonical);
    EXPECT_EQ(u.bytes()[0], 0xa0);
    EXPECT_EQ(u.bytes()[15], 0x11);
    EXPECT_EQ(u.to_string(), kCanonical);
}

TEST(Uuid, ParsesUpperCaseBracesAndNoHyphens) {
    const auto expected = Uuid::parse(kCanonical);
    EXPECT_EQ(Uuid::parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), expected);
    EXPECT_EQ(Uuid::parse("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}"), expected);
    EXPECT_EQ(Uuid::parse("a0eebc999c0b4ef8bb6d6bb9bd380a11"), expected);
    EXPECT_EQ(Uuid::parse("{A0EEBC999C0B4EF8BB6D6BB9BD380A11}"), expected);
}

TEST(Uuid, FormatsLowerCaseHyphenated) {
    EXPECT_EQ(Uuid().to_string(), "00000000-0000-0000-0000-000000000000");
    EXPECT_EQ(Uuid::parse("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF").to_string(),
              "ffffffff-ffff-ffff-ffff-ffffffffffff");
}

TEST(Uuid, RejectsInvalidFormsNamingTheInput) {
    for (const char* bad :
         {"", "a0eebc99", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999-c0b-4ef8-bb6d-6bb9bd380a11",
          "a0eebc99_9c0b_4ef8_bb6d_6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1 "}) {
        EXPECT_THAT(uuid_error(bad), testing::StartsWith("invalid uuid '" + std::string(bad) + "'"))
            << bad;
    }
}

TEST(Uuid, SaysWhichCharacterIsWrong) {
    EXPECT_THAT(uuid_error("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380aZ1"),
                testing::HasSubstr("'Z' at position 35 is not a hex digit"));
    EXPECT_THAT(uuid_error("a0eebc999c0b-4ef8-bb6d-6bb9bd380a11-"),
                testing::HasSubstr("expected '-' at position 9"));
}

TEST(Uuid, RandomV4HasVersionAndVariantBitsAndDiffers) {
    std::set<Uuid> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto u = Uuid::random_v4();
        ASSERT_EQ(u.version(), 4U);
        ASSERT_EQ(u.bytes()[8] & 0xc0, 0x80);
        seen.insert(u);
    }
    EXPECT_EQ(seen.size(), 1000U);
}

TEST(Uuid, RandomV7CarriesTheUnixMillisecondTimestamp) {
    const auto now_ms = [] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    };
    const auto before = now_ms();
    const auto u = Uuid::random_v7();
    const auto after = now_ms();
    EXPECT_EQ(u.version(), 7U);
    EXPECT_EQ(u.bytes()[8] & 0xc0, 0x80);
    EXPECT_GE(unix_ms(u), before);
    EXPECT_LE(unix_ms(u), after + 1);
}

TEST(Uuid, RandomV7IncreasesStrictlyWithinAProcess) {
    Uuid previous = Uuid::random_v7();
    for (int i = 0; i < 20000; ++i) {
        const auto next = Uuid::random_v7();
        ASSERT_LT(previous, next) << previous.to_string() << " then " << next.to_string();
        ASSERT_LT(previous.to_string(), next.to_string());  // text sorts the same way
        previous = next;
    }
}

TEST(Uuid, RoundTripsThroughText) {
    for (int i = 0; i < 100; ++i) {
        const auto u = Uuid::random_v4();
        ASSERT_EQ(Uuid::parse(u.to_string()), u);
    }
}

}  // namespace
}  // namespace strata
