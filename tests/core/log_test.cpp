// Log sink, levels and redaction of secrets, URL passwords and conninfo passwords.
#include "strata/core/log.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "strata/core/error.hpp"

namespace strata::log {
namespace {

class LogTest : public ::testing::Test {
protected:
    void SetUp() override {
        set_sink([this](Level l, std::string_view line) { lines_.emplace_back(l, line); });
        set_level(Level::info);
    }
    void TearDown() override {
        set_sink(nullptr);
        set_level(Level::info);
        clear_secrets();
    }
    std::vector<std::pair<Level, std::string>> lines_;
};

TEST_F(LogTest, DropsLinesBelowTheLevel) {
    debug("hidden {}", 1);
    info("shown {}", 2);
    set_level(Level::error);
    warn("hidden too");
    error("shown {}", 3);
    ASSERT_EQ(lines_.size(), 2u);
    EXPECT_EQ(lines_[0].second, "shown 2");
    EXPECT_EQ(lines_[1].first, Level::error);
}

TEST_F(LogTest, RedactsRegisteredSecretsInEveryLine) {
    register_secret("s3cr3t!");
    info("connecting with s3cr3t! and again s3cr3t!");
    ASSERT_EQ(lines_.size(), 1u);
    EXPECT_EQ(lines_[0].second, "connecting with **** and again ****");
}

TEST_F(LogTest, RedactsThePercentEncodedFormOfASecret) {
    register_secret("p@ss word");
    EXPECT_EQ(redact("x p%40ss%20word y"), "x **** y");
}

TEST_F(LogTest, WritesFromManyThreadsWithoutLosingLines) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([] {
            for (int i = 0; i < 100; ++i) info("line {}", i);
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(lines_.size(), 400u);
}

TEST(LogDefaultSink, WritesPrefixedRedactedLinesToStderr) {
    register_secret("stderr-secret");
    ::testing::internal::CaptureStderr();
    warn("disk {} with stderr-secret", "full");
    const std::string out = ::testing::internal::GetCapturedStderr();
    clear_secrets();
    EXPECT_EQ(out, "strata: warn: disk full with ****\n");
}

TEST(Redact, MasksUrlPasswords) {
    EXPECT_EQ(redact("url postgresql://app:pw@db:5432/app ok"),
              "url postgresql://app:****@db:5432/app ok");
    EXPECT_EQ(redact("postgres://u:p/w@h/db"), "postgres://u:****@h/db");
    EXPECT_EQ(redact("postgresql://app@db/app"), "postgresql://app@db/app");
    EXPECT_EQ(redact("postgresql://db:5432/app"), "postgresql://db:5432/app");
}

TEST(Redact, MasksConninfoPasswords) {
    EXPECT_EQ(redact("host=h password=pw dbname=d"), "host=h password=**** dbname=d");
    EXPECT_EQ(redact("host=h password='p w\\' x' dbname=d"), "host=h password='****' dbname=d");
    EXPECT_EQ(redact("password = pw"), "password = ****");
}

TEST(Redact, MasksQueryAndEnvironmentPasswords) {
    EXPECT_EQ(redact("postgresql://h/db?password=pw&sslmode=require"),
              "postgresql://h/db?password=****&sslmode=require");
    EXPECT_EQ(redact("PGPASSWORD=pw APP_DATABASE__PASSWORD=x2"),
              "PGPASSWORD=**** APP_DATABASE__PASSWORD=****");
}

TEST(Redact, LeavesOrdinaryTextAlone) {
    EXPECT_EQ(redact("the password is required"), "the password is required");
    EXPECT_EQ(redact("a@b.c https://example.com/x"), "a@b.c https://example.com/x");
}

TEST(LogLevel, ParsesNamesAndRejectsOthersNamingTheOrigin) {
    EXPECT_EQ(parse_level("DEBUG", "--log-level"), Level::debug);
    EXPECT_EQ(parse_level("warning", "x"), Level::warn);
    try {
        (void)parse_level("loud", "STRATA_LOG");
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("STRATA_LOG: ", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace strata::log
