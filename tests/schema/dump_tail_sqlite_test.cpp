// The dump's tail on SQLite: the environment-independent history and reference data rows.
#include <gmock/gmock.h>

#include "strata/core/error.hpp"
#include "strata/driver/connection.hpp"
#include "strata/migrate/history.hpp"
#include "strata/schema/dump.hpp"

namespace strata::schema::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

void sqlite_migrated(driver::Connection& conn, const std::string& when, const std::string& who) {
    conn.execute_script("CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
    migrate::History history(conn, {});
    history.ensure();
    for (std::string v : {"20240101000000", "20240102000000"}) {
        migrate::AppliedMigration m;
        m.version = v;
        m.name = "m" + v;
        m.checksum = "sha256:" + v;
        m.applied_at = Timestamptz::parse(when);
        m.applied_by = who;
        m.execution_ms = static_cast<std::int64_t>(who.size());
        m.apply_order = v.back() - '0';
        m.tool_version = who;
        history.insert(m);
    }
}

TEST(DumpTailSqlite, HistoryIsTheSameWhenMigratedAtAnotherTimeAndLoadsBack) {
    auto dev = driver::Connection::open("sqlite::memory:");
    auto ci = driver::Connection::open("sqlite::memory:");
    sqlite_migrated(dev, "2023-05-01 09:00:00+00", "alice");
    sqlite_migrated(ci, "2026-12-06 16:00:00+00", "ci-runner");
    auto text = dump(dev);
    EXPECT_EQ(dump(ci), text);
    EXPECT_THAT(text, Not(HasSubstr("alice")));
    auto loaded = driver::Connection::open("sqlite::memory:");
    loaded.execute_script(text);
    EXPECT_EQ(dump(loaded), text);
    migrate::History history(loaded, {});
    auto rows = history.applied();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].version, "20240102000000");
    EXPECT_EQ(rows[1].checksum, "sha256:20240102000000");
    EXPECT_EQ(rows[1].applied_by, "strata dump");
}

TEST(DumpTailSqlite, DataRowsRoundTripInKeyOrder) {
    auto conn = driver::Connection::open("sqlite::memory:");
    conn.execute_script(
        "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);"
        "INSERT INTO roles VALUES (10, 'b''s', NULL), (2, 'a', 'x');"
        "CREATE TABLE tags (name TEXT);"
        "INSERT INTO tags VALUES ('z'), ('y')");
    DumpOptions options;
    options.data = {"roles", "main.tags"};
    auto text = dump(conn, {}, options);
    EXPECT_LT(text.find("('2', 'a', 'x')"), text.find("('10', 'b''s', NULL)"));
    EXPECT_LT(text.find("('y')"), text.find("('z')"));
    auto copy = driver::Connection::open("sqlite::memory:");
    copy.execute_script(text);
    EXPECT_EQ(copy.query("SELECT group_concat(name, ',') FROM (SELECT * FROM roles ORDER BY id)")
                  .scalar<std::string>(),
              "a,b's");
    EXPECT_EQ(copy.query("SELECT typeof(id) FROM roles LIMIT 1").scalar<std::string>(), "integer");
    EXPECT_EQ(dump(copy, {}, options), text);
    options.data = {"nope"};
    EXPECT_THROW((void)dump(conn, {}, options), UsageError);
}

}  // namespace
}  // namespace strata::schema::test
