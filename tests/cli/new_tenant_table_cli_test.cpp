// strata new --template tenant-table: the migration it writes applies to PostgreSQL and fails
// closed (no tenant scope: no rows; a scope: only that tenant's rows).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_runner.hpp"
#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"
#include "strata/driver/connection.hpp"
#include "strata/session/database.hpp"
#include "strata/session/scoped.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

TEST(CliNewTenantTable, WritesTheTableWithForcedRowLevelSecurityAndAFailClosedPolicy) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli({"new", "--template", "tenant-table", "todos"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto path = created_path(r);
    EXPECT_THAT(path.filename().string(), HasSubstr("_create_tenant_table_todos.sql"));
    const auto text = read_file(path);
    EXPECT_THAT(text, HasSubstr("-- migrate:up\nCREATE TABLE todos (\n"));
    EXPECT_THAT(text, HasSubstr("    org_id bigint NOT NULL,\n"));
    EXPECT_THAT(text, HasSubstr("ALTER TABLE \"todos\" ENABLE ROW LEVEL SECURITY;"));
    EXPECT_THAT(text, HasSubstr("ALTER TABLE \"todos\" FORCE ROW LEVEL SECURITY;"));
    EXPECT_THAT(text, HasSubstr("NULLIF(current_setting('app.org_id', true), '')::bigint"));
    EXPECT_THAT(text, HasSubstr("-- migrate:down\nDROP TABLE todos;\n"));
}

TEST(CliNewTenantTable, ColumnKeyAndTypeAreOptions) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto r = run_cli(
        {"new", "--template", "tenant-table", "notes", "-m", "notes per team", "--tenant-column",
         "team_id", "--tenant-key", "request.team", "--tenant-type", "uuid"},
        project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto path = created_path(r);
    EXPECT_THAT(path.filename().string(), HasSubstr("_notes_per_team.sql"));
    const auto text = read_file(path);
    EXPECT_THAT(text, HasSubstr("    team_id uuid NOT NULL,\n"));
    EXPECT_THAT(text, HasSubstr("\"team_id\" = NULLIF(current_setting('request.team', true), "
                                "'')::uuid"));
}

TEST(CliNewTenantTable, BadInputIsAUsageErrorAndWritesNothing) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto migrations = project.dir() / "db" / "migrations";
    const auto no_table = run_cli({"new", "--template", "tenant-table"}, project.dir());
    EXPECT_EQ(no_table.exit_code, 2) << no_table.all();
    EXPECT_THAT(no_table.err, HasSubstr("needs the table name"));
    const auto bad_table =
        run_cli({"new", "--template", "tenant-table", "Todo Items"}, project.dir());
    EXPECT_EQ(bad_table.exit_code, 2) << bad_table.all();
    EXPECT_THAT(bad_table.err,
                HasSubstr("the table \"Todo Items\": expected a lower-case SQL name"));
    const auto bad_key = run_cli(
        {"new", "--template", "tenant-table", "todos", "--tenant-key", "org_id\nDROP TABLE x"},
        project.dir());
    EXPECT_EQ(bad_key.exit_code, 2) << bad_key.all();
    EXPECT_THAT(bad_key.err, HasSubstr("--tenant-key"));
    const auto bad_type =
        run_cli({"new", "--template", "tenant-table", "todos", "--tenant-type", "int; DROP"},
                project.dir());
    EXPECT_EQ(bad_type.exit_code, 2) << bad_type.all();
    const auto unknown = run_cli({"new", "--template", "audit-table", "todos"}, project.dir());
    EXPECT_EQ(unknown.exit_code, 2) << unknown.all();
    EXPECT_THAT(unknown.err, HasSubstr("audit-table"));
    const auto stray = run_cli({"new", "-m", "x", "todos"}, project.dir());
    EXPECT_EQ(stray.exit_code, 2) << stray.all();
    const auto no_template =
        run_cli({"new", "-m", "x", "--tenant-column", "team_id"}, project.dir());
    EXPECT_EQ(no_template.exit_code, 2) << no_template.all();
    EXPECT_THAT(no_template.err, HasSubstr("go with --template"));
    const auto both =
        run_cli({"new", "--template", "tenant-table", "todos", "--autogenerate"}, project.dir());
    EXPECT_EQ(both.exit_code, 2) << both.all();
    EXPECT_TRUE(fs::is_empty(migrations));
}

