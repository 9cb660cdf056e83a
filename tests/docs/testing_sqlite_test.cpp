// The SQLite example of docs/testing.md, run in a copy of a SQLite project as its working
// directory.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>

#include "docs/project_dir.hpp"
#include "strata/testing/test_database.hpp"

namespace {

TEST(TestingDocs, SqliteProjects) {
    const docs::InProjectCopy project("project_sqlite");
    {
        // clang-format off
        // snippet:begin sqlite
        auto tdb = strata::testing::migrated_database(
            {.migrations_dir = "db/migrations", .admin_url = "sqlite:///db/app.db"});
        // snippet:end sqlite
        // clang-format on
        tdb.database().transact(
            [](strata::Session& s) { s.execute("INSERT INTO orders DEFAULT VALUES"); });
        EXPECT_EQ(tdb.database().transact([](strata::Session& s) {
            return s.query("SELECT count(*) FROM orders").scalar<std::int64_t>();
        }),
                  1);
        EXPECT_TRUE(std::filesystem::is_directory(project.path() / "db" / ".strata-testdb"));
        EXPECT_FALSE(std::filesystem::exists(project.path() / "db" / "app.db"));  // never opened
    }
}

}  // namespace
