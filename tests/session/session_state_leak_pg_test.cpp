// No session state crosses a pooled connection: the pool resets it on return, and a tenant scope
// sets every claim key (and the role) itself, also through PgBouncer in transaction mode.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "strata/strata.hpp"
#include "strata/testing/pgbouncer.hpp"
#include "strata/testing/server.hpp"

namespace {

using strata::Claims;
using strata::Database;
using strata::Session;
using strata::driver::Connection;
using strata::testing::PgBouncer;
using strata::testing::PoolMode;
using strata::testing::Server;

/// One kind of session state: the SQL a borrower runs outside any transaction, and a query
/// whose text result is "clean" on a fresh session.
struct LeakCase {
    std::string name;
    std::string plant;
    std::string probe;
};

std::vector<LeakCase> leak_cases() {
    return {
        {"session SET", "SET app.org_id = '2'",
         "SELECT CASE WHEN coalesce(current_setting('app.org_id', true), '') = '' THEN 'clean' "
         "ELSE 'leaked' END"},
        {"set_config(..., false)", "SELECT set_config('app.user_id', 'mallory', false)",
         "SELECT CASE WHEN coalesce(current_setting('app.user_id', true), '') = '' THEN 'clean' "
         "ELSE 'leaked' END"},
        {"a built-in setting", "SET statement_timeout = '1234ms'",
         "SELECT CASE WHEN current_setting('statement_timeout') = '0' THEN 'clean' ELSE "
         "'leaked' END"},
        {"search_path", "CREATE SCHEMA IF NOT EXISTS other; SET search_path = other",
         "SELECT CASE WHEN current_setting('search_path') = '\"$user\", public' THEN 'clean' "
         "ELSE 'leaked' END"},
        {"SET ROLE", std::string("SET ROLE ") + Server::kAppRole,
         "SELECT CASE WHEN current_user = session_user THEN 'clean' ELSE 'leaked' END"},
        {"SET SESSION AUTHORIZATION", std::string("SET SESSION AUTHORIZATION ") + Server::kAppRole,
         std::string("SELECT CASE WHEN session_user::text <> '") + Server::kAppRole +
             "' THEN 'clean' ELSE 'leaked' END"},
        {"temp table", "CREATE TEMP TABLE leaked_temp (x int)",
         "SELECT CASE WHEN to_regclass('pg_temp.leaked_temp') IS NULL THEN 'clean' ELSE "
         "'leaked' END"},
        {"LISTEN", "LISTEN tenant_events",
         "SELECT CASE WHEN NOT EXISTS (SELECT FROM pg_listening_channels()) THEN 'clean' ELSE "
         "'leaked' END"},
        {"WITH HOLD cursor", "BEGIN; DECLARE leaked_cursor CURSOR WITH HOLD FOR SELECT 1; COMMIT",
         "SELECT CASE WHEN NOT EXISTS (SELECT FROM pg_cursors WHERE name = 'leaked_cursor') "
         "THEN 'clean' ELSE 'leaked' END"},
    };
}

std::string fresh_rls_database() {
    auto url = strata::testing::fresh_database_url("leak");
    auto c = Connection::open(url);
    c.execute_script(
        "CREATE TABLE notes (id int PRIMARY KEY, org_id bigint NOT NULL, title text NOT NULL);"
        "GRANT SELECT, INSERT ON notes TO " +
        std::string(Server::kAppRole) + ";" +
        strata::session::tenant_policy_sql("notes", "org_id", "app.org_id", "bigint") +
        "INSERT INTO notes VALUES (1, 1, 'a1'), (2, 1, 'a2'), (3, 2, 'b1');");
    return url;
}

strata::ScopeOptions app_role() {
    strata::ScopeOptions options;
    options.role = Server::kAppRole;
    return options;
}

Database one_connection_pool(const std::string& url) {
    return Database::open({.url = url, .pool = {.size = 1, .max_overflow = 0}});
}

TEST(SessionStateLeak, EachKindOfSessionStateSetByOneBorrowerIsInvisibleToTheNext) {
    auto db = one_connection_pool(fresh_rls_database());
    for (const auto& c : leak_cases()) {
        int planted_on = 0;
        {
            auto lease = db.acquire();  // a raw borrower, the admin handle's way
            planted_on = lease->backend_pid();
            lease->execute_script(c.plant);
            EXPECT_EQ(lease->query(c.probe).scalar<std::string>(), "leaked")
                << c.name << ": the probe must see the planted state";
        }
        db.transact([&](Session& s) {
            EXPECT_EQ(s.backend_pid(), planted_on) << c.name << ": the same connection";
            EXPECT_EQ(s.query(c.probe).scalar<std::string>(), "clean") << c.name;
        });
        auto lease = db.acquire();
        EXPECT_EQ(lease->query(c.probe).scalar<std::string>(), "clean") << c.name;
    }
    EXPECT_EQ(db.stats().created, 1U) << "reset, not discarded";
}

TEST(SessionStateLeak, TheResetKeepsTheDriversPreparedStatements) {
    // The reset is chosen over DISCARD ALL by measurement (docs/benchmarks.md): it leaves the
    // server's prepared statements, so the driver's statement cache stays valid across returns
    // and a point select is not prepared again after every transaction.
    auto db = one_connection_pool(fresh_rls_database());
    const char* sql = "SELECT title FROM notes WHERE id = $1";
    std::size_t cached = 0;
    {
        auto lease = db.acquire();
        EXPECT_EQ(lease->query(sql, 1).scalar<std::string>(), "a1");
        cached = lease->prepared_statements();
        ASSERT_GE(cached, 1U);
    }
    for (int i = 0; i < 3; ++i) {
        auto lease = db.acquire();  // reset on every return in between
        EXPECT_GE(lease->prepared_statements(), cached) << "the driver forgot nothing";
        EXPECT_EQ(lease
                      ->query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1",
                              std::string(sql))
                      .scalar<std::int64_t>(),
                  1)
            << "still prepared on the server";
        EXPECT_EQ(lease->query(sql, 2).scalar<std::string>(), "a2");
    }
    EXPECT_EQ(db.stats().created, 1U) << "reset, not discarded";
}

