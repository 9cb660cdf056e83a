// Upserts that list no columns, on PostgreSQL and SQLite: a wide table and a struct that grows.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "orm/repository_suite.hpp"

namespace strata::orm::test {

/// A wide settings row as a team first mapped it.
struct ProfileV1 {
    std::string handle;
    std::string display_name;
    std::optional<std::string> bio;
    std::int32_t age = 0;
    bool newsletter = false;
    double score = 0;
    std::optional<std::string> locale;
    std::optional<std::string> timezone;
    std::int64_t visits = 0;
    std::optional<Timestamptz> created_at;
};

/// The same table after two columns were added to the struct and its mapping.
struct ProfileV2 {
    std::string handle;
    std::string display_name;
    std::optional<std::string> bio;
    std::int32_t age = 0;
    bool newsletter = false;
    double score = 0;
    std::optional<std::string> locale;
    std::optional<std::string> timezone;
    std::int64_t visits = 0;
    std::optional<Timestamptz> created_at;
    std::optional<std::string> theme;
    std::int32_t level = 0;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::ProfileV1> {
    using T = strata::orm::test::ProfileV1;
    static constexpr std::string_view name = "profiles";
    static constexpr auto columns = std::make_tuple(
        column("handle", &T::handle, kPrimaryKey), column("display_name", &T::display_name),
        column("bio", &T::bio), column("age", &T::age), column("newsletter", &T::newsletter),
        column("score", &T::score), column("locale", &T::locale), column("timezone", &T::timezone),
        column("visits", &T::visits), column("created_at", &T::created_at, kGenerated));
};

template <>
struct strata::orm::Table<strata::orm::test::ProfileV2> {
    using T = strata::orm::test::ProfileV2;
    static constexpr std::string_view name = "profiles";
    static constexpr auto columns = std::make_tuple(
        column("handle", &T::handle, kPrimaryKey), column("display_name", &T::display_name),
        column("bio", &T::bio), column("age", &T::age), column("newsletter", &T::newsletter),
        column("score", &T::score), column("locale", &T::locale), column("timezone", &T::timezone),
        column("visits", &T::visits), column("created_at", &T::created_at, kGenerated),
        column("theme", &T::theme), column("level", &T::level));
};

namespace strata::orm::test {

inline const char* kUpsertPgSchema = R"sql(
CREATE TABLE profiles (
    handle text PRIMARY KEY, display_name text NOT NULL, bio text, age integer NOT NULL,
    newsletter boolean NOT NULL, score double precision NOT NULL, locale text, timezone text,
    visits bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), theme text,
    level integer NOT NULL DEFAULT 0);
)sql";

inline const char* kUpsertSqliteSchema = R"sql(
CREATE TABLE profiles (
    handle TEXT PRIMARY KEY, display_name TEXT NOT NULL, bio TEXT, age INTEGER NOT NULL,
    newsletter BOOLEAN NOT NULL, score REAL NOT NULL, locale TEXT, timezone TEXT,
    visits INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    theme TEXT, level INTEGER NOT NULL DEFAULT 0);
)sql";

class UpsertSuite : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(open_fresh_database(kUpsertPgSchema, kUpsertSqliteSchema));
    }

    /// The application's save: the same call whatever the struct's version.
    template <class Profile>
    Profile save(const Profile& p) {
        return db_->transact([&](Session& s) { return Repository<Profile>(s).upsert(p); });
    }

    static ProfileV1 v1(std::string handle, int n) {
        ProfileV1 p;
        p.handle = std::move(handle);
        p.display_name = "name" + std::to_string(n);
        p.bio = "bio" + std::to_string(n);
        p.age = n;
        p.newsletter = n % 2 == 1;
        p.score = n + 0.5;
        p.locale = "de-" + std::to_string(n);
        p.timezone = "Europe/" + std::to_string(n);
        p.visits = 1000 + n;
        return p;
    }

    std::optional<Database> db_;
};

