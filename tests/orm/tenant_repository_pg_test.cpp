// Repositories under a tenant scope: every read and write of Repository<T> goes through the
// policies (the scope itself is tested in tests/session/tenant_scope_pg_test.cpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "session/tenant_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/orm/repository.hpp"

namespace strata::orm::test {

struct Note {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string title;
    std::optional<Timestamptz> deleted_at;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Note> {
    using T = strata::orm::test::Note;
    static constexpr std::string_view name = "notes";
    static constexpr auto columns = std::make_tuple(
        column("id", &T::id, kPrimaryKey | kGenerated), column("org_id", &T::org_id),
        column("title", &T::title), column("deleted_at", &T::deleted_at));
};

namespace strata::orm::test {
namespace {

using TenantRepository = session::test::TenantScopeFixture;

TEST_F(TenantRepository, EveryReadSeesOnlyTheTenantsRows) {
    tenant("1").transact([&](Session& s) {
        Repository<Note> notes(s);
        EXPECT_EQ(notes.count(), 2);
        EXPECT_EQ(notes.find().size(), 2U);
        EXPECT_FALSE(notes.get_by_id(b_id_));
        EXPECT_FALSE(notes.get_one(col(&Note::title) == "b1"));
        EXPECT_TRUE(notes.load_many({b_id_}).empty());
        EXPECT_FALSE(notes.exists(col(&Note::org_id) == 2));
    });
}

TEST_F(TenantRepository, NoWriteReachesAnotherTenantsRows) {
    auto a = tenant("1");
    a.transact([&](Session& s) {
        Repository<Note> notes(s);
        EXPECT_FALSE(notes.update_by_id(b_id_, Patch<Note>{}.set(&Note::title, "hacked")));
        EXPECT_FALSE(notes.soft_delete_by_id(b_id_));
        EXPECT_FALSE(notes.delete_by_id(b_id_));
    });
    EXPECT_THROW(
        a.transact([&](Session& s) { Repository<Note>(s).insert(Note{0, 2, "forged", {}}); }),
        InsufficientPrivilege);
    EXPECT_THROW(tenant(std::nullopt).transact([](Session& s) {
        Repository<Note>(s).insert(Note{0, 1, "x", {}});
    }),
                 InsufficientPrivilege);
    db_->transact([&](Session& s) {
        auto b = Repository<Note>(s).get_by_id(b_id_);
        ASSERT_TRUE(b) << "the admin handle sees every row";
        EXPECT_EQ(b->title, "b1");
        EXPECT_FALSE(b->deleted_at);
        EXPECT_EQ(Repository<Note>(s).count(), 3);
    });
}

}  // namespace
}  // namespace strata::orm::test
