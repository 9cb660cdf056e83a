// Repository<T> on composite, uuid and other keys, written once and run on PostgreSQL and SQLite.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <tuple>
#include <vector>

#include "orm/key_models.hpp"
#include "orm/repository_suite.hpp"
#include "strata/orm/related.hpp"

namespace strata::orm::test {

inline const char* kKeyPgSchema = R"sql(
CREATE TABLE daily_stats (
    user_id bigint NOT NULL,
    day date NOT NULL,
    steps integer NOT NULL,
    note text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    deleted_at timestamptz,
    CONSTRAINT daily_stats_pkey PRIMARY KEY (user_id, day));
CREATE TABLE devices (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE keyed_date (k date PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_ts (k timestamptz PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_numeric (k numeric(10, 2) PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_text (k text PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_int (k integer PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_small (k smallint PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_bytea (k bytea PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_tiny (k smallint PRIMARY KEY, v text NOT NULL);
CREATE TABLE keyed_u32 (k bigint PRIMARY KEY, v text NOT NULL);
CREATE TABLE blobs (id bigint PRIMARY KEY, digest bytea NOT NULL REFERENCES keyed_bytea (k),
                    part text NOT NULL);
)sql";

inline const char* kKeySqliteSchema = R"sql(
CREATE TABLE daily_stats (
    user_id INTEGER NOT NULL,
    day DATE NOT NULL,
    steps INTEGER NOT NULL,
    note TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ,
    PRIMARY KEY (user_id, day)) WITHOUT ROWID;
CREATE TABLE devices (id UUID PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE keyed_date (k DATE PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_ts (k TIMESTAMPTZ PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_numeric (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_text (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_int (k INTEGER PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_small (k INTEGER PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_bytea (k BLOB PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_tiny (k INTEGER PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE keyed_u32 (k INTEGER PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE blobs (id INTEGER PRIMARY KEY, digest BLOB NOT NULL REFERENCES keyed_bytea (k),
                    part TEXT NOT NULL);
)sql";

class KeySuite : public ::testing::Test {
protected:
    void SetUp() override { db_.emplace(open_fresh_database(kKeyPgSchema, kKeySqliteSchema)); }

    static Date day(int d) { return Date::parse("2024-03-0" + std::to_string(d)); }

    /// Rows (1, day 1..3) and (2, day 1), steps = 100 * user + day.
    void add_stats() {
        db_->transact([&](Session& s) {
            Repository<DailyStat> stats(s);
            for (auto [user, d] :
                 std::initializer_list<std::pair<int, int>>{{1, 1}, {1, 2}, {1, 3}, {2, 1}}) {
                DailyStat row;
                row.user_id = user;
                row.day = day(d);
                row.steps = 100 * user + d;
                stats.insert(row);
            }
        });
    }

    /// Inserts a row for each key and checks that load_many finds them in the order asked.
    template <class K>
    void expect_load_many_finds(const std::array<K, 3>& keys) {
        db_->transact([&](Session& s) {
            Repository<Keyed<K>> repo(s);
            for (std::size_t i = 0; i < 2; ++i) repo.insert({keys[i], "v" + std::to_string(i)});
            const std::vector<K> asked = {keys[1], keys[2], keys[0]};  // keys[2] is missing
            auto got = repo.load_many(asked);
            ASSERT_EQ(got.size(), 2U) << KeyedName<K>::name;
            EXPECT_EQ(got[0].v, "v1") << KeyedName<K>::name;
            EXPECT_EQ(got[1].v, "v0") << KeyedName<K>::name;
            EXPECT_EQ(repo.get_by_id(keys[1])->v, "v1") << KeyedName<K>::name;
        });
    }

    std::optional<Database> db_;
};

TEST_F(KeySuite, GetByIdOnACompositeKeyTakesATupleInColumnOrder) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        static_assert(std::is_same_v<Repository<DailyStat>::Key, std::tuple<std::int64_t, Date>>);
        auto got = stats.get_by_id({1, day(2)});
        ASSERT_TRUE(got);
        EXPECT_EQ(got->steps, 102);
        EXPECT_TRUE(got->created_at.has_value()) << "a server default of a composite-key table";
        EXPECT_EQ(stats.get_by_id(std::tuple{std::int64_t{2}, day(1)})->steps, 201);
        EXPECT_EQ(stats.get_by_id(std::make_tuple(1, day(3)))->steps, 103) << "int converts";
        EXPECT_FALSE(stats.get_by_id({2, day(2)})) << "each part exists, the pair does not";
        EXPECT_FALSE(stats.get_by_id({3, day(1)}));
    });
}

TEST_F(KeySuite, UpdateByIdOnACompositeKeyChangesThatRowOnly) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        auto got = stats.update_by_id({1, day(2)}, Patch<DailyStat>{}.set(&DailyStat::steps, 7));
        ASSERT_TRUE(got);
        EXPECT_EQ(got->steps, 7);
        EXPECT_TRUE(got->updated_at.has_value());
        EXPECT_EQ(stats.get_by_id({1, day(1)})->steps, 101);
        EXPECT_EQ(stats.get_by_id({1, day(3)})->steps, 103);
        EXPECT_EQ(stats.get_by_id({2, day(1)})->steps, 201);
        EXPECT_FALSE(stats.update_by_id({2, day(3)}, Patch<DailyStat>{}.set(&DailyStat::steps, 1)));
        EXPECT_EQ(stats.update_by_id({1, day(3)}, Patch<DailyStat>{})->steps, 103)
            << "an empty patch reads the row (updated_at is still set)";
    });
}

TEST_F(KeySuite, SoftDeleteRestoreAndDeleteByACompositeKey) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        EXPECT_TRUE(stats.soft_delete_by_id({1, day(1)}));
        EXPECT_FALSE(stats.soft_delete_by_id({1, day(1)})) << "already deleted";
        EXPECT_FALSE(stats.get_by_id({1, day(1)}));
        EXPECT_TRUE(stats.with_deleted().get_by_id({1, day(1)}));
        EXPECT_EQ(stats.count(), 3) << "only the one row is deleted";
        EXPECT_TRUE(stats.restore_by_id({1, day(1)}));
        EXPECT_FALSE(stats.restore_by_id({1, day(1)}));
        EXPECT_TRUE(stats.get_by_id({1, day(1)}));
        EXPECT_TRUE(stats.delete_by_id({1, day(2)}));
        EXPECT_FALSE(stats.delete_by_id({1, day(2)}));
        EXPECT_FALSE(stats.with_deleted().get_by_id({1, day(2)}));
        EXPECT_EQ(stats.count(), 3);
    });
}

TEST_F(KeySuite, LoadManyOnACompositeKeyKeepsTheOrderAskedAndSkipsMissingAndDeleted) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        stats.soft_delete_by_id({1, day(3)});
        auto got =
            stats.load_many({{2, day(1)}, {1, day(3)}, {9, day(1)}, {1, day(1)}, {2, day(2)}});
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0].steps, 201);
        EXPECT_EQ(got[1].steps, 101);
        EXPECT_EQ(stats.with_deleted().load_many({{1, day(3)}}).size(), 1U);
        EXPECT_TRUE(stats.load_many(std::span<const Repository<DailyStat>::Key>{}).empty());
        // Many keys in one statement.
        std::vector<Repository<DailyStat>::Key> many;
        many.reserve(300);
        for (int i = 0; i < 300; ++i) many.emplace_back(1 + i % 3, day(1 + i % 4));
        EXPECT_EQ(stats.load_many(many).size(), 75U)
            << "(1, d1), (1, d2) and (2, d1), asked 25 times each";
    });
}

TEST_F(KeySuite, LoadManyOfMoreKeysThanAStatementBindsIsSplit) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        // 80,000 and 70,000 parameters: more than either backend binds in one statement.
        std::vector<Repository<DailyStat>::Key> keys(40'000, {7, day(1)});
        keys.back() = {2, day(1)};
        keys.front() = {1, day(2)};
        auto got = stats.load_many(keys);
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0].steps, 102);
        EXPECT_EQ(got[1].steps, 201);
        std::vector<std::int32_t> ints(70'000, 0);
        for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<std::int32_t>(i);
        Repository<Keyed<std::int32_t>> keyed(s);
        keyed.insert({0, "first"});
        keyed.insert({static_cast<std::int32_t>(ints.size() - 1), "last"});
        auto both = keyed.load_many(ints);
        ASSERT_EQ(both.size(), 2U);
        EXPECT_EQ(both[0].v, "first");
        EXPECT_EQ(both[1].v, "last");
    });
}

