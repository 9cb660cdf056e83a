// The SQL of keys and default upserts: single keys unchanged, composite keys as row values.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "orm/key_models.hpp"
#include "orm/models.hpp"
#include "strata/core/error.hpp"
#include "strata/orm/key.hpp"
#include "strata/orm/query.hpp"
#include "strata/orm/repository.hpp"

namespace strata::orm::test {
namespace {

using StatKey = key_t<DailyStat>;

Date key_test_day(int d) {
    return Date::parse("2024-03-0" + std::to_string(d));
}

TEST(KeyType, IsTheMemberTypeForOneColumnAndATupleInColumnOrderForSeveral) {
    static_assert(std::is_same_v<key_t<Todo>, std::int64_t>);
    static_assert(std::is_same_v<key_t<Device>, Uuid>);
    static_assert(std::is_same_v<StatKey, std::tuple<std::int64_t, Date>>);
    static_assert(!kCompositeKey<Todo> && kCompositeKey<DailyStat>);
    EXPECT_EQ(TableTraits<DailyStat>::kPkIndices, (std::array<std::size_t, 2>{0, 1}));
    DailyStat row;
    row.user_id = 4;
    row.day = key_test_day(2);
    EXPECT_EQ(key_of(row), StatKey(4, key_test_day(2)));
}

TEST(KeySql, ASingleKeyRendersAsBefore) {
    EXPECT_EQ(select<Todo>().where(key_equals<Todo>(5)).to_sql().text,
              select<Todo>().where(col(&Todo::id) == 5).to_sql().text);
    const std::vector<std::int64_t> ids = {1, 2};
    EXPECT_EQ(select<Todo>().where(key_in<Todo>(ids)).to_sql().text,
              select<Todo>().where(col(&Todo::id).in(ids)).to_sql().text);
    EXPECT_EQ(select<Todo>().where(key_after<Todo>(3)).to_sql().text,
              select<Todo>().where(col(&Todo::id) > 3).to_sql().text);
}

TEST(KeySql, ACompositeKeyMatchesEveryColumn) {
    const auto sql = Fragment().append(key_equals<DailyStat>({7, key_test_day(1)}).fragment());
    const auto pg = sql.render(Dialect::postgres);
    EXPECT_EQ(pg.text, "(\"daily_stats\".\"user_id\" = $1 AND \"daily_stats\".\"day\" = $2)");
    ASSERT_EQ(pg.params.size(), 2U);
    EXPECT_EQ(std::get<std::int64_t>(pg.params[0]), 7);
}

TEST(KeySql, LoadingCompositeKeysIsOneRowValueInList) {
    const std::vector<StatKey> keys = {{1, key_test_day(1)}, {2, key_test_day(2)}};
    const auto pg = select<DailyStat>().where(key_in<DailyStat>(keys)).to_sql();
    EXPECT_NE(pg.text.find("WHERE (\"daily_stats\".\"user_id\", \"daily_stats\".\"day\") IN "
                           "(VALUES ($1, $2), ($3, $4))"),
              std::string::npos)
        << pg.text;
    EXPECT_EQ(pg.params.size(), 4U);
    const auto lite = select<DailyStat>().where(key_in<DailyStat>(keys)).to_sql(Dialect::sqlite);
    EXPECT_NE(lite.text.find("IN (VALUES (?1, ?2), (?3, ?4))"), std::string::npos) << lite.text;
    EXPECT_NE(select<DailyStat>().where(key_in<DailyStat>({})).to_sql().text.find("(1 = 0)"),
              std::string::npos);
}

TEST(KeySql, KeysetAfterACompositeKeyIsARowComparisonInKeyOrder) {
    auto q = select<DailyStat>().where(key_after<DailyStat>({1, key_test_day(3)}));
    for (const auto& o : key_order<DailyStat>()) q.order_by(o);
    EXPECT_NE(q.to_sql().text.find("WHERE (\"daily_stats\".\"user_id\", \"daily_stats\".\"day\") "
                                   "> ($1, $2) ORDER BY \"daily_stats\".\"user_id\" ASC, "
                                   "\"daily_stats\".\"day\" ASC"),
              std::string::npos)
        << q.to_sql().text;
}

TEST(KeyMatching, NumericKeysMatchByValueAndTuplesElementByElement) {
    EXPECT_TRUE(KeyEqual<Numeric>{}(Numeric::parse("1.5"), Numeric::parse("1.50")));
    EXPECT_EQ(KeyHash<Numeric>{}(Numeric::parse("1.5")),
              KeyHash<Numeric>{}(Numeric::parse("1.500")));
    EXPECT_FALSE(KeyEqual<Numeric>{}(Numeric::parse("15"), Numeric::parse("1.5")));
    using K = std::tuple<std::int64_t, Numeric>;
    EXPECT_TRUE(KeyEqual<K>{}(K{1, Numeric::parse("2.0")}, K{1, Numeric::parse("2")}));
    EXPECT_FALSE(KeyEqual<K>{}(K{1, Numeric::parse("2")}, K{2, Numeric::parse("2")}));
    EXPECT_EQ(KeyHash<K>{}(K{1, Numeric::parse("2.0")}), KeyHash<K>{}(K{1, Numeric::parse("2")}));
    static_assert(kKeyHashable<Uuid> && kKeyHashable<Date> && kKeyHashable<Timestamptz> &&
                  kKeyHashable<Numeric> && kKeyHashable<std::string> && kKeyHashable<StatKey> &&
                  kKeyHashable<Bytes>);
    static_assert(!kKeyHashable<Json>);
}

TEST(StdHash, UuidDateAndTimestamptzWorkInUnorderedContainers) {
    std::unordered_set<Uuid> uuids;
    for (int i = 0; i < 100; ++i) uuids.insert(Uuid::random_v7());
    EXPECT_EQ(uuids.size(), 100U);
    EXPECT_TRUE(uuids.contains(*uuids.begin()));
    std::unordered_set<Date> days = {key_test_day(1), key_test_day(1), key_test_day(2)};
    EXPECT_EQ(days.size(), 2U);
    std::unordered_set<Timestamptz> times = {Timestamptz(1), Timestamptz(1), Timestamptz(2)};
    EXPECT_EQ(times.size(), 2U);
    std::unordered_set<Numeric> numbers = {Numeric::parse("1.5"), Numeric::parse("1.50")};
    EXPECT_EQ(numbers.size(), 2U) << "operator== keeps the scale; the hash does not split them";
}

const std::string kProfileUpsert =
    "INSERT INTO \"daily_stats\" (\"user_id\", \"day\", \"steps\", \"note\", \"updated_at\", "
    "\"deleted_at\") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (\"user_id\", \"day\") DO UPDATE "
    "SET ";

TEST(InsertQuery, DoUpdateAllExceptSetsEveryOtherInsertedColumnFromExcluded) {
    DailyStat row;
    const auto all = insert<DailyStat>()
                         .values(row)
                         .on_conflict({&DailyStat::user_id, &DailyStat::day})
                         .do_update_all_except({})
                         .to_sql();
    EXPECT_EQ(all.text, kProfileUpsert +
                            "\"steps\" = excluded.\"steps\", \"note\" = excluded.\"note\", "
                            "\"updated_at\" = excluded.\"updated_at\", \"deleted_at\" = "
                            "excluded.\"deleted_at\"")
        << "neither the conflict columns nor the generated created_at";
    const auto some = insert<DailyStat>()
                          .values(row)
                          .on_conflict({&DailyStat::user_id, &DailyStat::day})
                          .do_update_all_except({&DailyStat::note, &DailyStat::deleted_at})
                          .to_sql();
    EXPECT_EQ(some.text, kProfileUpsert +
                             "\"steps\" = excluded.\"steps\", \"updated_at\" = "
                             "excluded.\"updated_at\"");
}

TEST(InsertQuery, DoUpdateAllExceptWithNothingLeftStillReturnsTheRow) {
    const auto sql = insert<Owner>()
                         .values(Owner{1, "a", ""})
                         .on_conflict({&Owner::id, &Owner::name})
                         .do_update_all_except({})
                         .to_sql();
    EXPECT_NE(sql.text.find("DO UPDATE SET \"id\" = excluded.\"id\""), std::string::npos)
        << sql.text;
}

TEST(InsertQuery, DoUpdateAllExceptNeedsAConflictTarget) {
    EXPECT_THROW(insert<Owner>().values(Owner{}).do_update_all_except({}), UsageError);
}

}  // namespace
}  // namespace strata::orm::test
