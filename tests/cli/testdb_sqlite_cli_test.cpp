// `strata testdb create|drop|gc` for a SQLite project: template file, copies, gc of leftovers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/migrate_cli_fixture.hpp"
#include "strata/core/url.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

class SqliteTestdbCli : public MigrateCli {
protected:
    [[nodiscard]] std::filesystem::path test_dir() const { return dir() / ".strata-testdb"; }

    /// The one line create prints.
    std::string create_clone(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"testdb", "create"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto created = strata(args);
        EXPECT_EQ(created.exit_code, 0) << created.all();
        std::string clone = created.out;
        while (!clone.empty() && (clone.back() == '\n' || clone.back() == ' ')) clone.pop_back();
        return clone;
    }
};

TEST_P(SqliteTestdbCli, CreateCopiesTheMigratedTemplateDropRemovesTheFileAndGcRuns) {
    write_three();
    seed_file("001.sql", "INSERT INTO a VALUES (1) ON CONFLICT DO NOTHING;\n");
    const std::string clone = create_clone({"--seed"});
    ASSERT_THAT(clone, ::testing::StartsWith("sqlite:///")) << clone;
    const std::string path = DatabaseUrl::parse(clone).sqlite_path();
    EXPECT_EQ(std::filesystem::path(path).parent_path(), test_dir());
    EXPECT_THAT(std::filesystem::path(path).filename().string(),
                ::testing::StartsWith("strata_testdb_"));
    {
        auto conn = driver::Connection::open(clone);
        EXPECT_EQ(conn.query("SELECT count(*) FROM sqlite_schema WHERE name = 'c'")
                      .scalar<std::int64_t>(),
                  1);
        EXPECT_EQ(conn.query("SELECT count(*) FROM a").scalar<std::int64_t>(), 1);
    }
    // The project's own database was not touched.
    EXPECT_FALSE(table_exists("a"));
    // A second clone is another file of the same template.
    const std::string second = create_clone({"--seed"});
    EXPECT_NE(second, clone);
    EXPECT_TRUE(std::filesystem::exists(DatabaseUrl::parse(second).sqlite_path()));

    const auto dropped = strata({"testdb", "drop", clone});
    EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
    EXPECT_FALSE(std::filesystem::exists(path));
    const auto again = strata({"testdb", "drop", clone});
    EXPECT_EQ(again.exit_code, 1) << again.all();
    EXPECT_THAT(again.err, HasSubstr("no such database"));
    // Refuses to drop what it did not create.
    const auto refused = strata({"testdb", "drop", url()});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_THAT(refused.err, HasSubstr("not a strata test database"));
    EXPECT_TRUE(std::filesystem::exists(dir() / "app.db"));

    // gc: a CLI clone older than --max-age and a clone of a process that is gone are removed;
    // the fresh CLI clone and the template stay.
    const auto old_cli =
        test_dir() / fmt::format("strata_testdb_{}_1_1.db", std::time(nullptr) - 7200);
    std::filesystem::copy_file(DatabaseUrl::parse(second).sqlite_path(), old_cli);
    const auto dead = test_dir() / fmt::format("strata_clone_{}_1_1.db", ::getpid());
    std::filesystem::copy_file(DatabaseUrl::parse(second).sqlite_path(), dead);
    const auto gc = strata({"testdb", "gc", "--max-age", "1"});
    EXPECT_EQ(gc.exit_code, 0) << gc.all();
    EXPECT_FALSE(std::filesystem::exists(old_cli)) << gc.all();
    EXPECT_FALSE(std::filesystem::exists(dead)) << gc.all();
    EXPECT_TRUE(std::filesystem::exists(DatabaseUrl::parse(second).sqlite_path())) << gc.all();
    int templates = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test_dir())) {
        templates += entry.path().filename().string().starts_with("strata_tpl_") &&
                             entry.path().extension() == ".db"
                         ? 1
                         : 0;
    }
    EXPECT_EQ(templates, 1);
}

TEST_P(SqliteTestdbCli, ABrokenMigrationNamesTheFileAndLeavesNoTemplate) {
    write_three();
    migration("20240104000000_broken.sql",
              "-- migrate:up\nCREATE TABLE d (id integer);\nBROKEN;\n");
    const auto created = strata({"testdb", "create"});
    EXPECT_NE(created.exit_code, 0) << created.all();
    EXPECT_THAT(created.err, HasSubstr("20240104000000_broken.sql:3"));
    for (const auto& entry : std::filesystem::directory_iterator(test_dir())) {
        EXPECT_EQ(entry.path().extension(), ".lock") << entry.path();
    }
}

TEST_P(SqliteTestdbCli, AnInMemoryDatabaseIsRefusedWithAReason) {
    write_three();
    const auto created = run_cli({"--url", "sqlite::memory:", "testdb", "create"}, dir());
    EXPECT_NE(created.exit_code, 0);
    EXPECT_THAT(created.err, HasSubstr("sqlite::memory: has no directory for test databases"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SqliteTestdbCli, ::testing::Values(Db::sqlite), db_param_name);

}  // namespace
}  // namespace strata::cli_test
