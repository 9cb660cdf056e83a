// Tests for Bytes: PostgreSQL bytea hex and escape text forms.
#include "strata/core/bytes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unordered_set>

#include "strata/core/error.hpp"

namespace strata {
namespace {

using Data = std::vector<std::uint8_t>;

std::string bytes_error(std::string_view text) {
    try {
        (void)Bytes::parse_pg_text(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Bytes, ParsesTheHexForm) {
    EXPECT_EQ(Bytes::parse_pg_text("\\x0a1B").data(), (Data{0x0a, 0x1b}));
    EXPECT_EQ(Bytes::parse_pg_text("\\X00ff").data(), (Data{0x00, 0xff}));
    EXPECT_EQ(Bytes::parse_pg_text("\\x").size(), 0U);
}

TEST(Bytes, AllowsWhitespaceBetweenHexPairs) {
    EXPECT_EQ(Bytes::parse_pg_text("\\x 0a 1b\n2c").data(), (Data{0x0a, 0x1b, 0x2c}));
}

TEST(Bytes, RejectsBadHexNamingTheOffset) {
    EXPECT_THAT(bytes_error("\\x0a1"), testing::HasSubstr("odd number of hex digits"));
    EXPECT_THAT(bytes_error("\\x0g"),
                testing::HasSubstr("'g' is not a hex digit at byte offset 3"));
    EXPECT_THAT(bytes_error("\\xzz"), testing::StartsWith("invalid bytea '\\xzz'"));
}

TEST(Bytes, FormatsLowerCaseHex) {
    EXPECT_EQ(Bytes(Data{0xde, 0xad, 0xBE, 0xef}).to_hex(), "\\xdeadbeef");
    EXPECT_EQ(Bytes().to_hex(), "\\x");
}

TEST(Bytes, ParsesTheLegacyEscapeForm) {
    EXPECT_EQ(Bytes::parse_pg_text("abc").data(), (Data{'a', 'b', 'c'}));
    EXPECT_EQ(Bytes::parse_pg_text("a\\\\b").data(), (Data{'a', '\\', 'b'}));
    EXPECT_EQ(Bytes::parse_pg_text("\\000\\001\\377x").data(), (Data{0x00, 0x01, 0xff, 'x'}));
    EXPECT_EQ(Bytes::parse_pg_text("\\101\\\\\\142").data(), (Data{'A', '\\', 'b'}));
    EXPECT_EQ(Bytes::parse_pg_text("").size(), 0U);
}

TEST(Bytes, RejectsBadEscapes) {
    for (const char* bad : {"\\", "a\\", "\\9", "\\40", "\\400", "\\08x", "\\abc"}) {
        EXPECT_THAT(bytes_error(bad), testing::HasSubstr("backslash")) << bad;
    }
    EXPECT_THAT(bytes_error("ab\\4"), testing::HasSubstr("at byte offset 2"));
}

TEST(Bytes, RoundTripsEveryByteValueThroughHex) {
    Data all(256);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
    const Bytes b(all);
    EXPECT_EQ(b.to_hex().size(), 2U + 512U);
    EXPECT_EQ(Bytes::parse_pg_text(b.to_hex()), b);
}

TEST(Bytes, ExposesTheRawView) {
    const Bytes b(std::string_view("hi\0x", 4));
    EXPECT_EQ(b.view(), std::string_view("hi\0x", 4));
    EXPECT_EQ(b.size(), 4U);
}

TEST(Bytes, HashesByContentSoItKeysUnorderedContainers) {
    const Bytes a(Data{0x00, 0xff, 0x10});
    const Bytes same(std::string_view("\x00\xff\x10", 3));
    EXPECT_EQ(std::hash<Bytes>{}(a), std::hash<Bytes>{}(same));
    std::unordered_set<Bytes> set{a, same, Bytes(Data{0x00}), Bytes()};
    EXPECT_EQ(set.size(), 3U) << "equal bytes are one key; a NUL byte and the empty value differ";
    EXPECT_TRUE(set.contains(Bytes(Data{0x00, 0xff, 0x10})));
    EXPECT_FALSE(set.contains(Bytes(Data{0x00, 0xff})));
}

}  // namespace
}  // namespace strata
