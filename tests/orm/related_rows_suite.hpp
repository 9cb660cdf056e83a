// Related rows without N+1, run on PostgreSQL and on SQLite: join fetch into tuples and
// RelatedLoader (one statement for many parents, soft-delete aware).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "orm/models.hpp"
#include "strata/core/log.hpp"
#include "strata/orm/related.hpp"
#include "strata/session/database.hpp"

namespace strata::orm::test {

/// A comment on a todo: a nullable foreign key and nullable columns, soft delete.
struct Comment {
    std::int64_t id = 0;
    std::optional<std::int64_t> todo_id;
    std::string body;
    std::optional<std::string> mood;
    std::optional<Timestamptz> deleted_at;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Comment> {
    using T = strata::orm::test::Comment;
    static constexpr std::string_view name = "comments";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey | kGenerated), column("todo_id", &T::todo_id),
        column("body", &T::body), column("mood", &T::mood), column("deleted_at", &T::deleted_at));
};

namespace strata::orm::test {

/// The URL of a fresh empty database; set by the backend-specific test file.
inline std::function<std::string()> g_related_rows_url;

inline const char* kRelatedRowsPgSchema = R"sql(
CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE todos (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner_id bigint NOT NULL,
    title text NOT NULL, note text, payload bytea NOT NULL, priority integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz, deleted_at timestamptz);
CREATE TABLE comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, todo_id bigint, body text NOT NULL,
    mood text, deleted_at timestamptz);
)sql";

inline const char* kRelatedRowsSqliteSchema = R"sql(
CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT, owner_id INTEGER NOT NULL, title TEXT NOT NULL,
    note TEXT, payload BLOB NOT NULL, priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00', 'now')),
    updated_at TIMESTAMPTZ, deleted_at TIMESTAMPTZ);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, todo_id INTEGER, body TEXT NOT NULL, mood TEXT,
    deleted_at TIMESTAMPTZ);
)sql";

/// Counts the statements the session echoes (DB_ECHO) that contain a piece of text.
class EchoedStatements {
public:
    EchoedStatements() {
        log::set_sink([this](log::Level, std::string_view line) {
            std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        });
    }
    ~EchoedStatements() { log::set_sink(nullptr); }
    EchoedStatements(const EchoedStatements&) = delete;
    EchoedStatements& operator=(const EchoedStatements&) = delete;

    std::size_t containing(std::string_view part) {
        std::lock_guard lock(mutex_);
        return static_cast<std::size_t>(
            std::count_if(lines_.begin(), lines_.end(),
                          [&](const std::string& l) { return l.find(part) != std::string::npos; }));
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

/// Owners ann (todos a1, a2 and a soft-deleted a-gone), bob (b1) and cy (none); a todo of an
/// owner that does not exist; comments on a1 (every nullable column NULL), a soft-deleted one
/// on a2, one on the orphan todo and one on no todo.
class RelatedRows : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = g_related_rows_url();
        db_.emplace(Database::open({.url = url_}));
        db_->transact([&](Session& s) {
            pg_ = s.backend() == driver::Backend::postgres;
            s.execute_script(pg_ ? kRelatedRowsPgSchema : kRelatedRowsSqliteSchema);
            Repository<Owner> owners(s);
            for (const auto& [id, name] : {std::pair{1, "ann"}, {2, "bob"}, {3, "cy"}})
                owners.insert(Owner{id, name, {}});
            Repository<Todo> todos(s);
            a1_ = todos.insert(todo(1, "a1", 1)).id;
            a2_ = todos.insert(todo(1, "a2", 2)).id;
            gone_ = todos.insert(todo(1, "a-gone", 3)).id;
            todos.soft_delete_by_id(gone_);
            b1_ = todos.insert(todo(2, "b1", 1)).id;
            orphan_ = todos.insert(todo(9, "orphan")).id;
            Repository<Comment> comments(s);
            c1_ = comments.insert(Comment{0, a1_, "c1", {}, {}}).id;
            c2_ = comments.insert(Comment{0, a2_, "c2", "sad", {}}).id;
            comments.soft_delete_by_id(c2_);
            c3_ = comments.insert(Comment{0, orphan_, "c3", {}, {}}).id;
            (void)comments.insert(Comment{0, std::nullopt, "loose", {}, {}});
        });
    }