TEST_F(KeySuite, PagesOfACompositeKeyFollowTheKeyOrder) {
    add_stats();
    std::vector<std::pair<std::int64_t, Date>> seen;
    std::optional<DailyStat> after;
    for (;;) {
        auto page =
            db_->transact([&](Session& s) { return Repository<DailyStat>(s).page({}, 3, after); });
        if (page.empty()) break;
        for (const auto& r : page) seen.emplace_back(r.user_id, r.day);
        after = page.back();
    }
    const std::vector<std::pair<std::int64_t, Date>> expected = {
        {1, day(1)}, {1, day(2)}, {1, day(3)}, {2, day(1)}};
    EXPECT_EQ(seen, expected);
}

TEST_F(KeySuite, UpsertOnACompositeKeyInsertsThenUpdatesTheRow) {
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        DailyStat row;
        row.user_id = 1;
        row.day = day(5);
        row.steps = 10;
        auto first = stats.upsert(row);
        EXPECT_EQ(first.steps, 10);
        s.execute("UPDATE daily_stats SET created_at = '2001-02-03T04:05:06Z'");
        row.steps = 20;
        row.note = "walked";
        auto second = stats.upsert(row);
        EXPECT_EQ(second.steps, 20);
        EXPECT_EQ(second.note, "walked");
        EXPECT_EQ(second.created_at, Timestamptz::parse("2001-02-03T04:05:06Z"))
            << "a server-generated column is left alone";
        EXPECT_EQ(stats.count(), 1);
    });
}

