// The dump's tail on PostgreSQL: an environment-independent history, and reference data rows.
#include <gmock/gmock.h>

#include "pg_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/migrate/history.hpp"
#include "strata/schema/dump.hpp"

namespace strata::schema::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// A fresh database that is dropped with the object.
class ScratchDb {
public:
    explicit ScratchDb(const std::string& tag)
        : url_(strata::testing::fresh_database_url(tag)), conn_(driver::Connection::open(url_)) {}
    ScratchDb(const ScratchDb&) = delete;
    ScratchDb& operator=(const ScratchDb&) = delete;
    ~ScratchDb() {
        conn_.reset();
        strata::testing::Server::instance().drop_database(url_);
    }
    driver::Connection& conn() { return *conn_; }

private:
    std::string url_;
    std::optional<driver::Connection> conn_;
};

migrate::AppliedMigration applied(const std::string& version, const std::string& when,
                                  const std::string& who, std::int64_t order, std::int64_t ms) {
    migrate::AppliedMigration m;
    m.version = version;
    m.name = "create_" + version;
    m.checksum = "sha256:" + version;
    m.applied_at = Timestamptz::parse(when);
    m.execution_ms = ms;
    m.applied_by = who;
    m.apply_order = order;
    m.tool_version = "strata " + when.substr(0, 4);
    return m;
}

/// The schema of the migrations 1, 2 and 10, applied in the given order at other times.
void migrate_like(driver::Connection& conn, const std::vector<migrate::AppliedMigration>& rows) {
    conn.execute_script("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY)");
    migrate::History history(conn, {});
    history.ensure();
    for (const auto& r : rows) history.insert(r);
    history.log_event({0, rows.front().applied_at, "up", rows.front().version, "", "", "x", ""});
}

TEST(DumpHistoryTail, IsTheSameForTwoDatabasesMigratedAtDifferentTimesByOtherUsers) {
    ScratchDb dev("tail_dev");
    ScratchDb ci("tail_ci");
    // dev applied 10 before 2 (out of order), years before CI, as another user, more slowly.
    migrate_like(dev.conn(), {applied("1", "2023-01-01 10:00:00+00", "alice", 1, 120),
                              applied("10", "2023-02-01 10:00:00+00", "alice", 2, 30),
                              applied("2", "2023-03-01 10:00:00+00", "bob", 3, 7)});
    migrate_like(ci.conn(), {applied("1", "2026-12-06 16:00:00+00", "ci", 1, 1),
                             applied("2", "2026-12-06 16:00:01+00", "ci", 2, 2),
                             applied("10", "2026-12-06 16:00:02+00", "ci", 3, 3)});
    auto text = dump(dev.conn());
    EXPECT_EQ(dump(ci.conn()), text);
    EXPECT_THAT(text, Not(HasSubstr("alice")));
    EXPECT_THAT(text, Not(HasSubstr("2023")));
    EXPECT_THAT(text, Not(HasSubstr("applied_at,")));
    EXPECT_THAT(text, HasSubstr("'sha256:10'"));
    // Version order, numeric: 1, 2, 10.
    EXPECT_LT(text.find("'sha256:1'"), text.find("'sha256:2'"));
    EXPECT_LT(text.find("'sha256:2'"), text.find("'sha256:10'"));

    // A different applied set is a different tail.
    ci.conn().execute_script("DELETE FROM strata_migrations WHERE version = '10'");
    EXPECT_NE(dump(ci.conn()), text);

    // The dump loads, and the loaded history reads back through the migrator's own code.
    ScratchDb loaded("tail_loaded");
    loaded.conn().execute_script(text);
    EXPECT_EQ(dump(loaded.conn()), text);
    migrate::History history(loaded.conn(), {});
    auto rows = history.applied();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].version, "1");
    EXPECT_EQ(rows[2].version, "10");
    EXPECT_EQ(rows[2].apply_order, 3);
    EXPECT_EQ(rows[2].checksum, "sha256:10");
    EXPECT_EQ(rows[2].tool_version, "strata dump");
    EXPECT_TRUE(rows[2].complete);
}

