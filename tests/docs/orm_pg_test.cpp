// The examples of docs/orm.md, run against a migrated PostgreSQL database (tests/docs/project).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "docs/models.hpp"
#include "strata/orm/repository.hpp"
#include "strata/orm/run.hpp"
#include "strata/session/advisory_lock.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/database_test.hpp"

namespace {

using strata::orm::Patch;

class OrmDocs : public strata::testing::DatabaseTest {
protected:
    strata::testing::TestDatabaseOptions options() const override {
        return {.migrations_dir = PROJECT_DIR "/db/migrations"};
    }
    void add_owner(std::int64_t id, const std::string& name, std::int64_t org = 1) {
        db().transact([&](strata::Session& s) {
            s.query("INSERT INTO app.owners (id, name, org_id) VALUES ($1, $2, $3)", id, name, org);
        });
    }
};

TEST_F(OrmDocs, QueryBuilder) {
    add_owner(7, "ann");
    db().transact([](strata::Session& s) {
        s.query(
            "INSERT INTO app.todos (owner_id, title, note) VALUES (7, 'apples', 'green'), (7, "
            "'pears', 'n')");
    });
    const std::optional<std::int64_t> owner = 7;
    const Reading r{.id = 0, .device = "d1", .day = 3, .value = 1.5};
    db().transact([&](strata::Session& session) {
        // clang-format off
        // snippet:begin query-builder
        using namespace strata::orm;
        auto q = select<Todo>()
            .join<Owner>(col(&Todo::owner_id) == col(&Owner::id))
            .where(col(&Todo::title).like("a%") && !col(&Todo::note).is_null())
            .where_if(owner.has_value(), [&] { return col(&Todo::owner_id) == *owner; })
            .order_by(desc(&Todo::id)).limit(20).offset(40).skip_locked();
        Sql sql = q.to_sql(Dialect::postgres);   // sql.text, sql.params; sql.to_string() for logs
        auto rows = fetch(session, q);           // std::vector<std::tuple<Todo, Owner>>, see below
        execute(session, insert<Reading>().values(r).on_conflict({&Reading::device, &Reading::day})
                             .do_update({&Reading::value}).returning_all());
        execute(session, update<Todo>().set(&Todo::title, "x").set_null(&Todo::note).where(col(&Todo::id) == 1));
        execute(session, delete_from<Todo>().where(col(&Todo::id).in({1, 2, 3})));
        // snippet:end query-builder
        // clang-format on
        EXPECT_NE(sql.text.find("JOIN \"app\".\"owners\""), std::string::npos) << sql.text;
        EXPECT_TRUE(rows.empty());  // offset 40 of one matching row
        EXPECT_EQ(
            fetch(session, select<Todo>().where(col(&Todo::title).like("a%")).limit(20)).size(),
            0U);
        EXPECT_EQ(
            session.query("SELECT value FROM app.readings WHERE device = 'd1'").scalar<double>(),
            1.5);
    });
}

TEST_F(OrmDocs, Repository) {
    add_owner(1, "ann");
    const Todo todo{.id = 0,
                    .owner_id = 1,
                    .title = "Old",
                    .note = "n",
                    .created_at = {},
                    .updated_at = {},
                    .deleted_at = {}};
    const Reading v{.id = 0, .device = "d1", .day = 1, .value = 2.0};
    const auto filter = strata::orm::col(&Todo::owner_id) == 1;
    std::optional<Todo> last_row_of_previous_page;
    auto& db = this->db();
    // clang-format off
    // snippet:begin repository
    db.transact([&](strata::Session& s) {
        strata::Repository<Todo> todos{s};                    // no commit()/rollback() member
        auto t = todos.insert(todo);                          // returns id, created_at
        todos.update_by_id(t.id, Patch<Todo>{}.set(&Todo::title, "New").set_null(&Todo::note));
        todos.soft_delete_by_id(t.id);                        // deleted_at = now (UTC)
        auto gone = todos.with_deleted().get_by_id(t.id);  auto bin = todos.only_deleted().find();
        todos.restore_by_id(t.id);
        auto some = todos.load_many({t.id, 2, 3});            // one query, order of ids, missing skipped
        auto next = todos.page(filter, 50, last_row_of_previous_page);  // keyset by primary key
        todos.delete_by_id(t.id);                             // hard delete, explicit
        strata::Repository<Reading>{s}.upsert(v, {&Reading::device, &Reading::day}, {&Reading::value});
        // snippet:end repository
        // clang-format on
        ASSERT_TRUE(gone.has_value());
        EXPECT_EQ(gone->title, "New");
        EXPECT_FALSE(gone->note.has_value());
        EXPECT_TRUE(gone->deleted_at.has_value());
        ASSERT_EQ(bin.size(), 1U);
        ASSERT_EQ(some.size(), 1U);
        EXPECT_FALSE(some[0].deleted_at.has_value());
        ASSERT_EQ(next.size(), 1U);
        EXPECT_FALSE(todos.with_deleted().get_by_id(t.id).has_value());
        EXPECT_EQ(s.query("SELECT count(*) FROM app.readings").scalar<std::int64_t>(), 1);
        // clang-format off
    // snippet:begin repository
    });
    // snippet:end repository
    // clang-format on
}

TEST_F(OrmDocs, TenantScope) {
    add_owner(1, "ann", 1);
    add_owner(2, "bob", 2);
    db().transact([](strata::Session& s) {
        s.execute_script(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_user') THEN "
            "CREATE ROLE app_user; END IF; END $$;"
            "GRANT USAGE ON SCHEMA app TO app_user; GRANT SELECT ON app.owners TO app_user;");
        s.execute_script(
            "SET LOCAL search_path = app;" +
            strata::session::tenant_policy_sql("owners", "org_id", "app.org_id", "bigint"));
    });
    const std::string uid = "u1";
    const std::string oid = "2";
    std::vector<std::string> names;
    auto& db = this->db();
    // clang-format off
    // snippet:begin tenant-scope
    auto as_user = db.scoped({.user_id = uid, .org_id = oid}, {.role = "app_user"});
    as_user.transact([&](strata::Session& s) {               // only oid's rows
        for (const auto& owner : strata::Repository<Owner>{s}.find()) names.push_back(owner.name);
    });
    // snippet:end tenant-scope
    // clang-format on
    EXPECT_EQ(names, std::vector<std::string>{"bob"});
}

TEST_F(OrmDocs, TransactionLevelAdvisoryLocks) {
    const std::int64_t invoice_id = 42;
    bool reported = false;
    auto& db = this->db();
    // clang-format off
    // snippet:begin xact-lock
    db.transact([&](strata::Session& s) {
        s.xact_lock("invoice-" + std::to_string(invoice_id));   // blocks until taken
        if (!s.try_xact_lock("nightly-report")) return;         // someone else is on it
        reported = true;
    });                                                         // both released by COMMIT
    // snippet:end xact-lock
    // clang-format on
    EXPECT_TRUE(reported);
    EXPECT_EQ(db.transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
            .scalar<std::int64_t>();
    }),
              0);
}

}  // namespace