TEST_F(KeySuite, UpsertWritesTheSoftDeleteColumnFromTheValueToo) {
    add_stats();
    db_->transact([&](Session& s) {
        Repository<DailyStat> stats(s);
        ASSERT_TRUE(stats.soft_delete_by_id({1, day(1)}));
        auto row = *stats.with_deleted().get_by_id({1, day(1)});
        row.deleted_at.reset();
        row.steps = 5;
        EXPECT_FALSE(stats.upsert(row).deleted_at.has_value());
        EXPECT_EQ(stats.get_by_id({1, day(1)})->steps, 5) << "revived";
    });
}

TEST_F(KeySuite, UuidKeysWorkForEveryByIdMethodAndLoadMany) {
    const Uuid a = Uuid::random_v7();
    const Uuid b = Uuid::random_v4();
    const Uuid missing = Uuid::random_v4();
    db_->transact([&](Session& s) {
        Repository<Device> devices(s);
        devices.insert({a, "a"});
        devices.insert({b, "b"});
        auto got = devices.load_many({b, missing, a});
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0].name, "b");
        EXPECT_EQ(got[1].name, "a");
        EXPECT_EQ(devices.get_by_id(a)->name, "a");
        EXPECT_EQ(devices.update_by_id(b, Patch<Device>{}.set(&Device::name, "b2"))->name, "b2");
        EXPECT_EQ(devices.upsert({a, "a2"}).name, "a2");
        EXPECT_EQ(devices.upsert({missing, "m"}).id, missing);
        EXPECT_TRUE(devices.delete_by_id(b));
        EXPECT_FALSE(devices.get_by_id(b));
        EXPECT_EQ(devices.count(), 2);
    });
}

TEST_F(KeySuite, LoadManyWorksForEveryKeyValueType) {
    expect_load_many_finds<Date>({day(1), Date::parse("1999-12-31"), day(9)});
    expect_load_many_finds<Timestamptz>({Timestamptz::parse("2024-01-02T03:04:05.123456Z"),
                                         Timestamptz(0), Timestamptz::parse("2030-01-01 00:00Z")});
    expect_load_many_finds<Numeric>(
        {Numeric::parse("1.25"), Numeric::parse("-3.5"), Numeric::parse("7.00")});
    expect_load_many_finds<std::string>({"alpha", "b\xc3\xa9ta", "gamma"});
    expect_load_many_finds<std::int32_t>({7, -1, 3});
    expect_load_many_finds<std::int16_t>({7, -1, 3});
    expect_load_many_finds<std::int8_t>({-128, 127, 0});
    expect_load_many_finds<std::uint32_t>({4294967295U, 0, 2147483648U});
}

TEST_F(KeySuite, BytesKeysWorkForGetByIdLoadManyAndRelatedLoader) {
    // Not text: a NUL byte, bytes that are not UTF-8, a prefix of another key, the empty value.
    const Bytes nul(std::string_view("\x00\x01", 2));
    const Bytes high(std::vector<std::uint8_t>{0xff, 0xfe, 0x80});
    const Bytes prefix(std::vector<std::uint8_t>{0xff, 0xfe});
    const Bytes empty;
    expect_load_many_finds<Bytes>({nul, high, prefix});
    db_->transact([&](Session& s) {
        Repository<Keyed<Bytes>> keyed(s);
        keyed.insert({empty, "empty"});
        keyed.insert({prefix, "prefix"});
        EXPECT_EQ(keyed.get_by_id(empty)->v, "empty");
        EXPECT_EQ(keyed.get_by_id(prefix)->v, "prefix");
        EXPECT_FALSE(keyed.get_by_id(Bytes(std::vector<std::uint8_t>{0xff})));
        auto got = keyed.load_many({prefix, empty, nul, Bytes(std::string_view("x")), high});
        ASSERT_EQ(got.size(), 4U);
        EXPECT_EQ(got[0].v, "prefix");
        EXPECT_EQ(got[1].v, "empty");
        EXPECT_EQ(got[2].v, "v0");
        EXPECT_EQ(got[3].v, "v1");
        EXPECT_EQ(keyed.update_by_id(nul, Patch<Keyed<Bytes>>{}.set(&Keyed<Bytes>::v, "n"))->v,
                  "n");

        Repository<Blob> blobs(s);
        blobs.insert({1, high, "h1"});
        blobs.insert({2, nul, "n1"});
        blobs.insert({3, high, "h2"});
        const std::vector<Keyed<Bytes>> parents = keyed.load_many({high, nul, prefix});
        auto by_digest = RelatedLoader<Blob>(s).load(&Blob::digest, parents);
        ASSERT_EQ(by_digest.size(), 3U);
        ASSERT_EQ(by_digest[high].size(), 2U);
        EXPECT_EQ(by_digest[high][0].part, "h1");
        EXPECT_EQ(by_digest[high][1].part, "h2");
        EXPECT_EQ(by_digest[nul].at(0).part, "n1");
        EXPECT_TRUE(by_digest[prefix].empty()) << "a prefix of a key is another key";
    });
}

}  // namespace strata::orm::test
