// The related-rows examples of docs/orm.md (join fetch, RelatedLoader), run against PostgreSQL.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "docs/models.hpp"
#include "strata/orm/related.hpp"
#include "strata/orm/run.hpp"
#include "strata/testing/database_test.hpp"

namespace {

/// Owners ann (todos apples, pears and a soft-deleted plums) and bob (none).
class OrmQueryRelatedDocs : public strata::testing::DatabaseTest {
protected:
    strata::testing::TestDatabaseOptions options() const override {
        return {.migrations_dir = PROJECT_DIR "/db/migrations"};
    }
    void SetUp() override {
        strata::testing::DatabaseTest::SetUp();
        db().transact([](strata::Session& s) {
            s.execute_script(
                "INSERT INTO app.owners (id, name) VALUES (1, 'ann'), (2, 'bob');"
                "INSERT INTO app.todos (owner_id, title, deleted_at) VALUES (1, 'apples', NULL), "
                "(1, 'pears', NULL), (1, 'plums', now());");
        });
    }
};

TEST_F(OrmQueryRelatedDocs, JoinFetch) {
    db().transact([](strata::Session& session) {
        std::vector<std::string> lines;
        // clang-format off
        // snippet:begin join-fetch
        using namespace strata::orm;
        // join<U>: each row is a std::tuple<Todo, Owner>
        for (const auto& [todo, owner] : fetch(session, select<Todo>()
                 .join<Owner>(col(&Todo::owner_id) == col(&Owner::id))
                 .where(soft_delete_filter<Todo>()).order_by(asc(&Todo::id))))
            lines.push_back(owner.name + ": " + todo.title);
        // left_join<U>: std::optional<U>, nullopt when no row matched (U's primary key is NULL);
        // conditions on U, soft delete included, go in the ON condition, not in where()
        std::vector<std::tuple<Owner, std::optional<Todo>>> owners = fetch(session, select<Owner>()
            .left_join<Todo>(col(&Todo::owner_id) == col(&Owner::id) && soft_delete_filter<Todo>())
            .order_by(asc(&Owner::id)));
        // fetch<U>: only U's columns, the join as a filter
        std::vector<Todo> anns = fetch<Todo>(session, select<Todo>()
            .join<Owner>(col(&Todo::owner_id) == col(&Owner::id)).where(col(&Owner::name) == "ann"));
        // snippet:end join-fetch
        // clang-format on
        EXPECT_EQ(lines, (std::vector<std::string>{"ann: apples", "ann: pears"}));
        ASSERT_EQ(owners.size(), 3U);
        EXPECT_EQ(std::get<1>(owners[1])->title, "pears");
        EXPECT_EQ(std::get<0>(owners[2]).name, "bob");
        EXPECT_FALSE(std::get<1>(owners[2]).has_value());
        EXPECT_EQ(anns.size(), 3U);  // plums too: no soft_delete_filter<Todo>() here
    });
}

TEST_F(OrmQueryRelatedDocs, RelatedLoader) {
    db().transact([](strata::Session& session) {
        using strata::orm::asc;
        using strata::orm::col;
        using strata::orm::desc;
        const auto owners = strata::Repository<Owner>{session}.find({}, {asc(&Owner::id)});
        std::vector<std::size_t> counts;
        // clang-format off
        // snippet:begin related-loader
        strata::RelatedLoader<Todo> todos{session};           // like Repository: soft delete aware
        auto by_owner = todos.load(&Todo::owner_id, owners);  // parents: by their primary key
        // one SELECT ... WHERE "todos"."owner_id" = ANY($1) for all owners;
        // std::unordered_map<std::int64_t, std::vector<Todo>>, every owner asked is a key
        for (const auto& owner : owners) counts.push_back(by_owner[owner.id].size());
        auto with_bin = todos.with_deleted().load(&Todo::owner_id, {1, 2},  // or the keys
                                                  col(&Todo::title) != "pears", {desc(&Todo::id)});
        // snippet:end related-loader
        // clang-format on
        EXPECT_EQ(counts, (std::vector<std::size_t>{2, 0}));
        EXPECT_EQ(by_owner.size(), 2U);
        EXPECT_EQ(by_owner.at(1).size(), 2U);
        EXPECT_TRUE(by_owner.at(2).empty());
        ASSERT_EQ(with_bin.at(1).size(), 2U);
        EXPECT_EQ(with_bin.at(1)[0].title, "plums");
        EXPECT_TRUE(with_bin.at(2).empty());
    });
}

}  // namespace
