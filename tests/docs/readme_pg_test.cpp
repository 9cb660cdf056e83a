// The examples of README.md, against a migrated PostgreSQL database found as an application finds
// its own (DATABASE_URL).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "docs/models.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/database_test.hpp"

// snippet:begin library
#include <strata/session/database.hpp>
// snippet:end library

namespace {

class ReadmeDocs : public strata::testing::DatabaseTest {
protected:
    strata::testing::TestDatabaseOptions options() const override {
        return {.migrations_dir = PROJECT_DIR "/db/migrations"};
    }
};

TEST_F(ReadmeDocs, TheLibrary) {
    ::setenv("DATABASE_URL", url().c_str(), 1);
    const std::string title = "write the docs";
    // clang-format off
    // snippet:begin library

    auto db = strata::Database::open();     // URL and pool settings from env / .env / strata.toml
    db.transact([&](strata::Session& s) {   // commits when the function returns,
        s.query("INSERT INTO todo (title) VALUES ($1)", title);     // rolls back on an exception
    });
    auto n = db.transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM todo").scalar<std::int64_t>();
    });
    // snippet:end library
    // clang-format on
    ::unsetenv("DATABASE_URL");
    EXPECT_EQ(n, 1);
}

TEST_F(ReadmeDocs, RepositoriesUnderTenantScope) {
    db().transact([](strata::Session& s) {
        s.execute_script(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_user') THEN "
            "CREATE ROLE app_user; END IF; END $$;"
            "GRANT USAGE ON SCHEMA app TO app_user;"
            "GRANT SELECT, INSERT, UPDATE ON app.todos TO app_user;"
            "INSERT INTO app.owners (id, name, org_id) VALUES (1, 'ann', 1), (2, 'bob', 2);");
        s.execute_script(
            "SET LOCAL search_path = app;" +
            strata::session::tenant_policy_sql("todos", "org_id", "app.org_id", "bigint"));
    });
    auto& db = this->db();
    const std::string uid = "1";
    const std::string oid = "2";
    Todo todo{.id = 0,
              .owner_id = 2,
              .title = "Old title",
              .note = {},
              .created_at = {},
              .updated_at = {},
              .deleted_at = {}};
    db.transact(
        [](strata::Session& s) { s.execute("ALTER TABLE app.todos ALTER org_id SET DEFAULT 2"); });
    // clang-format off
    // snippet:begin repositories
    db.scoped({.user_id = uid, .org_id = oid}, {.role = "app_user"}).transact([&](strata::Session& s) {
        strata::Repository<Todo> todos{s};                   // no commit(): the service owns it
        auto t = todos.insert(todo);                         // returns id, created_at
        todos.update_by_id(t.id, strata::Patch<Todo>{}.set(&Todo::title, "New title"));
        todos.soft_delete_by_id(t.id);                       // reads skip it from now on
    });
    // snippet:end repositories
    // clang-format on
    db.transact([](strata::Session& s) {
        EXPECT_EQ(
            s.query(
                 "SELECT title || ':' || org_id || ':' || (deleted_at IS NOT NULL) FROM app.todos")
                .scalar<std::string>(),
            "New title:2:true");
    });
}

}  // namespace
