// The member forms of the API sketch, db.scoped(claims) and session.xact_lock(name), on PostgreSQL.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "strata/core/error.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/advisory_lock.hpp"
#include "strata/session/database.hpp"  // alone: db.scoped({...}) needs no other include
#include "strata/testing/server.hpp"

namespace strata::orm::test {

struct Memo {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string body;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::Memo> {
    using T = strata::orm::test::Memo;
    static constexpr std::string_view name = "memos";
    static constexpr auto columns =
        std::make_tuple(column("id", &T::id, kPrimaryKey | kGenerated),
                        column("org_id", &T::org_id), column("body", &T::body));
};

namespace strata::orm::test {
namespace {

using strata::testing::Server;

Database open_db(const std::string& url, std::size_t pool_size) {
    DatabaseOptions o;
    o.url = url;
    o.pool.size = pool_size;
    o.pool.max_overflow = 0;
    return Database::open(o);
}

/// memos with a fail-closed policy on app.org_id; rows of org 1 (two) and org 2 (one).
class MemberScoped : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = strata::testing::fresh_database_url("orm_member");
        admin_.emplace(open_db(url_, 1));
        admin_->transact([&](Session& s) {
            s.execute_script(
                "CREATE TABLE memos (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                "org_id bigint NOT NULL, body text NOT NULL);\n"
                "GRANT SELECT, INSERT, UPDATE, DELETE ON memos TO " +
                std::string(Server::kAppRole) + ";\n" +
                session::tenant_policy_sql("memos", "org_id", "app.org_id", "bigint") +
                "INSERT INTO memos (org_id, body) VALUES (1, 'a1'), (1, 'a2'), (2, 'b1');");
        });
    }
    std::string url_;
    std::optional<Database> admin_;
};

TEST_F(MemberScoped, DbScopedWithARoleSeesOnlyTheTenantsRows) {
    ScopedDatabase org1 =
        admin_->scoped({.user_id = "u1", .org_id = "1", .extra = {}}, {.role = Server::kAppRole});
    EXPECT_EQ(org1.claims().org_id, "1");
    EXPECT_EQ(org1.options().role, Server::kAppRole);
    org1.transact([](Session& s) {
        Repository<Memo> memos(s);
        EXPECT_EQ(memos.count(), 2);
        EXPECT_FALSE(memos.exists(col(&Memo::org_id) == std::int64_t{2}));
        EXPECT_EQ(s.query("SELECT current_setting('app.user_id')").scalar<std::string>(), "u1");
    });
    // The admin handle it came from is unchanged: it sees every row.
    EXPECT_EQ(admin_->transact([](Session& s) { return Repository<Memo>(s).count(); }), 3);
}

TEST_F(MemberScoped, DbScopedWithoutOptionsKeepsTheConnectingRoleAndItsPolicies) {
    // Connect as the unprivileged role itself: scoped(claims) sets no role, policies still apply.
    auto app = open_db(Server::instance().app_url(url_), 1);
    app.scoped({.user_id = std::nullopt, .org_id = "2", .extra = {}}).transact([](Session& s) {
        auto rows = Repository<Memo>(s).find();
        ASSERT_EQ(rows.size(), 1U);
        EXPECT_EQ(rows[0].body, "b1");
        EXPECT_EQ(s.query("SELECT current_user::text").scalar<std::string>(), Server::kAppRole);
    });
}

TEST_F(MemberScoped, DbScopedWithAMissingClaimSeesNothingAndCannotInsert) {
    auto nobody = admin_->scoped({.user_id = "u1", .org_id = std::nullopt, .extra = {}},
                                 {.role = Server::kAppRole});
    EXPECT_EQ(nobody.transact([](Session& s) { return Repository<Memo>(s).count(); }), 0);
    EXPECT_THROW(nobody.transact([](Session& s) {
        (void)Repository<Memo>(s).insert(Memo{.id = 0, .org_id = 1, .body = "x"});
    }),
                 SqlError);
}

TEST_F(MemberScoped, ScopeEndsWithEachTransactionOnThePooledConnection) {
    auto org2 =
        admin_->scoped({.user_id = "u2", .org_id = "2", .extra = {}}, {.role = Server::kAppRole});
    EXPECT_EQ(org2.transact([](Session& s) { return Repository<Memo>(s).count(); }), 1);
    // Same single pooled connection, plain handle: no role, no claim left behind.
    admin_->transact([](Session& s) {
        EXPECT_NE(s.query("SELECT current_user::text").scalar<std::string>(), Server::kAppRole);
        EXPECT_EQ(s.query("SELECT coalesce(current_setting('app.org_id', true), '')")
                      .scalar<std::string>(),
                  "");
    });
}

class MemberXactLock : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(open_db(strata::testing::fresh_database_url("orm_member_lock"), 2));
    }
    std::optional<Database> db_;
};

TEST_F(MemberXactLock, HoldsTheNamedKeyUntilTheTransactionEnds) {
    auto tx = db_->begin();
    tx.session().xact_lock("member-lock");
    // The lock held is advisory_key(name), split into classid (high) and objid (low) in pg_locks.
    EXPECT_EQ(tx.session()
                  .query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "
                         "pg_backend_pid() AND ((classid::bigint << 32) | objid::bigint) = $1",
                         advisory_key("member-lock"))
                  .scalar<std::int64_t>(),
              1);
    EXPECT_FALSE(db_->transact([](Session& s) { return s.try_xact_lock("member-lock"); }));
    EXPECT_TRUE(db_->transact([](Session& s) { return s.try_xact_lock("another-name"); }));
    tx.commit();
    EXPECT_TRUE(db_->transact([](Session& s) { return s.try_xact_lock("member-lock"); }));
}

TEST_F(MemberXactLock, MemberAndFreeFunctionTakeTheSameLock) {
    auto tx = db_->begin();
    EXPECT_TRUE(tx.session().try_xact_lock("shared-name"));
    EXPECT_FALSE(db_->transact([](Session& s) { return try_xact_lock(s, "shared-name"); }));
    tx.rollback();
    EXPECT_TRUE(db_->transact([](Session& s) { return try_xact_lock(s, "shared-name"); }));
}

TEST(MemberXactLockSqlite, IsRefusedWithAUsageError) {
    auto db = open_db("sqlite::memory:", 1);
    EXPECT_THROW(db.transact([](Session& s) { s.xact_lock("x"); }), UsageError);
}

}  // namespace
}  // namespace strata::orm::test
