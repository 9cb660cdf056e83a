// std::int8_t, std::uint8_t, std::uint16_t and std::uint32_t members, written once and run on
// PostgreSQL and SQLite: stored in the narrowest signed type that holds them, compared and read.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "orm/repository_suite.hpp"

namespace strata::orm::test {

/// A device's gauge: every fixed-width integer a user may map, one of them nullable.
struct Gauge {
    std::int8_t id = 0;
    std::uint8_t level = 0;
    std::uint16_t port = 0;
    std::uint32_t serial = 0;
    std::optional<std::int8_t> delta;
};

// smallint, smallint, integer, bigint: the narrowest PostgreSQL type holding every value.
inline const char* kGaugePgSchema = R"sql(
CREATE TABLE gauges (id smallint PRIMARY KEY, level smallint NOT NULL, port integer NOT NULL,
                     serial bigint NOT NULL, delta smallint);
)sql";
inline const char* kGaugeSqliteSchema = R"sql(
CREATE TABLE gauges (id INTEGER PRIMARY KEY, level INTEGER NOT NULL, port INTEGER NOT NULL,
                     serial INTEGER NOT NULL, delta INTEGER);
)sql";

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Gauge> {
    using T = strata::orm::test::Gauge;
    static constexpr std::string_view name = "gauges";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey), column("level", &T::level), column("port", &T::port),
        column("serial", &T::serial), column("delta", &T::delta));
};

namespace strata::orm::test {

class FixedWidthSuite : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(open_fresh_database(kGaugePgSchema, kGaugeSqliteSchema));
        db_->transact([](Session& s) {
            Repository<Gauge> gauges(s);
            gauges.insert({-128, 255, 65535, 4294967295U, std::int8_t{-1}});
            gauges.insert({127, 0, 0, 0, std::nullopt});
            gauges.insert({0, 7, 5432, 70000, std::int8_t{3}});
        });
    }
    std::optional<Database> db_;
};

TEST_F(FixedWidthSuite, EveryExtremeValueRoundTrips) {
    db_->transact([](Session& s) {
        Repository<Gauge> gauges(s);
        auto low = gauges.get_by_id(-128);
        ASSERT_TRUE(low);
        EXPECT_EQ(low->level, 255);
        EXPECT_EQ(low->port, 65535);
        EXPECT_EQ(low->serial, 4294967295U);
        EXPECT_EQ(low->delta, std::int8_t{-1});
        auto high = gauges.get_by_id(std::int8_t{127});
        ASSERT_TRUE(high);
        EXPECT_EQ(high->serial, 0U);
        EXPECT_FALSE(high->delta);
        auto many = gauges.load_many({127, 0, -128});
        ASSERT_EQ(many.size(), 3U);
        EXPECT_EQ(many[1].port, 5432);
    });
}

TEST_F(FixedWidthSuite, ComparisonsTakeAnyIntegerThatFitsAndFixedWidthValues) {
    db_->transact([](Session& s) {
        Repository<Gauge> gauges(s);
        EXPECT_EQ(gauges.count(col(&Gauge::serial) == std::uint32_t{4294967295U}), 1);
        EXPECT_EQ(gauges.count(col(&Gauge::serial) > 4294967294LL), 1);
        EXPECT_EQ(gauges.count(col(&Gauge::level) >= std::uint8_t{7}), 2);
        EXPECT_EQ(gauges.count(col(&Gauge::port).in({65535, 5432})), 2);
        EXPECT_EQ(gauges.count(col(&Gauge::id) == std::int8_t{-128}), 1);
        EXPECT_EQ(gauges.count(col(&Gauge::delta) == std::optional<std::int8_t>()), 1);
        // An int8_t or uint8_t value is a number, not a character: it compares with any integer
        // column.
        EXPECT_EQ(gauges.count(col(&Gauge::serial) == std::int8_t{0}), 1);
        auto set = gauges.update_by_id(
            0, Patch<Gauge>{}.set(&Gauge::port, 65534).set(&Gauge::delta, std::int8_t{-128}));
        ASSERT_TRUE(set);
        EXPECT_EQ(set->port, 65534);
        EXPECT_EQ(set->delta, std::int8_t{-128});
    });
}

TEST_F(FixedWidthSuite, AValueTheColumnsTypeCannotHoldIsAUsageErrorNotAWrappedValue) {
    db_->transact([](Session& s) {
        Repository<Gauge> gauges(s);
        // A cast would make 384 the std::int8_t -128 and match the first row.
        try {
            (void)gauges.count(col(&Gauge::id) == 384);
            ADD_FAILURE() << "384 compared with a std::int8_t column";
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("the value 384 does not fit the column's "
                                                 "integer type (-128 to 127)"),
                      std::string::npos)
                << e.what();
        }
        EXPECT_THROW((void)gauges.count(col(&Gauge::level) == -1), UsageError);
        EXPECT_THROW((void)gauges.count(col(&Gauge::serial) == std::int64_t{1} << 32), UsageError);
        EXPECT_THROW((void)gauges.update_by_id(0, Patch<Gauge>{}.set(&Gauge::port, 65536)),
                     UsageError);
        EXPECT_EQ(gauges.get_by_id(0)->port, 5432);
    });
}

TEST_F(FixedWidthSuite, AStoredValueTheMemberCannotHoldIsADecodeErrorNamingIt) {
    db_->transact([](Session& s) {
        s.execute("UPDATE gauges SET level = 300 WHERE id = 0");
        try {
            (void)Repository<Gauge>(s).get_by_id(0);
            ADD_FAILURE() << "300 decoded into a std::uint8_t";
        } catch (const DecodeError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("the value 300 does not fit in std::uint8_t"), std::string::npos)
                << what;
            EXPECT_NE(what.find("level"), std::string::npos) << what;
        }
    });
}

TEST_F(FixedWidthSuite, PostgresReceivesTheNarrowestSignedTypeThatHoldsEveryValue) {
    db_->transact([](Session& s) {
        if (s.backend() != driver::Backend::postgres) {
            // SQLite has one INTEGER storage class: every fixed-width value is stored in it.
            auto r = s.query("SELECT typeof(?1), typeof(?2)", std::uint32_t{4294967295U},
                             std::int8_t{-1});
            EXPECT_EQ(r.at(0).get<std::string>(0), "integer");
            EXPECT_EQ(r.at(0).get<std::string>(1), "integer");
            return;
        }
        auto r = s.query(
            "SELECT pg_typeof($1)::text, pg_typeof($2)::text, pg_typeof($3)::text, "
            "pg_typeof($4)::text",
            std::int8_t{-1}, std::uint8_t{255}, std::uint16_t{65535}, std::uint32_t{4294967295U});
        EXPECT_EQ(r.at(0).get<std::string>(0), "smallint");
        EXPECT_EQ(r.at(0).get<std::string>(1), "smallint");
        EXPECT_EQ(r.at(0).get<std::string>(2), "integer");
        EXPECT_EQ(r.at(0).get<std::string>(3), "bigint");
    });
}

}  // namespace strata::orm::test
