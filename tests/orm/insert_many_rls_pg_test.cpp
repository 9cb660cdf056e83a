// insert_many on a table with row-level security: PostgreSQL refuses COPY FROM there, so the
// repository sends multi-row INSERTs through the policies instead.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/server.hpp"

namespace strata::orm::test {

struct RlsEvent {
    std::int64_t id = 0;
    std::int64_t org_id = 0;
    std::string body;
};

}  // namespace strata::orm::test

template <>
struct strata::orm::Table<strata::orm::test::RlsEvent> {
    using T = strata::orm::test::RlsEvent;
    static constexpr std::string_view name = "rls_events";
    static constexpr auto columns =
        std::make_tuple(column("id", &T::id, kPrimaryKey | kGenerated),
                        column("org_id", &T::org_id), column("body", &T::body));
};

namespace strata::orm::test {
namespace {

using strata::testing::Server;

std::vector<RlsEvent> rls_events(std::int64_t org, int n) {
    std::vector<RlsEvent> out;
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out.push_back({0, org, "event " + std::to_string(i)});
    return out;
}

class InsertManyRls : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(Database::open({.url = strata::testing::fresh_database_url("orm_rls_bulk"),
                                    .pool = {.size = 2, .max_overflow = 0}}));
        db_->transact([](Session& s) {
            s.execute_script(
                "CREATE TABLE rls_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                "org_id bigint NOT NULL, body text NOT NULL);\n"
                "GRANT SELECT, INSERT ON rls_events TO " +
                std::string(Server::kAppRole) + ";\n" +
                session::tenant_policy_sql("rls_events", "org_id", "app.org_id", "bigint"));
        });
    }
    ScopedDatabase tenant(std::string org) {
        session::ScopeOptions so;
        so.role = Server::kAppRole;
        return scoped(*db_, Claims{.user_id = "u", .org_id = std::move(org), .extra = {}}, so);
    }
    std::int64_t total(const char* table) {
        return db_->transact([&](Session& s) {
            return s.query(std::string("SELECT count(*) FROM ") + table).scalar<std::int64_t>();
        });
    }
    std::optional<Database> db_;
};

TEST_F(InsertManyRls, TenThousandRowsInsideATenantScope) {
    const auto rows = rls_events(7, 10'000);
    const auto inserted = tenant("7").transact([&](Session& s) {
        EXPECT_TRUE(row_security_applies(s, "\"rls_events\""));
        return Repository<RlsEvent>(s).insert_many(rows);
    });
    EXPECT_EQ(inserted, 10'000U);
    EXPECT_EQ(total("rls_events"), 10'000);
    EXPECT_EQ(tenant("7").transact([](Session& s) { return Repository<RlsEvent>(s).count(); }),
              10'000);
}

TEST_F(InsertManyRls, ThePoliciesStillCheckEveryRowAndNothingIsHalfWritten) {
    auto rows = rls_events(7, 1'000);
    rows[999].org_id = 8;  // another tenant's row at the very end
    EXPECT_THROW(
        tenant("7").transact([&](Session& s) { (void)Repository<RlsEvent>(s).insert_many(rows); }),
        InsufficientPrivilege);
    EXPECT_EQ(total("rls_events"), 0);
}

TEST_F(InsertManyRls, TheChoiceFollowsTheCurrentRole) {
    // Not forced, the policy does not apply to the table's owner (the admin handle): COPY runs
    // for it, while the tenant role is still under the policy.
    db_->transact(
        [](Session& s) { s.execute_script("ALTER TABLE rls_events NO FORCE ROW LEVEL SECURITY"); });
    const auto rows = rls_events(3, 5'000);
    const auto inserted = db_->transact([&](Session& s) {
        EXPECT_FALSE(row_security_applies(s, "\"rls_events\""));
        return Repository<RlsEvent>(s).insert_many(rows);
    });
    EXPECT_EQ(inserted, 5'000U);
    tenant("3").transact(
        [](Session& s) { EXPECT_TRUE(row_security_applies(s, "\"rls_events\"")); });
    EXPECT_EQ(total("rls_events"), 5'000);
}

}  // namespace
}  // namespace strata::orm::test
