// Repository<T> behaviour, written once and run on PostgreSQL and on SQLite.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "orm/models.hpp"
#include "strata/core/error.hpp"
#include "strata/orm/constraints.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/database.hpp"

namespace strata::orm::test {

/// Returns the URL of a fresh empty database; set by the backend-specific test file.
inline std::function<std::string()> g_fresh_url;

inline const char* kPgSchema = R"sql(
CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE todos (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id bigint NOT NULL,
    title text NOT NULL,
    note text,
    payload bytea NOT NULL,
    priority integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    deleted_at timestamptz,
    CONSTRAINT uq_todos_title UNIQUE (owner_id, title));
CREATE TABLE readings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device text NOT NULL, day integer NOT NULL, value double precision NOT NULL,
    CONSTRAINT uq_readings_device_day UNIQUE (device, day));
)sql";

inline const char* kSqliteSchema = R"sql(
CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    note TEXT,
    payload BLOB NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00', 'now')),
    updated_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ);
CREATE UNIQUE INDEX uq_todos_title ON todos (owner_id, title);
CREATE TABLE readings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device TEXT NOT NULL, day INTEGER NOT NULL, value REAL NOT NULL);
CREATE UNIQUE INDEX uq_readings_device_day ON readings (device, day);
)sql";

/// A fresh database of the backend under test, made from the schema for that backend.
inline Database open_fresh_database(const char* pg_schema, const char* sqlite_schema) {
    session::DatabaseOptions o;
    o.url = g_fresh_url();
    auto db = Database::open(o);
    db.transact([&](Session& s) {
        s.execute_script(s.backend() == driver::Backend::postgres ? pg_schema : sqlite_schema);
    });
    return db;
}

class RepositorySuite : public ::testing::Test {
protected:
    void SetUp() override { db_.emplace(open_fresh_database(kPgSchema, kSqliteSchema)); }

    bool pg() {
        return db_->transact([](Session& s) { return s.backend() == driver::Backend::postgres; });
    }

    static Todo todo(std::int64_t owner, std::string title, std::int32_t priority = 0) {
        Todo t;
        t.owner_id = owner;
        t.title = std::move(title);
        t.priority = priority;
        t.payload = Bytes(std::string_view("\x01\x02", 2));
        return t;
    }

    std::int64_t add(std::int64_t owner, const std::string& title, std::int32_t priority = 0) {
        return db_->transact([&](Session& s) {
            return Repository<Todo>(s).insert(todo(owner, title, priority)).id;
        });
    }

    std::optional<Database> db_;
};

TEST_F(RepositorySuite, InsertReturnsTheServerGeneratedColumns) {
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        auto a = todos.insert(todo(1, "a"));
        auto b = todos.insert(todo(1, "b"));
        EXPECT_GT(a.id, 0);
        EXPECT_EQ(b.id, a.id + 1);
        ASSERT_TRUE(a.created_at.has_value());
        EXPECT_LT(std::abs(a.created_at->unix_micros() - Timestamptz::now().unix_micros()),
                  60'000'000);
        EXPECT_EQ(a.payload, Bytes(std::string_view("\x01\x02", 2)));
        EXPECT_FALSE(a.note.has_value());
    });
}

TEST_F(RepositorySuite, GetByIdFindsTheRowAndNothingForAMissingId) {
    auto id = add(1, "a");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        auto got = todos.get_by_id(id);
        ASSERT_TRUE(got);
        EXPECT_EQ(got->title, "a");
        EXPECT_FALSE(todos.get_by_id(id + 100));
    });
}

TEST_F(RepositorySuite, GetOneReturnsTheMatchAndThrowsForTwo) {
    add(1, "a");
    add(1, "b");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        EXPECT_EQ(todos.get_one(col(&Todo::title) == "b")->title, "b");
        EXPECT_FALSE(todos.get_one(col(&Todo::title) == "zz"));
        EXPECT_THROW((void)todos.get_one(col(&Todo::owner_id) == 1), Error);
    });
}