TEST(SessionStateLeak, StateSetInsideACommittedTransactionDoesNotOutliveTheLease) {
    auto db = one_connection_pool(fresh_rls_database());
    db.transact([](Session& s) {  // session-level forms inside a transaction survive COMMIT
        s.execute("SET app.org_id = '2'");
        s.query("SELECT set_config('app.user_id', 'mallory', false)");
    });
    db.transact([](Session& s) {
        EXPECT_EQ(s.query("SELECT coalesce(current_setting('app.org_id', true), '') || "
                          "coalesce(current_setting('app.user_id', true), '')")
                      .scalar<std::string>(),
                  "");
    });
}

TEST(SessionStateLeak, TheAdminHandleCannotContaminateATenantOnTheSameConnection) {
    auto db = one_connection_pool(fresh_rls_database());
    const auto as_app = app_role();
    for (int i = 0; i < 3; ++i) {
        db.transact([](Session& s) { s.execute("SET app.org_id = '2'"); });
        db.transact([](Session& s) { s.query("SELECT set_config('role', 'none', false)"); });
        db.scoped({.user_id = "u", .org_id = "1", .extra = {}}, as_app).transact([](Session& s) {
            EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 2);
        });
        db.scoped({.user_id = "u", .org_id = std::nullopt, .extra = {}}, as_app)
            .transact([](Session& s) {
                EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 0);
            });
    }
}

