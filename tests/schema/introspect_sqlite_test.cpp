// SQLite introspection into the same Catalog, and the SQLite dump round trip.
#include <gmock/gmock.h>

#include "strata/driver/connection.hpp"
#include "strata/schema/dump.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::schema::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kSchema = R"sql(
CREATE TABLE orgs (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE users (
    id INTEGER NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX users_email ON users (email DESC);
CREATE UNIQUE INDEX users_lower_email ON users (lower(email)) WHERE email <> '';
CREATE VIEW org_users AS SELECT o.name, u.email FROM orgs o JOIN users u ON u.org_id = o.id;
CREATE TRIGGER orgs_no_delete BEFORE DELETE ON orgs BEGIN SELECT RAISE(ABORT, 'no'); END;
)sql";

class SqliteIntrospect : public ::testing::Test {
protected:
    void SetUp() override { conn_.emplace(driver::Connection::open("sqlite::memory:")); }
    std::optional<driver::Connection> conn_;
};

TEST_F(SqliteIntrospect, ReadsTablesColumnsAndKeys) {
    conn_->execute_script(kSchema);
    auto cat = introspect(*conn_);
    EXPECT_EQ(cat.backend, "sqlite");
    ASSERT_EQ(cat.schemas.size(), 1u);
    EXPECT_EQ(cat.schemas[0].name, "main");
    ASSERT_EQ(cat.tables.size(), 2u);
    const auto* orgs = cat.find_table("main", "orgs");
    ASSERT_NE(orgs, nullptr);
    ASSERT_EQ(orgs->columns.size(), 3u);
    EXPECT_EQ(orgs->columns[1].type, "TEXT");
    EXPECT_TRUE(orgs->columns[1].not_null);
    EXPECT_EQ(orgs->columns[2].default_expr, "CURRENT_TIMESTAMP");
    ASSERT_EQ(orgs->constraints.size(), 2u);  // pk + unique(name)
    const auto* users = cat.find_table("main", "users");
    ASSERT_NE(users, nullptr);
    const Constraint* pk = nullptr;
    const Constraint* fk = nullptr;
    for (const auto& c : users->constraints) {
        if (c.kind == ConstraintKind::primary_key) pk = &c;
        if (c.kind == ConstraintKind::foreign_key) fk = &c;
    }
    ASSERT_TRUE(pk && fk);
    EXPECT_THAT(pk->columns, ElementsAre("org_id", "id"));
    EXPECT_EQ(fk->referenced_table, "main.orgs");
    EXPECT_THAT(fk->referenced_columns, ElementsAre("id"));
    EXPECT_EQ(fk->on_delete, "CASCADE");
}

TEST_F(SqliteIntrospect, ReadsIndexesViewsAndTriggers) {
    conn_->execute_script(kSchema);
    auto cat = introspect(*conn_);
    const auto* users = cat.find_table("main", "users");
    ASSERT_EQ(users->indexes.size(), 2u);
    EXPECT_EQ(users->indexes[0].name, "users_email");
    EXPECT_THAT(users->indexes[0].keys, ElementsAre("email DESC"));
    EXPECT_TRUE(users->indexes[1].unique);
    EXPECT_THAT(users->indexes[1].keys, ElementsAre("<expression>"));
    EXPECT_TRUE(users->indexes[1].predicate);
    ASSERT_EQ(cat.views.size(), 1u);
    EXPECT_THAT(cat.views[0].definition, HasSubstr("JOIN users"));
    ASSERT_EQ(cat.views[0].columns.size(), 2u);
    ASSERT_EQ(cat.find_table("main", "orgs")->triggers.size(), 1u);
    EXPECT_TRUE(cat.enums.empty());
    EXPECT_TRUE(cat.functions.empty());
}

TEST_F(SqliteIntrospect, RoundTripsThroughTheDump) {
    conn_->execute_script(kSchema);
    conn_->execute_script(
        "CREATE TABLE strata_migrations (version TEXT PRIMARY KEY, name TEXT NOT NULL, "
        "apply_order INTEGER NOT NULL);"
        "INSERT INTO strata_migrations VALUES ('1', 'first', 1)");
    auto original = introspect(*conn_);
    ASSERT_EQ(original.history.size(), 1u);
    auto script = render_dump(original);
    auto copy = driver::Connection::open("sqlite::memory:");
    copy.execute_script(script);
    auto loaded = introspect(copy);
    EXPECT_TRUE(loaded == original) << script;
    EXPECT_EQ(loaded.history, original.history);
    EXPECT_EQ(render_dump(loaded), script);
}

}  // namespace
}  // namespace strata::schema::test
