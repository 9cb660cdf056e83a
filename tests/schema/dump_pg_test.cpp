// The dump on a real PostgreSQL: round trips, pg_dump equivalence, determinism, --check, history.
#include <gmock/gmock.h>

#include "pg_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/dump.hpp"
#include "test_support.hpp"

namespace strata::schema::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Dump : public PgSchemaTest {
protected:
    /// Loads sql into a fresh database and returns its catalog (the database is dropped).
    Catalog load_and_read(const std::string& sql, const IntrospectOptions& options) {
        auto url = strata::testing::fresh_database_url("schema_rt");
        Catalog cat;
        {
            auto conn = driver::Connection::open(url);
            conn.execute_script(sql);
            cat = introspect(conn, options);
        }
        strata::testing::Server::instance().drop_database(url);
        return cat;
    }
    static IntrospectOptions with_ownership() {
        IntrospectOptions o;
        o.ownership = true;
        return o;
    }
};

TEST_F(Dump, RoundTripsARichSchemaToAnEqualCatalog) {
    run(source_file("tests/schema/data/rich_schema.sql"));
    auto original = read(with_ownership());
    ASSERT_EQ(original.tables.size(), 7u);
    DumpOptions options;
    options.ownership = true;
    auto script = render_dump(original, options);
    auto loaded = load_and_read(script, with_ownership());
    EXPECT_TRUE(loaded == original)
        << unified_diff(script, render_dump(loaded, options), "original", "loaded");
    EXPECT_EQ(render_dump(loaded, options), script);
}

TEST_F(Dump, GivesTheSameCatalogAsPgDumpLoadedTheSameWay) {
    run(source_file("tests/schema/data/rich_schema.sql"));
    auto original = read(with_ownership());
    auto loaded = load_and_read(pg_dump_schema(url_), with_ownership());
    EXPECT_TRUE(loaded == original)
        << unified_diff(render_dump(original), render_dump(loaded), "original", "pg_dump loaded");
}

TEST_F(Dump, IsByteIdenticalWhateverTheCreationOrder) {
    run("CREATE TABLE b (id int PRIMARY KEY); CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES "
        "b);"
        "CREATE INDEX a_b ON a (b); CREATE VIEW v AS SELECT * FROM a");
    auto first = dump(*conn_);
    EXPECT_EQ(dump(*conn_), first);
    auto other = strata::testing::fresh_database_url("schema_order");
    {
        auto conn = driver::Connection::open(other);
        conn.execute_script(
            "CREATE TABLE b (id int PRIMARY KEY); CREATE TABLE a (id int PRIMARY KEY);"
            "CREATE VIEW v AS SELECT * FROM a; ALTER TABLE a ADD COLUMN b int;"
            "ALTER TABLE a ADD FOREIGN KEY (b) REFERENCES b; CREATE INDEX a_b ON a (b)");
        // The view was created before column b: its definition has one column less.
        conn.execute_script("CREATE OR REPLACE VIEW v AS SELECT * FROM a");
        EXPECT_EQ(dump(conn), first);
    }
    strata::testing::Server::instance().drop_database(other);
    EXPECT_THAT(first, Not(HasSubstr("PostgreSQL")));
    EXPECT_THAT(first, Not(HasSubstr("SET search_path")));
}

TEST_F(Dump, PutsForeignKeysAfterTablesAndViewsInDependencyOrder) {
    run("CREATE TABLE z (id int PRIMARY KEY, a_id int); CREATE TABLE a (id int PRIMARY KEY, z_id "
        "int "
        "REFERENCES z); ALTER TABLE z ADD FOREIGN KEY (a_id) REFERENCES a;"
        "CREATE VIEW a_view AS SELECT * FROM z; CREATE VIEW b_view AS SELECT * FROM a_view;"
        "CREATE OR REPLACE VIEW a_view AS SELECT z.* FROM z");
    auto text = dump(*conn_);
    auto table_a = text.find("CREATE TABLE public.a");
    auto table_z = text.find("CREATE TABLE public.z");
    auto fk = text.find("FOREIGN KEY");
    ASSERT_NE(fk, std::string::npos);
    EXPECT_LT(table_a, fk);
    EXPECT_LT(table_z, fk);
    EXPECT_LT(text.find("VIEW public.a_view"), text.find("VIEW public.b_view"));
    auto loaded = load_and_read(text, {});
    EXPECT_TRUE(loaded == read());
}