/// A planted session-level value on the very connection a scope runs on (no pool reset in
/// between: a raw connection, as another client behind a pooler would leave it).
TEST(SessionStateLeak, TheMissingClaimScopeSeesNothingEvenWithAPlantedSessionValue) {
    const auto url = fresh_rls_database();
    auto conn = Connection::open(url);
    conn.execute_script("SET app.org_id = '2'; SET app.user_id = 'mallory'");
    auto tx = [&](const Claims& claims, const strata::ScopeOptions& options,
                  const std::function<void(Connection&)>& fn) {
        conn.execute_script("BEGIN");
        const auto settings = strata::session::scope_settings(claims, options);
        for (const auto& [k, v] : settings) conn.query("SELECT set_config($1, $2, true)", k, v);
        fn(conn);
        conn.execute_script("COMMIT");
    };
    const auto as_app = app_role();
    tx({.user_id = std::nullopt, .org_id = std::nullopt, .extra = {}}, as_app, [](Connection& c) {
        EXPECT_EQ(c.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 0);
        EXPECT_EQ(c.query("SELECT current_setting('app.user_id')").scalar<std::string>(), "");
    });
    // And the planted value is still there after the transaction: only the scope masked it.
    EXPECT_EQ(conn.query("SELECT current_setting('app.org_id')").scalar<std::string>(), "2");
    // A scope without a configured role drops a role planted at session level.
    conn.execute_script(std::string("SET ROLE ") + Server::kAppRole);
    tx({.user_id = "u", .org_id = "1", .extra = {}}, {}, [](Connection& c) {
        EXPECT_EQ(c.query("SELECT current_user = session_user").scalar<bool>(), true);
    });
}

TEST(SessionStateLeak, ExtraClaimKeysAreSetToEmptyWhenAbsent) {
    strata::ScopeOptions options;
    options.claim_keys = {"app.role", "app.plan"};
    const auto settings = strata::session::scope_settings(
        {.user_id = std::nullopt, .org_id = "7", .extra = {{"app.plan", "pro"}}}, options);
    const std::vector<std::pair<std::string, std::string>> expected{{"role", "none"},
                                                                    {"app.user_id", ""},
                                                                    {"app.org_id", "7"},
                                                                    {"app.plan", "pro"},
                                                                    {"app.role", ""}};
    EXPECT_EQ(settings, expected);
}

// ---- through PgBouncer in transaction mode: every client shares one server session ----

TEST(SessionStateLeakPgBouncer, SessionStateLeftByOneClientIsInvisibleToAnother) {
    const auto url = fresh_rls_database();
    PgBouncer bouncer({.pool_mode = PoolMode::transaction, .default_pool_size = 1});
    auto a = one_connection_pool(bouncer.url(url) + "&prepare=off");
    auto b = one_connection_pool(bouncer.url(url) + "&prepare=off");
    for (const auto& c : leak_cases()) {
        {
            auto lease = a.acquire();
            lease->execute_script(c.plant);
        }
        b.transact([&](Session& s) {
            EXPECT_EQ(s.query(c.probe).scalar<std::string>(), "clean") << c.name;
        });
    }
}

TEST(SessionStateLeakPgBouncer, AMissingClaimSeesNothingWhileAnotherClientPlantedAValue) {
    const auto url = fresh_rls_database();
    PgBouncer bouncer({.pool_mode = PoolMode::transaction, .default_pool_size = 1});
    // Another client, not strata's pool: nothing resets what it leaves on the server session.
    auto other = Connection::open(bouncer.url(url) + "&prepare=off");
    auto db = one_connection_pool(bouncer.url(url) + "&prepare=off");
    const auto as_app = app_role();
    for (int i = 0; i < 3; ++i) {
        other.execute_script("SET app.org_id = '2'");
        EXPECT_EQ(other.query("SELECT current_setting('app.org_id')").scalar<std::string>(), "2")
            << "the planted value is on the one shared server session";
        db.scoped({.user_id = "u", .org_id = std::nullopt, .extra = {}}, as_app)
            .transact([](Session& s) {
                EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 0);
            });
        other.execute_script(std::string("SET ROLE ") + Server::kAppRole);
        db.scoped({.user_id = "u", .org_id = "1", .extra = {}}).transact([](Session& s) {
            EXPECT_TRUE(s.query("SELECT current_user = session_user").scalar<bool>());
            EXPECT_EQ(s.query("SELECT count(*) FROM notes").scalar<std::int64_t>(), 3)
                << "the connecting role (a superuser) sees every row, not the planted role's view";
        });
        other.execute_script("RESET ROLE");
    }
}

}  // namespace
