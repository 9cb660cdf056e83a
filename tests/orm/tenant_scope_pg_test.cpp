// Tenant-scoped sessions against real row-level security policies on PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "strata/core/error.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/server.hpp"

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

using strata::testing::Server;

class TenantScope : public ::testing::Test {
protected:
    void SetUp() override {
        DatabaseOptions o;
        o.url = strata::testing::fresh_database_url("orm_rls");
        o.pool.size = 1;
        o.pool.max_overflow = 0;
        db_.emplace(Database::open(o));
        db_->transact([&](Session& s) {
            s.execute_script(
                "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                "org_id bigint NOT NULL, title text NOT NULL, deleted_at timestamptz);\n"
                "GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO " +
                std::string(Server::kAppRole) + ";\n" +
                session::tenant_policy_sql("notes", "org_id", "app.org_id", "bigint") +
                "INSERT INTO notes (org_id, title) VALUES (1, 'a1'), (1, 'a2'), (2, 'b1');");
        });
        b_id_ = db_->transact([](Session& s) {
            return s.query("SELECT id FROM notes WHERE title = 'b1'").scalar<std::int64_t>();
        });
    }

    ScopedDatabase tenant(std::optional<std::string> org) {
        session::ScopeOptions so;
        so.role = Server::kAppRole;
        return scoped(*db_, Claims{.user_id = "u", .org_id = std::move(org), .extra = {}}, so);
    }

    std::optional<Database> db_;
    std::int64_t b_id_ = 0;
};

TEST_F(TenantScope, ATenantReadsOnlyItsOwnRowsThroughRepositoriesAndRawSql) {
    tenant("1").transact([&](Session& s) {
        Repository<Note> notes(s);
        EXPECT_EQ(notes.count(), 2);
        EXPECT_EQ(notes.find().size(), 2U);
        EXPECT_FALSE(notes.get_by_id(b_id_));
        EXPECT_FALSE(notes.get_one(col(&Note::title) == "b1"));
        EXPECT_TRUE(notes.load_many({b_id_}).empty());
        EXPECT_FALSE(notes.exists(col(&Note::org_id) == 2));
        EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 2);
        EXPECT_EQ(s.query("SELECT current_user::text").scalar<std::string>(), Server::kAppRole);
    });
}

TEST_F(TenantScope, ATenantCannotUpdateSoftDeleteDeleteOrInsertAnotherTenantsRows) {
    auto a = tenant("1");
    a.transact([&](Session& s) {
        Repository<Note> notes(s);
        EXPECT_FALSE(notes.update_by_id(b_id_, Patch<Note>{}.set(&Note::title, "hacked")));
        EXPECT_FALSE(notes.soft_delete_by_id(b_id_));
        EXPECT_FALSE(notes.delete_by_id(b_id_));
        EXPECT_EQ(s.query("UPDATE notes SET title = 'x' WHERE id = $1", b_id_).affected_rows(), 0U);
        EXPECT_EQ(s.query("DELETE FROM notes WHERE org_id = 2").affected_rows(), 0U);
    });
    EXPECT_THROW(
        a.transact([&](Session& s) { Repository<Note>(s).insert(Note{0, 2, "forged", {}}); }),
        InsufficientPrivilege);
    EXPECT_THROW(a.transact([&](Session& s) {
        // Moving one's own row to the other tenant is refused by WITH CHECK too.
        s.query("UPDATE notes SET org_id = 2 WHERE org_id = 1");
    }),
                 InsufficientPrivilege);
    db_->transact([&](Session& s) {
        auto b = Repository<Note>(s).get_by_id(b_id_);
        ASSERT_TRUE(b) << "the admin handle sees every row";
        EXPECT_EQ(b->title, "b1");
        EXPECT_EQ(Repository<Note>(s).count(), 3);
    });
}

TEST_F(TenantScope, AScopeWithoutTheClaimSeesNothing) {
    tenant(std::nullopt).transact([&](Session& s) {
        EXPECT_EQ(Repository<Note>(s).count(), 0);
        EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 0);
    });
    // Also after the key was set (and reset to '') on the same connection by an earlier scope.
    tenant("1").transact([](Session& s) { (void)Repository<Note>(s).count(); });
    tenant(std::nullopt).transact([&](Session& s) { EXPECT_EQ(Repository<Note>(s).count(), 0); });
    EXPECT_THROW(tenant(std::nullopt).transact([](Session& s) {
        Repository<Note>(s).insert(Note{0, 1, "x", {}});
    }),
                 InsufficientPrivilege);
}

TEST_F(TenantScope, TwoThreadsOnAPoolOfOneNeverSeeEachOthersSettings) {
    std::atomic<int> wrong{0};
    auto worker = [&](std::string org, std::int64_t rows) {
        auto t = tenant(org);
        for (int i = 0; i < 40; ++i) {
            t.transact([&](Session& s) {
                if (s.query("SELECT current_setting('app.org_id')").scalar<std::string>() != org)
                    ++wrong;
                if (Repository<Note>(s).count() != rows) ++wrong;
            });
            db_->transact([&](Session& s) {  // the admin handle on the same single connection
                auto v = s.query("SELECT coalesce(current_setting('app.org_id', true), '')")
                             .scalar<std::string>();
                if (!v.empty()) ++wrong;
                if (s.query("SELECT current_user::text").scalar<std::string>() == Server::kAppRole)
                    ++wrong;
            });
        }
    };
    std::thread t1(worker, "1", 2);
    std::thread t2(worker, "2", 1);
    t1.join();
    t2.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(db_->stats().peak, 1U);
}

TEST_F(TenantScope, SupabaseModeSetsJwtClaimsAndTheAuthenticatedRole) {
    db_->transact([](Session& s) {
        s.execute_script(
            "DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN "
            "NULL; END $$;\n"
            "GRANT SELECT ON notes TO authenticated;\n"
            "CREATE POLICY notes_jwt ON notes TO authenticated USING "
            "(org_id = (NULLIF(current_setting('request.jwt.claims', true), "
            "'')::json->>'org_id')::bigint);");
    });
    session::ScopeOptions so;
    so.supabase = true;
    scoped(*db_, Claims{.user_id = "user-9", .org_id = "2", .extra = {}}, so)
        .transact([](Session& s) {
            EXPECT_EQ(s.query("SELECT current_user::text").scalar<std::string>(), "authenticated");
            EXPECT_EQ(s.query("SELECT current_setting('request.jwt.claims', true)::json->>'sub'")
                          .scalar<std::string>(),
                      "user-9");
            EXPECT_EQ(Repository<Note>(s).count(), 1);
        });
}

TEST(TenantPolicySql, QuotesNamesAndRefusesOddKeysAndTypes) {
    auto sql = session::tenant_policy_sql("my notes", "org_id", "app.org_id", "uuid");
    EXPECT_NE(sql.find("ALTER TABLE \"my notes\" FORCE ROW LEVEL SECURITY"), std::string::npos)
        << sql;
    EXPECT_NE(sql.find("NULLIF(current_setting('app.org_id', true), '')::uuid"), std::string::npos)
        << sql;
    EXPECT_THROW((void)session::tenant_policy_sql("t", "c", "a'b", "uuid"), UsageError);
    EXPECT_THROW((void)session::tenant_policy_sql("t", "c", "k", "uuid; DROP"), UsageError);
}

}  // namespace
}  // namespace strata::orm::test
