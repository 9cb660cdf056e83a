// tenant_policy_sql on a schema-qualified table (app.orders): each part quoted, the policy named
// after the table, and row-level security failing closed there for an ordinary role.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/session/database.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/server.hpp"

namespace strata::session::test {
namespace {

TEST(TenantPolicySchema, QuotesTheSchemaAndTheTableEachAndNamesThePolicyAfterTheTable) {
    const auto sql = tenant_policy_sql("app.orders", "org_id", "app.org_id", "bigint");
    EXPECT_NE(sql.find("ALTER TABLE \"app\".\"orders\" ENABLE ROW LEVEL SECURITY;"),
              std::string::npos)
        << sql;
    EXPECT_NE(sql.find("CREATE POLICY \"orders_tenant\" ON \"app\".\"orders\" USING"),
              std::string::npos)
        << sql;
    const auto odd =
        tenant_policy_sql("Sales Team.Open \"Orders\"", "org_id", "app.org_id", "bigint");
    EXPECT_NE(odd.find("ALTER TABLE \"Sales Team\".\"Open \"\"Orders\"\"\" FORCE"),
              std::string::npos)
        << odd;
    EXPECT_NE(odd.find("CREATE POLICY \"Open \"\"Orders\"\"_tenant\""), std::string::npos) << odd;
    for (const char* bad : {".orders", "app.", "a.b.c", "", "."}) {
        try {
            (void)tenant_policy_sql(bad, "org_id", "app.org_id", "bigint");
            ADD_FAILURE() << "accepted \"" << bad << "\"";
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos)
                << e.what();
        }
    }
}

TEST(TenantPolicySchema, AppliedToATableOfAnotherSchemaItFailsClosedForAnOrdinaryRole) {
    const auto url = strata::testing::fresh_database_url("tenant_schema");
    const std::string role = strata::testing::Server::kAppRole;
    // A table of the same name in public must stay untouched: the policy goes to app.orders.
    auto admin = driver::Connection::open(url);
    admin.execute_script(
        "CREATE SCHEMA app;\n"
        "CREATE TABLE app.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY "
        "KEY, org_id bigint NOT NULL, total numeric NOT NULL);\n"
        "CREATE TABLE public.orders (id bigint PRIMARY KEY);\n"
        "GRANT USAGE ON SCHEMA app TO " +
        role + ";\nGRANT SELECT, INSERT ON app.orders TO " + role + ";\n" +
        tenant_policy_sql("app.orders", "org_id", "app.org_id", "bigint") +
        "INSERT INTO app.orders (org_id, total) VALUES (1, 10), (1, 11), (2, 20);");
    const auto flags = admin.query(
        "SELECT c.relrowsecurity, c.relforcerowsecurity, n.nspname::text FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'orders' "
        "ORDER BY n.nspname");
    ASSERT_EQ(flags.size(), 2U);
    EXPECT_EQ(flags.at(0).get<std::string>(2), "app");
    EXPECT_TRUE(flags.at(0).get<bool>(0));
    EXPECT_TRUE(flags.at(0).get<bool>(1));
    EXPECT_FALSE(flags.at(1).get<bool>(0)) << "public.orders is another table";
    EXPECT_EQ(admin
                  .query("SELECT policyname::text FROM pg_policies WHERE schemaname = 'app' AND "
                         "tablename = 'orders'")
                  .scalar<std::string>(),
              "orders_tenant");

    DatabaseOptions options;
    options.url = url;
    auto db = Database::open(options);
    ScopeOptions as_app;
    as_app.role = role;
    auto count_as = [&](std::optional<std::string> org) {
        return scoped(db, Claims{.user_id = "u", .org_id = std::move(org), .extra = {}}, as_app)
            .transact([](Session& s) {
                return s.query("SELECT count(*) FROM app.orders").scalar<std::int64_t>();
            });
    };
    EXPECT_EQ(count_as(std::nullopt), 0) << "no tenant claim: no rows";
    EXPECT_EQ(count_as("1"), 2);
    EXPECT_EQ(count_as("2"), 1);
    EXPECT_THROW(scoped(db, Claims{.user_id = "u", .org_id = "1", .extra = {}}, as_app)
                     .transact([](Session& s) {
                         s.execute("INSERT INTO app.orders (org_id, total) VALUES (2, 1)");
                     }),
                 SqlError)
        << "another tenant's row cannot be written";
    strata::testing::Server::instance().drop_database(url);
}

}  // namespace
}  // namespace strata::session::test