// A --tenant-* flag is never ignored: with --autogenerate (which writes what the desired schema
// says) or without --template it is refused naming the flags, even when given its default value.
TEST(CliNewTenantTable, TenantFlagsWithAutogenerateOrWithoutTheTemplateAreRefusedNotIgnored) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const auto migrations = project.dir() / "db" / "migrations";
    std::ofstream(project.dir() / "db" / "schema.sql") << "CREATE TABLE todos (id bigint);\n";
    const auto auto_default = run_cli(
        {"new", "--autogenerate", "-m", "todos", "--tenant-column", "org_id"}, project.dir());
    EXPECT_EQ(auto_default.exit_code, 2) << auto_default.all();
    EXPECT_THAT(auto_default.err, HasSubstr("--tenant-column with --autogenerate"));
    const auto auto_all =
        run_cli({"new", "--autogenerate", "-m", "todos", "--tenant-key", "app.team",
                 "--tenant-type", "uuid", "--tenant-column", "team_id"},
                project.dir());
    EXPECT_EQ(auto_all.exit_code, 2) << auto_all.all();
    EXPECT_THAT(auto_all.err,
                HasSubstr("--tenant-column, --tenant-key, --tenant-type with --autogenerate"));
    const auto with_template = run_cli(
        {"new", "--template", "tenant-table", "todos", "--tenant-type", "bigint", "--autogenerate"},
        project.dir());
    EXPECT_EQ(with_template.exit_code, 2) << with_template.all();
    EXPECT_THAT(with_template.err, HasSubstr("--autogenerate"));
    const auto default_without_template =
        run_cli({"new", "-m", "x", "--tenant-type", "bigint"}, project.dir());
    EXPECT_EQ(default_without_template.exit_code, 2) << default_without_template.all();
    EXPECT_THAT(default_without_template.err,
                HasSubstr("--tenant-type: the --tenant-* flags go with --template tenant-table"));
    EXPECT_TRUE(fs::is_empty(migrations));
}

TEST(CliNewTenantTable, ASchemaQualifiedTableGetsItsPolicyInItsSchemaOnPostgreSql) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const std::string role = strata::testing::Server::kAppRole;
    std::ofstream(project.dir() / "db" / "migrations" / "20200101000000_schema_app.sql")
        << "-- migrate:up\nCREATE SCHEMA app;\nGRANT USAGE ON SCHEMA app TO " << role
        << ";\n-- migrate:down\nDROP SCHEMA app;\n";
    const auto r = run_cli({"new", "--template", "tenant-table", "app.orders"}, project.dir());
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto text = read_file(created_path(r));
    EXPECT_THAT(text, HasSubstr("CREATE TABLE app.orders (\n"));
    EXPECT_THAT(text, HasSubstr("CREATE INDEX orders_org_id_idx ON app.orders (org_id);"));
    EXPECT_THAT(text, HasSubstr("CREATE POLICY \"orders_tenant\" ON \"app\".\"orders\""));
    EXPECT_THAT(text, HasSubstr("-- migrate:down\nDROP TABLE app.orders;\n"));
    const auto bad = run_cli({"new", "--template", "tenant-table", "app.Orders"}, project.dir());
    EXPECT_EQ(bad.exit_code, 2) << bad.all();
    EXPECT_THAT(bad.err, HasSubstr("the table \"app.Orders\""));

    const auto url = strata::testing::fresh_database_url("tenant_schema");
    const auto up = run_cli({"--url", url, "up"}, project.dir());
    ASSERT_EQ(up.exit_code, 0) << up.all();
    auto admin = driver::Connection::open(url);
    admin.execute_script(
        "INSERT INTO app.orders (org_id) VALUES (1), (1), (2);\n"
        "GRANT SELECT, INSERT ON app.orders TO " +
        role + ";");
    EXPECT_TRUE(admin
                    .query("SELECT relforcerowsecurity FROM pg_class WHERE oid = "
                           "'app.orders'::regclass")
                    .scalar<bool>());
    auto plain = driver::Connection::open(strata::testing::Server::instance().app_url(url));
    EXPECT_EQ(plain.query("SELECT count(*) FROM app.orders").scalar<std::int64_t>(), 0)
        << "no tenant setting: no rows";
    plain.execute_script("SET app.org_id = '1'");
    EXPECT_EQ(plain.query("SELECT count(*) FROM app.orders").scalar<std::int64_t>(), 2);
    EXPECT_THROW(plain.execute("INSERT INTO app.orders (org_id) VALUES (2)"), SqlError);
    strata::testing::Server::instance().drop_database(url);
}

