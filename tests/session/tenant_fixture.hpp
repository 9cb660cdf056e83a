// A PostgreSQL table under a fail-closed tenant policy, a pool of one connection, and tenant
// handles: shared by the session's tenant-scope tests and the orm's repository-under-scope tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "strata/session/database.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/server.hpp"

namespace strata::session::test {

/// notes(id, org_id, title, deleted_at): org 1 has 'a1' and 'a2', org 2 has 'b1' (id b_id_).
class TenantScopeFixture : public ::testing::Test {
protected:
    void SetUp() override {
        DatabaseOptions o;
        o.url = strata::testing::fresh_database_url("tenant_scope");
        o.pool.size = 1;
        o.pool.max_overflow = 0;
        db_.emplace(Database::open(o));
        db_->transact([&](Session& s) {
            s.execute_script(
                "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                "org_id bigint NOT NULL, title text NOT NULL, deleted_at timestamptz);\n"
                "GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO " +
                std::string(strata::testing::Server::kAppRole) + ";\n" +
                tenant_policy_sql("notes", "org_id", "app.org_id", "bigint") +
                "INSERT INTO notes (org_id, title) VALUES (1, 'a1'), (1, 'a2'), (2, 'b1');");
        });
        b_id_ = db_->transact([](Session& s) {
            return s.query("SELECT id FROM notes WHERE title = 'b1'").scalar<std::int64_t>();
        });
    }

    /// The database scoped to org (nullopt: no org claim) as the server's application role.
    ScopedDatabase tenant(std::optional<std::string> org) {
        ScopeOptions so;
        so.role = strata::testing::Server::kAppRole;
        return scoped(*db_, Claims{.user_id = "u", .org_id = std::move(org), .extra = {}}, so);
    }

    static std::int64_t visible_notes(Session& s) {
        return s.query("SELECT count(*) FROM notes").scalar<std::int64_t>();
    }

    std::optional<Database> db_;
    std::int64_t b_id_ = 0;
};

}  // namespace strata::session::test