TEST_F(RepositorySuite, FindFiltersOrdersAndLimits) {
    add(1, "a", 3);
    add(1, "b", 1);
    add(2, "c", 2);
    add(1, "d", 2);
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        auto got = todos.find(col(&Todo::owner_id) == 1, {desc(&Todo::priority)}, 2);
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0].title, "a");
        EXPECT_EQ(got[1].title, "d");
        EXPECT_EQ(todos.find().size(), 4U);
        EXPECT_EQ(todos.find(col(&Todo::title).like("%c%")).size(), 1U);
        EXPECT_EQ(todos.find(col(&Todo::title).in({"a", "c"})).size(), 2U);
        EXPECT_EQ(todos.find(col(&Todo::note).is_null() && !(col(&Todo::priority) >= 2)).size(),
                  1U);
    });
}

TEST_F(RepositorySuite, CountAndExistsHonourTheFilter) {
    add(1, "a");
    add(2, "b");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        EXPECT_EQ(todos.count(), 2);
        EXPECT_EQ(todos.count(col(&Todo::owner_id) == 2), 1);
        EXPECT_TRUE(todos.exists(col(&Todo::title) == "a"));
        EXPECT_FALSE(todos.exists(col(&Todo::title) == "x"));
    });
}

TEST_F(RepositorySuite, UpdateByIdAppliesAPatchAndSetsUpdatedAtInUtc) {
    auto id = db_->transact([&](Session& s) {
        auto t = todo(1, "a", 5);
        t.note = "keep?";
        return Repository<Todo>(s).insert(t).id;
    });
    const auto before = Timestamptz::now();
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        auto got =
            todos.update_by_id(id, Patch<Todo>{}.set(&Todo::title, "b").set_null(&Todo::note));
        ASSERT_TRUE(got);
        EXPECT_EQ(got->title, "b");
        EXPECT_FALSE(got->note.has_value());
        EXPECT_EQ(got->priority, 5) << "a column the patch leaves unchanged keeps its value";
        ASSERT_TRUE(got->updated_at.has_value());
        EXPECT_GE(got->updated_at->unix_micros(), before.unix_micros());
        auto again = todos.update_by_id(id, Patch<Todo>{}.set(&Todo::note, std::string("n")));
        EXPECT_EQ(again->note, "n");
        EXPECT_EQ(again->title, "b");
        EXPECT_FALSE(todos.update_by_id(id + 100, Patch<Todo>{}.set(&Todo::title, "x")));
    });
}

TEST_F(RepositorySuite, SoftDeletedRowsAreHiddenVisibleWithDeletedAndRestorable) {
    auto id = add(1, "a");
    add(1, "b");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        EXPECT_TRUE(todos.soft_delete_by_id(id));
        EXPECT_FALSE(todos.soft_delete_by_id(id)) << "already deleted";
        EXPECT_FALSE(todos.get_by_id(id));
        EXPECT_EQ(todos.count(), 1);
        EXPECT_FALSE(todos.update_by_id(id, Patch<Todo>{}.set(&Todo::title, "x")));
        EXPECT_TRUE(todos.with_deleted().get_by_id(id));
        EXPECT_EQ(todos.with_deleted().count(), 2);
        auto only = todos.only_deleted().find();
        ASSERT_EQ(only.size(), 1U);
        EXPECT_EQ(only[0].id, id);
        EXPECT_TRUE(only[0].deleted_at.has_value());
        // A user query gets the same filter from the helper.
        EXPECT_EQ(fetch(s, todos.apply_soft_delete_filter(select<Todo>())).size(), 1U);
        EXPECT_TRUE(todos.restore_by_id(id));
        EXPECT_FALSE(todos.restore_by_id(id)) << "not deleted any more";
        EXPECT_EQ(todos.get_by_id(id)->title, "a");
    });
}

TEST_F(RepositorySuite, DeleteByIdRemovesTheRowForGood) {
    auto id = add(1, "a");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        EXPECT_TRUE(todos.delete_by_id(id));
        EXPECT_FALSE(todos.with_deleted().get_by_id(id));
        EXPECT_FALSE(todos.delete_by_id(id));
    });
}

