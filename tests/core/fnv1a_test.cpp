// Tests for fnv1a_32 / fnv1a_64: the reference FNV-1a values, at compile time and run time.
#include "strata/core/fnv1a.hpp"

#include <gtest/gtest.h>

#include <string>

namespace strata {
namespace {

static_assert(fnv1a_32("") == 0x811c9dc5U);
static_assert(fnv1a_64("") == 0xcbf29ce484222325ULL);

TEST(Fnv1a, GivesTheReferenceValues) {
    EXPECT_EQ(fnv1a_32("a"), 0xe40c292cU);
    EXPECT_EQ(fnv1a_32("foobar"), 0xbf9cf968U);
    EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Fnv1a, HashesEveryByteIncludingNulAndHighBytes) {
    EXPECT_NE(fnv1a_32(std::string("a\0b", 3)), fnv1a_32("ab"));
    EXPECT_NE(fnv1a_64("\xff"), fnv1a_64("\x7f"));
}

}  // namespace
}  // namespace strata