TEST_F(UpsertSuite, UpsertWithoutColumnsUpdatesEveryNonKeyColumnOfAWideTable) {
    save(v1("ada", 1));
    auto p = v1("ada", 2);
    p.bio.reset();
    auto got = save(p);
    EXPECT_EQ(got.display_name, "name2");
    EXPECT_FALSE(got.bio.has_value()) << "a NULL proposed is written too";
    EXPECT_EQ(got.age, 2);
    EXPECT_FALSE(got.newsletter);
    EXPECT_EQ(got.score, 2.5);
    EXPECT_EQ(got.locale, "de-2");
    EXPECT_EQ(got.timezone, "Europe/2");
    EXPECT_EQ(got.visits, 1002);
    EXPECT_TRUE(got.created_at.has_value());
    db_->transact([&](Session& s) { EXPECT_EQ(Repository<ProfileV1>(s).count(), 1); });
}

TEST_F(UpsertSuite, ColumnsAddedToTheStructAreUpdatedWithoutTouchingTheCall) {
    save(v1("ada", 1));
    const auto old = v1("ada", 3);
    ProfileV2 p{old.handle, old.display_name, old.bio,    old.age,      old.newsletter, old.score,
                old.locale, old.timezone,     old.visits, std::nullopt, "dark",         9};
    auto got = save(p);  // the same save() the V1 code calls
    EXPECT_EQ(got.theme, "dark");
    EXPECT_EQ(got.level, 9);
    EXPECT_EQ(got.display_name, "name3");
    p.theme.reset();
    p.level = 4;
    got = save(p);
    EXPECT_FALSE(got.theme.has_value());
    EXPECT_EQ(got.level, 4);
}

TEST_F(UpsertSuite, TheServerGeneratedColumnKeepsItsValue) {
    save(v1("ada", 1));
    db_->transact(
        [&](Session& s) { s.execute("UPDATE profiles SET created_at = '2001-02-03T04:05:06Z'"); });
    auto got = save(v1("ada", 2));
    EXPECT_EQ(got.created_at, Timestamptz::parse("2001-02-03T04:05:06Z"));
    EXPECT_EQ(got.age, 2);
}

TEST_F(UpsertSuite, DoUpdateAllExceptLeavesTheListedColumnsAlone) {
    save(v1("ada", 1));
    auto p = v1("ada", 2);
    auto got = db_->transact([&](Session& s) {
        auto q = insert<ProfileV1>()
                     .values(p)
                     .on_conflict({&ProfileV1::handle})
                     .do_update_all_except({&ProfileV1::visits, &ProfileV1::bio})
                     .returning_all();
        return execute(s, q).as<ProfileV1>().at(0);
    });
    EXPECT_EQ(got.visits, 1001) << "excepted";
    EXPECT_EQ(got.bio, "bio1") << "excepted";
    EXPECT_EQ(got.age, 2);
    EXPECT_EQ(got.display_name, "name2");
}

TEST_F(UpsertSuite, UpsertWithNoUpdateColumnReturnsTheRowThereUnchanged) {
    db_->transact([&](Session& s) {
        s.execute_script(s.backend() == driver::Backend::postgres ? kPgSchema : kSqliteSchema);
        Repository<Reading> readings(s);
        auto first =
            readings.upsert(Reading{0, "dev", 1, 1.5}, {&Reading::device, &Reading::day}, {});
        auto again =
            readings.upsert(Reading{0, "dev", 1, 9.5}, {&Reading::device, &Reading::day}, {});
        EXPECT_EQ(again.id, first.id);
        EXPECT_EQ(again.value, 1.5) << "left as it was";
        EXPECT_THROW(readings.upsert(Reading{0, "dev", 2, 1.0}, {}, {}), UsageError);
    });
}

TEST_F(UpsertSuite, UpsertOnNamedConflictColumnsUpdatesTheRest) {
    db_->transact([&](Session& s) {
        Repository<Reading> readings(s);
        s.execute_script(s.backend() == driver::Backend::postgres ? kPgSchema : kSqliteSchema);
        auto first = readings.upsert(Reading{0, "dev", 1, 1.5}, {&Reading::device, &Reading::day});
        auto second = readings.upsert(Reading{0, "dev", 1, 2.5}, {&Reading::device, &Reading::day});
        EXPECT_EQ(second.id, first.id) << "the identity key is server-generated: not updated";
        EXPECT_EQ(second.value, 2.5);
        EXPECT_EQ(readings.count(), 1);
    });
}

}  // namespace strata::orm::test