    static Todo todo(std::int64_t owner, std::string title, std::int32_t priority = 0) {
        Todo t;
        t.owner_id = owner;
        t.title = std::move(title);
        t.priority = priority;
        t.payload = Bytes(std::string_view("\x01", 1));
        return t;
    }

    static std::vector<std::string> titles(const std::vector<Todo>& rows) {
        std::vector<std::string> out;
        for (const auto& t : rows) out.push_back(t.title);
        return out;
    }

    /// The same database through a handle that echoes every statement (EchoedStatements).
    Database echoing() const { return Database::open({.url = url_, .echo = true}); }

    std::string url_;
    std::optional<Database> db_;
    bool pg_ = false;
    std::int64_t a1_ = 0, a2_ = 0, gone_ = 0, b1_ = 0, orphan_ = 0, c1_ = 0, c2_ = 0, c3_ = 0;
};

inline auto owner_of_todo() {
    return col(&Todo::owner_id) == col(&Owner::id);
}

TEST_F(RelatedRows, AJoinFetchDecodesEachRowIntoATupleOfBothTables) {
    db_->transact([&](Session& s) {
        auto rows = fetch(s, select<Todo>()
                                 .join<Owner>(owner_of_todo())
                                 .where(soft_delete_filter<Todo>())
                                 .order_by(asc(&Todo::id)));
        static_assert(std::is_same_v<decltype(rows), std::vector<std::tuple<Todo, Owner>>>);
        ASSERT_EQ(rows.size(), 3U);
        const auto& [todo, owner] = rows[0];
        EXPECT_EQ(todo.id, a1_);
        EXPECT_EQ(todo.title, "a1");
        EXPECT_EQ(todo.priority, 1);
        EXPECT_EQ(owner.id, 1);  // both tables have an "id": decoded by position, not by name
        EXPECT_EQ(owner.name, "ann");
        EXPECT_EQ(std::get<0>(rows[1]).title, "a2");
        EXPECT_EQ(std::get<1>(rows[1]).name, "ann");
        EXPECT_EQ(std::get<0>(rows[2]).id, b1_);
        EXPECT_EQ(std::get<1>(rows[2]).name, "bob");
    });
}

TEST_F(RelatedRows, ALeftJoinGivesNulloptOnlyWhenTheJoinedRowIsAbsent) {
    db_->transact([&](Session& s) {
        auto rows = fetch(s, select<Todo>()
                                 .left_join<Comment>(col(&Comment::todo_id) == col(&Todo::id) &&
                                                     soft_delete_filter<Comment>())
                                 .where(col(&Todo::owner_id) == 1)
                                 .where(soft_delete_filter<Todo>())
                                 .order_by(asc(&Todo::id)));
        static_assert(
            std::is_same_v<decltype(rows), std::vector<std::tuple<Todo, std::optional<Comment>>>>);
        ASSERT_EQ(rows.size(), 2U);
        // c1's todo_id aside, every nullable column of it is NULL: it is still there.
        const auto& c1 = std::get<1>(rows[0]);
        ASSERT_TRUE(c1.has_value());
        EXPECT_EQ(c1->id, c1_);
        EXPECT_EQ(c1->body, "c1");
        EXPECT_FALSE(c1->mood.has_value());
        EXPECT_FALSE(c1->deleted_at.has_value());
        // a2's only comment is soft-deleted, and the ON condition leaves it out.
        EXPECT_EQ(std::get<0>(rows[1]).id, a2_);
        EXPECT_FALSE(std::get<1>(rows[1]).has_value());
    });
}

