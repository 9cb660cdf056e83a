// The migrator suite on a SQLite file per test.
#include "migrate/migrator_suite.hpp"

namespace strata::migrate::test {
namespace {

const bool kRegistered = [] {
    g_database_factory = [](const fs::path& dir) {
        return "sqlite:///" + (dir / "test.db").string();
    };
    return true;
}();

using MigratorSqlite = MigratorSuite;

TEST_F(MigratorSqlite, RecordsHistoryAsIsoUtcTextInTheDatabaseFile) {
    ASSERT_FALSE(pg());
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    migrator().up();
    EXPECT_TRUE(std::filesystem::exists(dir_ / "test.db"));
    auto row = conn_->query("SELECT typeof(applied_at), applied_at FROM strata_migrations");
    ASSERT_EQ(row.size(), 1U);
    EXPECT_EQ(row[0].get<std::string>(0), "text");
    const auto at = row[0].get<std::string>(1);
    EXPECT_EQ(at.back(), 'Z') << at;
    EXPECT_EQ(at[10], 'T') << at;
}

}  // namespace
}  // namespace strata::migrate::test