TEST_F(RepositorySuite, UpsertOnACompositeKeyUpdatesOnlyTheListedColumns) {
    db_->transact([&](Session& s) {
        Repository<Reading> readings(s);
        auto first = readings.upsert(Reading{0, "dev", 1, 1.5}, {&Reading::device, &Reading::day},
                                     {&Reading::value});
        auto second = readings.upsert(Reading{0, "dev", 1, 2.5}, {&Reading::device, &Reading::day},
                                      {&Reading::value});
        auto other = readings.upsert(Reading{0, "dev", 2, 9.0}, {&Reading::device, &Reading::day},
                                     {&Reading::value});
        EXPECT_EQ(first.id, second.id);
        EXPECT_EQ(second.value, 2.5);
        EXPECT_NE(other.id, first.id);
        EXPECT_EQ(readings.count(), 2);
    });
}

TEST_F(RepositorySuite, LoadManyReturnsTheFoundRowsInTheOrderAskedAndSkipsMissingOnes) {
    auto a = add(1, "a");
    auto b = add(1, "b");
    auto c = add(1, "c");
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        todos.soft_delete_by_id(c);
        auto got = todos.load_many({b, a + 1000, a, c});
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0].id, b);
        EXPECT_EQ(got[1].id, a);
        EXPECT_TRUE(todos.load_many(std::span<const std::int64_t>{}).empty());
        EXPECT_EQ(todos.with_deleted().load_many({c}).size(), 1U);
    });
}

TEST_F(RepositorySuite, InsertManyLoadsFewAndManyRows) {
    std::vector<Todo> few;
    std::vector<Todo> many;
    for (int i = 0; i < 3; ++i) few.push_back(todo(1, "few" + std::to_string(i)));
    for (int i = 0; i < 500; ++i) many.push_back(todo(2, "many" + std::to_string(i), i));
    db_->transact([&](Session& s) {
        Repository<Todo> todos(s);
        EXPECT_EQ(todos.insert_many(few), 3U);
        EXPECT_EQ(todos.insert_many(many), 500U);
        EXPECT_EQ(todos.count(col(&Todo::owner_id) == 2), 500);
        auto last = todos.get_one(col(&Todo::title) == "many499");
        ASSERT_TRUE(last);
        EXPECT_EQ(last->priority, 499);
        EXPECT_TRUE(last->created_at.has_value()) << "server default applied by the bulk load";
    });
}

TEST_F(RepositorySuite, KeysetPagesStayStableWhileRowsAreInserted) {
    std::set<std::int64_t> original;
    for (int i = 0; i < 25; ++i) original.insert(add(1, "p" + std::to_string(i)));
    std::vector<std::int64_t> seen;
    std::optional<Todo> after;
    int extra = 0;
    for (;;) {
        auto page = db_->transact([&](Session& s) {
            return Repository<Todo>(s).page(col(&Todo::owner_id) == 1, 10, after);
        });
        if (page.empty()) break;
        for (const auto& t : page) seen.push_back(t.id);
        after = page.back();
        add(1, "extra" + std::to_string(extra++));  // a concurrent writer between pages
        if (extra > 10) break;
    }
    std::set<std::int64_t> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "a row appeared on two pages";
    for (auto id : original) EXPECT_TRUE(unique.contains(id)) << "row " << id << " was skipped";
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(RepositorySuite, ConstraintViolationsTranslateByName) {
    struct DuplicateTitle {};
    add(1, "a");
    EXPECT_THROW(db_->transact([&](Session& s) {
        translate_constraints(
            [&] { return Repository<Todo>(s).insert(todo(1, "a")); },
            {{"uq_todos_title", [](const ConstraintViolation&) { throw DuplicateTitle{}; }}});
    }),
                 DuplicateTitle);
    EXPECT_THROW(db_->transact([&](Session& s) {
        translate_constraints(
            [&] { return Repository<Todo>(s).insert(todo(1, "a")); },
            {{"some_other_name", [](const ConstraintViolation&) { throw DuplicateTitle{}; }}});
    }),
                 UniqueViolation);
}

}  // namespace strata::orm::test
