// Tests for fit_identifier: short names unchanged, long ones cut at a character and hashed.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "strata/core/fnv1a.hpp"
#include "strata/core/quote.hpp"

namespace strata {
namespace {

/// What a long name becomes: its first prefix_bytes bytes, `_`, the hash of the whole name.
std::string fitted(const std::string& name, std::size_t prefix_bytes) {
    return fmt::format("{}_{:08x}", name.substr(0, prefix_bytes), fnv1a_32(name));
}

TEST(FitIdentifier, LeavesNamesOfAtMost63BytesUnchanged) {
    EXPECT_EQ(fit_identifier("orders_org_id_idx"), "orders_org_id_idx");
    EXPECT_EQ(fit_identifier("Zoë's \"notes\""), "Zoë's \"notes\"");
    const std::string max(62, 'n');
    EXPECT_EQ(fit_identifier(max), max);
}

TEST(FitIdentifier, LeavesANameOfExactly63BytesUnchanged) {
    const std::string name = std::string(60, 'a') + "_or";
    ASSERT_EQ(name.size(), kMaxIdentifierBytes);
    EXPECT_EQ(fit_identifier(name), name);
}

TEST(FitIdentifier, CutsA64ByteNameTo54BytesAndTheHashOfTheWholeName) {
    const std::string name = std::string(60, 'a') + "_org";
    ASSERT_EQ(name.size(), 64U);
    const auto fit = fit_identifier(name);
    EXPECT_EQ(fit.size(), kMaxIdentifierBytes);
    EXPECT_EQ(fit, fitted(name, 54));
    // The hash is FNV-1a 32 in lower-case hex: stable, since fitted names end up in schemas.
    EXPECT_EQ(fit_identifier(std::string(60, 't') + "_org_id_idx"),
              std::string(54, 't') + "_4e9606ec");
}

TEST(FitIdentifier, NeverCutsAMultibyteCharacter) {
    // "é" is two bytes, at bytes 54 and 55: the cut backs off to before it.
    const std::string two = std::string(53, 'a') + "é" + std::string(20, 'z');
    EXPECT_EQ(fit_identifier(two), fitted(two, 53));
    EXPECT_EQ(fit_identifier(two).size(), 62U);
    // "日" (three bytes) and "🎉" (four) straddling byte 54 from each position.
    for (const std::string ch : {"日", "🎉"}) {
        for (std::size_t start = 54 - ch.size() + 1; start <= 53; ++start) {
            const std::string name = std::string(start, 'b') + ch + std::string(20, 'z');
            EXPECT_EQ(fit_identifier(name), fitted(name, start)) << ch << " at " << start;
        }
        // Ending exactly at byte 54 it is kept whole.
        const std::string ends = std::string(54 - ch.size(), 'b') + ch + std::string(20, 'z');
        EXPECT_EQ(fit_identifier(ends), fitted(ends, 54)) << ch;
    }
}

TEST(FitIdentifier, TwoLongNamesWithTheSamePrefixDiffer) {
    const std::string prefix(60, 'p');
    const auto a = fit_identifier(prefix + "_alpha_org_id_idx");
    const auto b = fit_identifier(prefix + "_bravo_org_id_idx");
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), kMaxIdentifierBytes);
    EXPECT_EQ(b.size(), kMaxIdentifierBytes);
    EXPECT_EQ(a.substr(0, 54), b.substr(0, 54));
}

}  // namespace
}  // namespace strata
