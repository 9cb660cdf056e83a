// Tenant-scoped sessions against real row-level security policies on PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "session/tenant_fixture.hpp"
#include "strata/core/error.hpp"

namespace strata::session::test {
namespace {

using strata::testing::Server;
using TenantScope = TenantScopeFixture;

TEST_F(TenantScope, ATenantReadsOnlyItsOwnRows) {
    tenant("1").transact([&](Session& s) {
        EXPECT_EQ(visible_notes(s), 2);
        EXPECT_TRUE(s.query("SELECT title FROM notes WHERE id = $1", b_id_).empty());
        EXPECT_EQ(s.query("SELECT count(*) FROM notes WHERE org_id = 2").scalar<std::int64_t>(), 0);
        EXPECT_EQ(s.query("SELECT current_user::text").scalar<std::string>(), Server::kAppRole);
    });
}

TEST_F(TenantScope, ATenantCannotUpdateDeleteOrInsertAnotherTenantsRows) {
    auto a = tenant("1");
    a.transact([&](Session& s) {
        EXPECT_EQ(s.query("UPDATE notes SET title = 'x' WHERE id = $1", b_id_).affected_rows(), 0U);
        EXPECT_EQ(
            s.query("UPDATE notes SET deleted_at = now() WHERE id = $1", b_id_).affected_rows(),
            0U);
        EXPECT_EQ(s.query("DELETE FROM notes WHERE org_id = 2").affected_rows(), 0U);
    });
    EXPECT_THROW(a.transact([](Session& s) {
        s.query("INSERT INTO notes (org_id, title) VALUES (2, 'forged')");
    }),
                 InsufficientPrivilege);
    EXPECT_THROW(a.transact([&](Session& s) {
        // Moving one's own row to the other tenant is refused by WITH CHECK too.
        s.query("UPDATE notes SET org_id = 2 WHERE org_id = 1");
    }),
                 InsufficientPrivilege);
    db_->transact([&](Session& s) {
        EXPECT_EQ(s.query("SELECT title FROM notes WHERE id = $1", b_id_).scalar<std::string>(),
                  "b1")
            << "the admin handle sees every row";
        EXPECT_EQ(visible_notes(s), 3);
    });
}

TEST_F(TenantScope, AScopeWithoutTheClaimSeesNothing) {
    tenant(std::nullopt).transact([&](Session& s) { EXPECT_EQ(visible_notes(s), 0); });
    // Also after the key was set (and reset to '') on the same connection by an earlier scope.
    tenant("1").transact([](Session& s) { EXPECT_EQ(visible_notes(s), 2); });
    tenant(std::nullopt).transact([&](Session& s) { EXPECT_EQ(visible_notes(s), 0); });
    EXPECT_THROW(tenant(std::nullopt).transact([](Session& s) {
        s.query("INSERT INTO notes (org_id, title) VALUES (1, 'x')");
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
                if (visible_notes(s) != rows) ++wrong;
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
    ScopeOptions so;
    so.supabase = true;
    scoped(*db_, Claims{.user_id = "user-9", .org_id = "2", .extra = {}}, so)
        .transact([](Session& s) {
            EXPECT_EQ(s.query("SELECT current_user::text").scalar<std::string>(), "authenticated");
            EXPECT_EQ(s.query("SELECT current_setting('request.jwt.claims', true)::json->>'sub'")
                          .scalar<std::string>(),
                      "user-9");
            EXPECT_EQ(visible_notes(s), 1);
        });
}

TEST(TenantPolicySql, QuotesNamesAndRefusesOddKeysAndTypes) {
    auto sql = tenant_policy_sql("my notes", "org_id", "app.org_id", "uuid");
    EXPECT_NE(sql.find("ALTER TABLE \"my notes\" FORCE ROW LEVEL SECURITY"), std::string::npos)
        << sql;
    EXPECT_NE(sql.find("NULLIF(current_setting('app.org_id', true), '')::uuid"), std::string::npos)
        << sql;
    EXPECT_THROW((void)tenant_policy_sql("t", "c", "a'b", "uuid"), UsageError);
    EXPECT_THROW((void)tenant_policy_sql("t", "c", "k", "uuid; DROP"), UsageError);
}

}  // namespace
}  // namespace strata::session::test