class DumpData : public PgSchemaTest {
protected:
    void SetUp() override {
        PgSchemaTest::SetUp();
        run("CREATE TYPE role_kind AS ENUM ('staff', 'customer');"
            "CREATE TABLE user_role_enum (id serial PRIMARY KEY, name text NOT NULL UNIQUE, "
            "  kind role_kind NOT NULL, flags text[], label text GENERATED ALWAYS AS "
            "  (upper(name)) STORED);"
            "CREATE TABLE permission (code text PRIMARY KEY, role_id int NOT NULL "
            "  REFERENCES user_role_enum, note text);"
            "CREATE TABLE country (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, iso text);"
            "CREATE TABLE users (id serial PRIMARY KEY, role_id int REFERENCES user_role_enum);"
            "CREATE VIEW role_names AS SELECT name FROM user_role_enum;"
            // Inserted out of key order, with quotes, NULLs and arrays.
            "INSERT INTO user_role_enum (id, name, kind, flags) VALUES "
            "  (3, 'o''brien', 'customer', NULL), (1, 'admin', 'staff', '{a,\"b c\"}'),"
            "  (2, 'user', 'customer', '{}');"
            "SELECT setval('user_role_enum_id_seq', 3);"
            "INSERT INTO permission VALUES ('b', 1, NULL), ('Z', 2, 'upper'), ('a', 3, 'x');"
            "INSERT INTO country (iso) VALUES ('de'), ('fr');"
            "INSERT INTO users (role_id) VALUES (1), (2)");
    }
    static DumpOptions with_data(std::vector<std::string> tables) {
        DumpOptions o;
        o.data = std::move(tables);
        return o;
    }
    static std::string rows(driver::Connection& conn, const std::string& table) {
        std::string out;
        for (const auto& r : conn.query("SELECT t::text FROM " + table + " t ORDER BY 1"))
            out += r.get<std::string>(0) + "\n";
        return out;
    }
};

TEST_F(DumpData, RebuildsTheChosenTablesRowsInAFreshDatabase) {
    // permission (which references user_role_enum) is named first: the dump orders them.
    auto text = dump(*conn_, {}, with_data({"permission", "public.user_role_enum", "country"}));
    EXPECT_LT(text.find("INSERT INTO public.user_role_enum"),
              text.find("INSERT INTO public.permission"));
    EXPECT_THAT(text, HasSubstr("-- Reference data"));
    EXPECT_THAT(text, Not(HasSubstr("INSERT INTO public.users")));
    EXPECT_THAT(text, Not(HasSubstr("'ADMIN'")));  // generated column left to the server
    // Primary-key order, text keys in byte order whatever the collation: 'Z' < 'a' < 'b'.
    EXPECT_LT(text.find("('1', 'admin'"), text.find("('3', 'o''brien'"));
    EXPECT_LT(text.find("('Z'"), text.find("('a'"));
    EXPECT_LT(text.find("('a'"), text.find("('b'"));
    EXPECT_EQ(dump(*conn_, {}, with_data({"permission", "public.user_role_enum", "country"})),
              text);

    ScratchDb fresh("data_loaded");
    fresh.conn().execute_script(text);
    for (const char* t : {"user_role_enum", "permission", "country"})
        EXPECT_EQ(rows(fresh.conn(), t), rows(*conn_, t)) << t;
    EXPECT_EQ(fresh.conn().query("SELECT count(*) FROM users").scalar<std::int64_t>(), 0);
    // The loaded copy dumps the same text.
    EXPECT_EQ(dump(fresh.conn(), {}, with_data({"permission", "public.user_role_enum", "country"})),
              text);
    // The sequences continue after the loaded rows: new rows get new keys.
    EXPECT_EQ(fresh.conn()
                  .query("INSERT INTO user_role_enum (name, kind) VALUES ('new', 'staff') "
                         "RETURNING id")
                  .scalar<std::int32_t>(),
              4);
    EXPECT_EQ(fresh.conn()
                  .query("INSERT INTO country (iso) VALUES ('it') RETURNING id")
                  .scalar<std::int32_t>(),
              3);
}

TEST_F(DumpData, AnEmptyTableAddsNoStatementAndTheSectionIsOmittedWithoutData) {
    run("CREATE TABLE empty_lookup (id int PRIMARY KEY)");
    EXPECT_THAT(dump(*conn_, {}, with_data({"empty_lookup"})), Not(HasSubstr("INSERT")));
    EXPECT_THAT(dump(*conn_), Not(HasSubstr("-- Reference data")));
}

TEST_F(DumpData, NamesAMissingTableAViewAndAnAmbiguousName) {
    auto message = [&](std::vector<std::string> tables, std::string origin) {
        auto options = with_data(std::move(tables));
        options.data_origin = std::move(origin);
        try {
            (void)dump(*conn_, {}, options);
        } catch (const UsageError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message({"user_role_enum", "user_roles"}, "--data"),
              "--data: no table \"user_roles\" in the dumped schemas (check the name, and "
              "--schema/--exclude-schema)");
    EXPECT_THAT(message({"role_names"}, "strata.toml:4: [dump] data"),
                HasSubstr("strata.toml:4: [dump] data: no table \"role_names\" in the dumped "
                          "schemas (it is a view"));
    run("CREATE SCHEMA other; CREATE TABLE other.country (id int)");
    EXPECT_THAT(message({"country"}, "--data"),
                HasSubstr("\"country\" is in several schemas (other.country and "
                          "public.country): name it as schema.table"));
    EXPECT_EQ(message({"other.country"}, "--data"), "no error");
}

}  // namespace
}  // namespace strata::schema::test
