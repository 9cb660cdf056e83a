// Numeric, Uuid, Date and Timestamptz parse text with one spelling and fail the same way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <type_traits>

#include "strata/core/date.hpp"
#include "strata/core/error.hpp"
#include "strata/core/numeric.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"

namespace strata {
namespace {

/// The spelling every value type shares: static V V::parse(std::string_view).
template <class V>
concept ParsesText = requires(std::string_view text) {
    { V::parse(text) } -> std::same_as<V>;
};
static_assert(ParsesText<Numeric> && ParsesText<Uuid> && ParsesText<Date> &&
              ParsesText<Timestamptz>);
static_assert(std::is_same_v<decltype(&Numeric::parse), Numeric (*)(std::string_view)> &&
              std::is_same_v<decltype(&Uuid::parse), Uuid (*)(std::string_view)> &&
              std::is_same_v<decltype(&Date::parse), Date (*)(std::string_view)> &&
              std::is_same_v<decltype(&Timestamptz::parse), Timestamptz (*)(std::string_view)>);

/// The message of the UsageError V::parse(text) throws ("(no error)" when it does not).
template <class V>
std::string parse_spelling_error(std::string_view text) {
    try {
        (void)V::parse(text);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ParseSpelling, EveryValueTypeParsesItsOwnText) {
    EXPECT_EQ(Numeric::parse(" 001.50 ").to_string(), "1.50");
    EXPECT_EQ(Uuid::parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11").to_string(),
              "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT_EQ(Date::parse("2024-02-29").to_string(), "2024-02-29");
    EXPECT_EQ(Timestamptz::parse("2024-01-02 03:04:05+01").to_string(), "2024-01-02T02:04:05Z");
}

TEST(ParseSpelling, ToStringParsesBack) {
    const auto n = Numeric::parse("-12.3400");
    EXPECT_EQ(Numeric::parse(n.to_string()), n);
    const auto u = Uuid::random_v4();
    EXPECT_EQ(Uuid::parse(u.to_string()), u);
    const auto d = Date::parse("0044-03-15 BC");
    EXPECT_EQ(Date::parse(d.to_string()), d);
    const auto t = Timestamptz::parse("1999-12-31T23:59:59.999999Z");
    EXPECT_EQ(Timestamptz::parse(t.to_string()), t);
}

TEST(ParseSpelling, BadTextIsAUsageErrorNamingTheTypeAndTheText) {
    EXPECT_THAT(parse_spelling_error<Numeric>("12abc"),
                testing::StartsWith("invalid numeric '12abc': "));
    EXPECT_THAT(parse_spelling_error<Uuid>("12abc"), testing::StartsWith("invalid uuid '12abc': "));
    EXPECT_THAT(parse_spelling_error<Date>("12abc"), testing::StartsWith("invalid date '12abc': "));
    EXPECT_THAT(parse_spelling_error<Timestamptz>("12abc"),
                testing::StartsWith("invalid timestamptz '12abc': "));
    EXPECT_THAT(parse_spelling_error<Date>("2024-02-30"),
                testing::StartsWith("invalid date '2024-02-30': "));
    for (const auto& message :
         {parse_spelling_error<Numeric>(""), parse_spelling_error<Uuid>(""),
          parse_spelling_error<Date>(""), parse_spelling_error<Timestamptz>("")}) {
        EXPECT_THAT(message, testing::MatchesRegex("invalid [a-z]+ '': .+")) << message;
    }
}

TEST(ParseSpelling, TheNumericConstructorIsParse) {
    EXPECT_EQ(Numeric("1.5e3"), Numeric::parse("1.5e3"));
    EXPECT_THROW(Numeric("x"), UsageError);
}

}  // namespace
}  // namespace strata
