// Property: no error from parsing a database URL ever shows its password, however malformed.
#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/core/url.hpp"

namespace strata {
namespace {

/// Appears in no message strata writes: when it shows up in an error, the password leaked.
constexpr std::string_view kMarker = "Zq7Wv";

/// URL shapes a password is pasted into raw (P), as users write them.
const std::vector<std::string>& url_shapes() {
    static const std::vector<std::string> shapes{
        "postgresql://user:P@db.example.com:5432/app",
        "postgresql://user:P@db.example.com/app?sslmode=require",
        "postgresql://user:P",
        "postgresql://user:P/app",
        "postgresql://user:P@/app?host=/var/run/postgresql",
        "postgres://user:P@[::1]:5432/app",
        "postgresql://user:P@h1:5432,h2:5433/app",
        "postgresql://user:P@db.example.com:5432",
        "postgresql://:P@db.example.com/app",
        "postgresql://user:P@db.example.com:5432/app?application_name=api&prepare=off",
        "postgresql://user:P@",
        "postgresql://user:P:5432/app",
    };
    return shapes;
}

/// A random password of 0..24 characters rich in URL delimiters, with kMarker inserted at a
/// random place (so every piece a delimiter cuts off carries it some of the time).
std::string random_password(std::mt19937_64& rng) {
    static constexpr std::string_view kChars = "@:/?#%[]&=,.+!$*()'~ ;abcXYZ019%40%3a%2F%zz";
    std::uniform_int_distribution<std::size_t> length(0, 24);
    std::uniform_int_distribution<std::size_t> pick(0, kChars.size() - 1);
    std::string password;
    const auto n = length(rng);
    for (std::size_t i = 0; i < n; ++i) password.push_back(kChars[pick(rng)]);
    std::uniform_int_distribution<std::size_t> at(0, password.size());
    password.insert(at(rng), kMarker);
    return password;
}

std::string with_password(const std::string& shape, const std::string& password) {
    const auto p = shape.find("P");
    return shape.substr(0, p) + password + shape.substr(p + 1);
}

TEST(UrlPasswordProperty, NoErrorOfThreeHundredThousandMalformedUrlsShowsThePassword) {
    std::mt19937_64 rng(20261206);  // fixed: a failure is reproducible
    std::size_t errors = 0;
    std::size_t parsed = 0;
    int reported = 0;
    for (int i = 0; i < 25'000; ++i) {
        for (const auto& shape : url_shapes()) {
            const auto url = with_password(shape, random_password(rng));
            try {
                (void)DatabaseUrl::parse(url, "DATABASE_URL");
                ++parsed;
            } catch (const Error& e) {
                ++errors;
                const std::string message = e.what();
                if (message.find(kMarker) != std::string::npos && reported++ < 5) {
                    ADD_FAILURE() << "URL " << url << "\nerror: " << message;
                }
            }
        }
    }
    EXPECT_EQ(reported, 0);
    // Both kinds of outcome are exercised in bulk.
    EXPECT_GT(errors, 100'000U);
    EXPECT_GT(parsed, 10'000U);
}

TEST(UrlPasswordProperty, TheKnownShapesSayWhatToPercentEncode) {
    for (const std::string url :
         {"postgresql://user:s3cr%t@host/db", "postgresql://user:Zq7Wv#x@host/db",
          "postgresql://user:Zq7Wv?x@host/db", "postgresql://user:Zq7Wv",
          "postgresql://user:Zq7Wv@[::1"}) {
        try {
            (void)DatabaseUrl::parse(url, "DATABASE_URL");
            ADD_FAILURE() << url << " parsed";
        } catch (const ConfigError& e) {
            const std::string message = e.what();
            EXPECT_EQ(message.find("Zq7Wv"), std::string::npos) << message;
            EXPECT_EQ(message.find("s3cr"), std::string::npos) << message;
            EXPECT_EQ(message.rfind("DATABASE_URL: ", 0), 0U) << message;
        }
    }
    try {
        (void)DatabaseUrl::parse("postgresql://user:Zq7Wv?x@host/db", "DATABASE_URL");
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("'?' as %3F"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace strata