TEST_F(RelatedRows, SeveralJoinsGiveALongerTuple) {
    db_->transact([&](Session& s) {
        auto rows = fetch(s, select<Comment>()
                                 .join<Todo>(col(&Comment::todo_id) == col(&Todo::id))
                                 .left_join<Owner>(owner_of_todo())
                                 .where(soft_delete_filter<Comment>())
                                 .order_by(asc(&Comment::id)));
        static_assert(std::is_same_v<decltype(rows),
                                     std::vector<std::tuple<Comment, Todo, std::optional<Owner>>>>);
        ASSERT_EQ(rows.size(), 2U);
        const auto& [c1, t1, o1] = rows[0];
        EXPECT_EQ(c1.body, "c1");
        EXPECT_EQ(t1.title, "a1");
        ASSERT_TRUE(o1.has_value());
        EXPECT_EQ(o1->name, "ann");
        const auto& [c3, t3, o3] = rows[1];
        EXPECT_EQ(c3.id, c3_);
        EXPECT_EQ(t3.id, orphan_);
        EXPECT_FALSE(o3.has_value());  // todo 9's owner does not exist
    });
}

TEST_F(RelatedRows, JoinedRowsAreFilteredForSoftDeleteOnlyWhenAsked) {
    db_->transact([&](Session& s) {
        // Like select<T>() for its own table, a join does not filter soft-deleted rows...
        auto all = fetch(s, select<Owner>()
                                .join<Todo>(owner_of_todo())
                                .where(col(&Owner::name) == "ann")
                                .order_by(asc(&Todo::id)));
        ASSERT_EQ(all.size(), 3U);
        EXPECT_EQ(std::get<1>(all[2]).id, gone_);
        // ...soft_delete_filter<U>() in the ON condition does.
        auto live = fetch(s, select<Owner>()
                                 .join<Todo>(owner_of_todo() && soft_delete_filter<Todo>())
                                 .where(col(&Owner::name) == "ann"));
        EXPECT_EQ(live.size(), 2U);
    });
}

TEST_F(RelatedRows, FetchOfOneTableUsesTheJoinAsAFilterAndDecodesOnlyThatTable) {
    db_->transact([&](Session& s) {
        auto q = select<Todo>()
                     .join<Owner>(owner_of_todo())
                     .where(col(&Owner::name) == "bob" || col(&Todo::id) == a1_)
                     .order_by(asc(&Todo::id));
        auto todos = fetch<Todo>(s, q);
        static_assert(std::is_same_v<decltype(todos), std::vector<Todo>>);
        EXPECT_EQ(titles(todos), (std::vector<std::string>{"a1", "b1"}));
        auto owners = fetch<Owner>(s, q);
        ASSERT_EQ(owners.size(), 2U);
        EXPECT_EQ(owners[1].name, "bob");
        EXPECT_EQ(execute(s, q.count_sql(pg_ ? Dialect::postgres : Dialect::sqlite))
                      .scalar<std::int64_t>(),
                  2);
    });
}

TEST_F(RelatedRows, TheLoaderSendsOneStatementForEveryParent) {
    EchoedStatements echoed;
    auto by_owner = echoing().transact(
        [&](Session& s) { return RelatedLoader<Todo>(s).load(&Todo::owner_id, {1, 2, 3, 4}); });
    EXPECT_EQ(echoed.containing("FROM \"todos\""), 1U);
    ASSERT_EQ(by_owner.size(), 4U);  // every asked parent, with or without children
    EXPECT_EQ(titles(by_owner.at(1)), (std::vector<std::string>{"a1", "a2"}));  // a-gone left out
    EXPECT_EQ(titles(by_owner.at(2)), (std::vector<std::string>{"b1"}));
    EXPECT_TRUE(by_owner.at(3).empty());
    EXPECT_TRUE(by_owner.at(4).empty());
}

TEST_F(RelatedRows, TheLoaderTakesTheParentsThemselves) {
    echoing().transact([&](Session& s) {
        const auto owners = Repository<Owner>(s).find({}, {asc(&Owner::id)});
        EchoedStatements echoed;
        auto by_owner = RelatedLoader<Todo>(s).load(&Todo::owner_id, owners);
        EXPECT_EQ(echoed.containing("FROM \"todos\""), 1U);
        ASSERT_EQ(by_owner.size(), 3U);
        EXPECT_EQ(by_owner.at(owners[0].id).size(), 2U);
        EXPECT_EQ(by_owner.at(owners[1].id).size(), 1U);
        EXPECT_TRUE(by_owner.at(owners[2].id).empty());
    });
}

