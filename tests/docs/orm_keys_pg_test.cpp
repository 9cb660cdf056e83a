// The key and upsert examples of docs/orm.md: composite and uuid keys, upserts listing no column.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "strata/core/date.hpp"
#include "strata/core/timestamptz.hpp"
#include "strata/core/uuid.hpp"
#include "strata/orm/repository.hpp"
#include "strata/orm/run.hpp"
#include "strata/session/database.hpp"
#include "strata/testing/server.hpp"

// clang-format off
// snippet:begin keys-mapping
struct DailySteps { std::int64_t user_id; strata::Date day; std::int32_t steps;
                    std::string source; std::optional<strata::Timestamptz> created_at; };

template <> struct strata::orm::Table<DailySteps> {           // PRIMARY KEY (user_id, day)
    static constexpr std::string_view name = "daily_steps";
    static constexpr auto columns = std::make_tuple(
        column("user_id", &DailySteps::user_id, kPrimaryKey),
        column("day", &DailySteps::day, kPrimaryKey),           // Key: std::tuple<std::int64_t, Date>
        column("steps", &DailySteps::steps), column("source", &DailySteps::source),
        column("created_at", &DailySteps::created_at, kGenerated));
};

struct Device { strata::Uuid id; std::string name; };

template <> struct strata::orm::Table<Device> {
    static constexpr std::string_view name = "devices";
    static constexpr auto columns = std::make_tuple(
        column("id", &Device::id, kPrimaryKey), column("name", &Device::name));  // Key: Uuid
};
// snippet:end keys-mapping
// clang-format on

namespace {

using strata::orm::Patch;

class OrmKeysDocs : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(
            strata::Database::open({.url = strata::testing::fresh_database_url("docs_keys")}));
        db_->transact([](strata::Session& s) {
            s.execute_script(
                "CREATE TABLE daily_steps (user_id bigint, day date, steps integer NOT NULL, "
                "source text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY "
                "(user_id, day));"
                "CREATE TABLE devices (id uuid PRIMARY KEY, name text NOT NULL);");
        });
    }
    std::optional<strata::Database> db_;
};

TEST_F(OrmKeysDocs, CompositeAndUuidKeys) {
    auto& db = *db_;
    const auto day = strata::Date::parse("2024-03-02");
    const auto yesterday = strata::Date::parse("2024-03-01");
    db.transact([&](strata::Session& s) {
        strata::Repository<DailySteps>{s}.insert(
            {.user_id = 1, .day = yesterday, .steps = 4000, .source = "watch", .created_at = {}});
    });
    // clang-format off
    // snippet:begin keys-repository
    db.transact([&](strata::Session& s) {
        strata::Repository<DailySteps> steps{s};
        steps.insert({.user_id = 1, .day = day, .steps = 8000, .source = "phone", .created_at = {}});
        auto today = steps.get_by_id({1, day});                 // std::optional<DailySteps>
        steps.update_by_id({1, day}, Patch<DailySteps>{}.set(&DailySteps::steps, 9000));
        auto week = steps.load_many({{1, day}, {1, yesterday}, {2, day}});  // one query
        steps.delete_by_id(std::tuple{std::int64_t{1}, yesterday});

        strata::Repository<Device> devices{s};
        auto sensor = devices.insert({.id = strata::Uuid::random_v7(), .name = "sensor"});
        auto found = devices.load_many({strata::Uuid::parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                                        sensor.id});
        // snippet:end keys-repository
        // clang-format on
        ASSERT_TRUE(today.has_value());
        EXPECT_EQ(today->steps, 8000);
        ASSERT_EQ(week.size(), 2U);
        EXPECT_EQ(week[0].steps, 9000);
        EXPECT_EQ(week[1].day, yesterday);
        EXPECT_FALSE(steps.get_by_id({1, yesterday}).has_value());
        ASSERT_EQ(found.size(), 1U);
        EXPECT_EQ(found[0].name, "sensor");
        // clang-format off
    // snippet:begin keys-repository
    });
    // snippet:end keys-repository
    // clang-format on
}

TEST_F(OrmKeysDocs, UpsertsListingNoColumn) {
    auto& db = *db_;
    const auto day = strata::Date::parse("2024-03-02");
    std::string sql;
    // clang-format off
    // snippet:begin keys-upsert
    db.transact([&](strata::Session& s) {
        strata::Repository<DailySteps> steps{s};
        auto row = steps.upsert({.user_id = 1, .day = day, .steps = 12000, .source = "phone",
                                 .created_at = {}});
        // INSERT ... ON CONFLICT ("user_id", "day") DO UPDATE SET "steps" = excluded."steps",
        //     "source" = excluded."source" RETURNING ...      (created_at is kGenerated: kept)
        row.steps = 13000;
        row.source = "watch";
        using namespace strata::orm;                          // the builder: keep the first source
        auto kept = execute(s, insert<DailySteps>().values(row)
                                   .on_conflict({&DailySteps::user_id, &DailySteps::day})
                                   .do_update_all_except({&DailySteps::source}).returning_all())
                        .as<DailySteps>();
        // snippet:end keys-upsert
        // clang-format on
        ASSERT_EQ(kept.size(), 1U);
        EXPECT_EQ(kept[0].steps, 13000);
        EXPECT_EQ(kept[0].source, "phone");
        row.steps = 14000;
        const auto again = steps.upsert(row);
        EXPECT_EQ(again.steps, 14000);
        EXPECT_EQ(again.source, "watch");
        EXPECT_EQ(again.created_at, kept[0].created_at);
        EXPECT_EQ(steps.count(), 1);
        sql = insert<DailySteps>()
                  .values(row)
                  .on_conflict({&DailySteps::user_id, &DailySteps::day})
                  .do_update_all_except({&DailySteps::steps, &DailySteps::source})
                  .to_sql()
                  .text;
        // clang-format off
    // snippet:begin keys-upsert
    });
    // snippet:end keys-upsert
    // clang-format on
    EXPECT_TRUE(sql.ends_with("DO UPDATE SET \"user_id\" = excluded.\"user_id\""))
        << "every column but the conflict ones is excepted or generated: a no-op update that "
           "returns the row; "
        << sql;
}

}  // namespace