TEST(CliNewTenantTable, TheMigrationAppliedToPostgreSqlSeesNoRowWithoutATenantScope) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    ASSERT_EQ(run_cli({"new", "--template", "tenant-table", "todos"}, project.dir()).exit_code, 0);
    const auto url = strata::testing::fresh_database_url("tenant");
    const auto up = run_cli({"--url", url, "up"}, project.dir());
    ASSERT_EQ(up.exit_code, 0) << up.all();

    // The rows go in as the superuser (it bypasses row-level security); the service connects
    // as an ordinary role, as in production.
    auto admin = driver::Connection::open(url);
    admin.execute_script(
        "INSERT INTO todos (org_id) VALUES (1), (1), (2);\n"
        "GRANT SELECT, INSERT ON todos TO " +
        std::string(strata::testing::Server::kAppRole) + ";");
    const auto app_url = strata::testing::Server::instance().app_url(url);

    auto plain = driver::Connection::open(app_url);
    EXPECT_EQ(plain.query("SELECT count(*) FROM todos").scalar<std::int64_t>(), 0)
        << "no tenant setting: no rows";
    plain.execute_script("SET app.org_id = ''");  // set before, then emptied: still nothing
    EXPECT_EQ(plain.query("SELECT count(*) FROM todos").scalar<std::int64_t>(), 0);
    EXPECT_THROW(plain.execute("INSERT INTO todos (org_id) VALUES (1)"), SqlError)
        << "no tenant setting: nothing can be written";

    DatabaseOptions options;
    options.url = app_url;
    auto db = Database::open(options);
    auto org1 = db.scoped({.user_id = {}, .org_id = "1", .extra = {}});
    org1.transact([](Session& s) {
        EXPECT_EQ(s.query("SELECT count(*) FROM todos").scalar<std::int64_t>(), 2);
        EXPECT_EQ(s.query("SELECT count(*) FROM todos WHERE org_id <> 1").scalar<std::int64_t>(),
                  0);
    });
    EXPECT_THROW(org1.transact([](Session& s) {
        s.execute("INSERT INTO todos (org_id) VALUES (2)");  // another tenant's row
    }),
                 SqlError);
    auto org2 = db.scoped({.user_id = {}, .org_id = "2", .extra = {}});
    EXPECT_EQ(org2.transact([](Session& s) {
        return s.query("SELECT count(*) FROM todos").scalar<std::int64_t>();
    }),
              1);
    auto nobody = db.scoped({.user_id = "u1", .org_id = {}, .extra = {}});
    EXPECT_EQ(nobody.transact([](Session& s) {
        return s.query("SELECT count(*) FROM todos").scalar<std::int64_t>();
    }),
              0);
    strata::testing::Server::instance().drop_database(url);
}

// Names derived from a table (its index, its policy) are fitted to 63 bytes, not left to
// PostgreSQL's cut: the index of a 60-byte table was cut to "<table>_or", exactly the name of
// the next 63-byte table, whose CREATE TABLE then failed.
TEST(CliNewTenantTable, LongTableNamesGetIndexAndPolicyNamesThatFitAndDifferOnPostgreSql) {
    TempProject project;
    ASSERT_EQ(run_cli({"init"}, project.dir()).exit_code, 0);
    const std::string first = "event_" + std::string(50, 'e') + "_log";  // 60 bytes
    const std::string second = first + "_or";                            // 63 bytes
    const auto migrations = project.dir() / "db" / "migrations";
    int version = 0;
    for (const auto& table : {first, second}) {
        const auto r = run_cli({"new", "--template", "tenant-table", table}, project.dir());
        ASSERT_EQ(r.exit_code, 0) << r.all();
        // Versions of their own: two `strata new` within one second would share a timestamp.
        fs::rename(created_path(r), migrations / ("2020010100000" + std::to_string(++version) +
                                                  "_create_" + table + ".sql"));
    }

    const auto url = strata::testing::fresh_database_url("tenant_long");
    const auto up = run_cli({"--url", url, "up"}, project.dir());
    ASSERT_EQ(up.exit_code, 0) << up.all();
    auto admin = driver::Connection::open(url);
    const auto name_of = [&](const char* sql, const std::string& table) {
        return admin.query(sql, table).scalar<std::string>();
    };
    const char* index_sql =
        "SELECT indexname::text FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE "
        "'%(org_id)'";
    const char* policy_sql = "SELECT policyname::text FROM pg_policies WHERE tablename = $1";
    const auto first_index = name_of(index_sql, first);
    const auto second_index = name_of(index_sql, second);
    const auto first_policy = name_of(policy_sql, first);
    const auto second_policy = name_of(policy_sql, second);
    EXPECT_EQ(first_index, fit_identifier(first + "_org_id_idx"));
    EXPECT_EQ(second_index, fit_identifier(second + "_org_id_idx"));
    EXPECT_EQ(first_policy, fit_identifier(first + "_tenant"));
    EXPECT_EQ(second_policy, fit_identifier(second + "_tenant"));
    EXPECT_NE(first_index, second_index);
    EXPECT_NE(first_policy, second_policy);
    for (const auto& name : {first_index, second_index, first_policy, second_policy}) {
        EXPECT_LE(name.size(), kMaxIdentifierBytes) << name;
        EXPECT_NE(name, second) << "a derived name is another table's name";
    }
    strata::testing::Server::instance().drop_database(url);
}

}  // namespace
}  // namespace strata::cli_test