TEST_F(RelatedRows, TheLoaderTakesKeysFromAnyRange) {
    db_->transact([&](Session& s) {
        const std::set<std::int64_t> owners{2, 3};
        auto by_owner = RelatedLoader<Todo>(s).load(&Todo::owner_id, owners);
        ASSERT_EQ(by_owner.size(), 2U);
        EXPECT_EQ(titles(by_owner.at(2)), (std::vector<std::string>{"b1"}));
        EXPECT_TRUE(by_owner.at(3).empty());
    });
}

TEST_F(RelatedRows, TheLoaderSeesSoftDeletedChildrenOnlyWhenAsked) {
    db_->transact([&](Session& s) {
        RelatedLoader<Todo> todos(s);
        EXPECT_EQ(titles(todos.with_deleted().load(&Todo::owner_id, {1}).at(1)),
                  (std::vector<std::string>{"a1", "a2", "a-gone"}));
        EXPECT_EQ(titles(todos.only_deleted().load(&Todo::owner_id, {1}).at(1)),
                  (std::vector<std::string>{"a-gone"}));
        EXPECT_EQ(todos.only_deleted().mode(), Deleted::only);
    });
}

TEST_F(RelatedRows, TheLoaderFollowsANullableForeignKeyAndAsksEachKeyOnce) {
    EchoedStatements echoed;
    echoing().transact([&](Session& s) {
        const std::vector<std::int64_t> keys{a1_, a2_, a1_, orphan_};
        auto by_todo = RelatedLoader<Comment>(s).load(&Comment::todo_id, keys);
        static_assert(std::is_same_v<decltype(by_todo),
                                     std::unordered_map<std::int64_t, std::vector<Comment>>>);
        ASSERT_EQ(by_todo.size(), 3U);
        ASSERT_EQ(by_todo.at(a1_).size(), 1U);
        EXPECT_EQ(by_todo.at(a1_)[0].id, c1_);
        EXPECT_TRUE(by_todo.at(a2_).empty());  // c2 is soft-deleted
        EXPECT_EQ(by_todo.at(orphan_).at(0).body, "c3");
        EXPECT_EQ(
            RelatedLoader<Comment>(s).with_deleted().load(&Comment::todo_id, keys).at(a2_).size(),
            1U);
    });
    EXPECT_EQ(echoed.containing("FROM \"comments\""), 2U);
}

TEST_F(RelatedRows, TheLoaderNarrowsAndOrdersEachGroup) {
    db_->transact([&](Session& s) {
        auto by_owner = RelatedLoader<Todo>(s).with_deleted().load(
            &Todo::owner_id, {1, 2}, col(&Todo::priority) >= 2, {desc(&Todo::priority)});
        EXPECT_EQ(titles(by_owner.at(1)), (std::vector<std::string>{"a-gone", "a2"}));
        EXPECT_TRUE(by_owner.at(2).empty());
    });
}

TEST_F(RelatedRows, TheLoaderSendsNothingForNoParents) {
    EchoedStatements echoed;
    auto by_owner = echoing().transact([&](Session& s) {
        return RelatedLoader<Todo>(s).load(&Todo::owner_id, std::vector<std::int64_t>{});
    });
    EXPECT_TRUE(by_owner.empty());
    EXPECT_EQ(echoed.containing("FROM \"todos\""), 0U);
}

TEST_F(RelatedRows, ManyParentsAreOneStatementOnPostgresAndChunksOnSqlite) {
    std::vector<std::int64_t> keys;
    for (std::int64_t k = 1; k <= 12'000; ++k) keys.push_back(k);
    EchoedStatements echoed;
    auto by_owner = echoing().transact(
        [&](Session& s) { return RelatedLoader<Todo>(s).load(&Todo::owner_id, keys); });
    EXPECT_EQ(by_owner.size(), keys.size());
    EXPECT_EQ(by_owner.at(1).size(), 2U);
    EXPECT_EQ(by_owner.at(2).size(), 1U);
    EXPECT_EQ(by_owner.at(9).size(), 1U);
    EXPECT_TRUE(by_owner.at(12'000).empty());
    EXPECT_EQ(echoed.containing("FROM \"todos\""), pg_ ? 1U : 2U);
}

}  // namespace strata::orm::test