TEST_F(Dump, EndsWithTheMigrationHistory) {
    run("CREATE TABLE t (id int);"
        "CREATE TABLE strata_migrations (version text PRIMARY KEY, name text NOT NULL, "
        "applied_at timestamptz NOT NULL DEFAULT now(), apply_order bigint NOT NULL);"
        "CREATE TABLE strata_migrations_events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY "
        "KEY, "
        "action text NOT NULL);"
        "INSERT INTO strata_migrations VALUES ('20240102', 'second', '2024-01-02 10:00:00+00', 2),"
        "('20240101', 'first', '2024-01-01 10:00:00+00', 1)");
    auto text = dump(*conn_);
    auto tail = text.find("-- Migration history");
    ASSERT_NE(tail, std::string::npos);
    EXPECT_GT(tail, text.find("CREATE TABLE public.t"));
    EXPECT_LT(text.find("'20240101'"), text.find("'20240102'"));
    auto url = strata::testing::fresh_database_url("schema_hist");
    {
        auto conn = driver::Connection::open(url);
        conn.execute_script(text);
        auto cat = introspect(conn);
        auto original = read();
        EXPECT_TRUE(cat == original);
        // The applied-at times are the load's own (the tail leaves them out).
        ASSERT_EQ(cat.history.size(), original.history.size());
        EXPECT_EQ(cat.history[1].values[0], original.history[1].values[0]);
        EXPECT_EQ(cat.history_tables, original.history_tables);
        EXPECT_EQ(dump(conn), text);
    }
    strata::testing::Server::instance().drop_database(url);
}

TEST_F(Dump, CheckPassesForAFreshFileAndShowsADiffForAStaleOne) {
    TempDir dir;
    auto path = dir.path() / "db" / "schema.sql";
    run("CREATE TABLE t (id int)");
    write_dump(*conn_, path);
    EXPECT_EQ(check_dump(*conn_, path), std::nullopt);
    run("ALTER TABLE t ADD COLUMN name text NOT NULL");
    auto diff = check_dump(*conn_, path);
    ASSERT_TRUE(diff);
    EXPECT_THAT(*diff, HasSubstr("--- " + path.string()));
    EXPECT_THAT(*diff, HasSubstr("+    name text NOT NULL"));
    EXPECT_THAT(*diff, HasSubstr("-    id integer\n"));
}

TEST_F(Dump, CheckTreatsAMissingFileAsStale) {
    TempDir dir;
    auto diff = check_dump(*conn_, dir.path() / "missing.sql");
    ASSERT_TRUE(diff);
    EXPECT_THAT(*diff, HasSubstr("+-- Generated by `strata dump`"));
}

TEST_F(Dump, RefusesAnUnwritableOutputPath) {
    TempDir dir;
    std::ofstream(dir.path() / "file") << "x";
    try {
        write_dump(*conn_, dir.path() / "file" / "schema.sql");
        FAIL() << "no error";
    } catch (const UsageError& e) {
        EXPECT_THAT(e.what(), HasSubstr((dir.path() / "file").string()));
    }
}

TEST_F(Dump, ReportsAServerThatDoesNotAnswer) {
    EXPECT_THROW((void)introspect("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"),
                 ConnectionError);
}

TEST_F(Dump, WritesUserMappingsWithoutTheirPassword) {
    run("CREATE FOREIGN DATA WRAPPER w; CREATE SERVER s FOREIGN DATA WRAPPER w;"
        "CREATE USER MAPPING FOR PUBLIC SERVER s OPTIONS (user 'reader', password 'hunter2')");
    auto text = dump(*conn_);
    EXPECT_THAT(text, HasSubstr("CREATE USER MAPPING FOR PUBLIC SERVER s OPTIONS (\"user\" "
                                "'reader');"));
    EXPECT_THAT(text, Not(HasSubstr("hunter2")));
    EXPECT_THAT(text, Not(HasSubstr("password")));
}

}  // namespace
}  // namespace strata::schema::test
