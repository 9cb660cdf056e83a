// `strata up --dump`, `strata dump --check` and `strata testdb create|drop|gc` through the binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/migrate_cli_fixture.hpp"
#include "testing/pg_admin.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

using MigrateDumpCli = MigrateCli;

TEST_P(MigrateDumpCli, UpDumpRefreshesTheSchemaFileAndDumpCheckKeepsItHonest) {
    write_three();
    const auto up = strata({"up", "+2", "--dump"});
    ASSERT_EQ(up.exit_code, 0) << up.all();
    const auto file = dir() / "db" / "schema.sql";
    ASSERT_TRUE(std::filesystem::exists(file)) << up.all();
    const std::string text = slurp(file);
    EXPECT_THAT(text, HasSubstr("CREATE TABLE"));
    EXPECT_THAT(text, HasSubstr("20240102000000"));  // the history tail
    EXPECT_EQ(text.find("CREATE TABLE c"), std::string::npos);
    EXPECT_EQ(strata({"dump", "--check"}).exit_code, 0);
    // A migration applied without refreshing the dump makes the committed file stale.
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto stale = strata({"dump", "--check"});
    EXPECT_EQ(stale.exit_code, 1) << stale.all();
    EXPECT_THAT(stale.all(), HasSubstr("20240103000000"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateDumpCli, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);

class TestdbCli : public MigrateCli {};

TEST_P(TestdbCli, CreatePrintsAMigratedCloneDropRemovesItAndGcRuns) {
    write_three();
    seed_file("001.sql", "INSERT INTO a VALUES (1) ON CONFLICT DO NOTHING;\n");
    const auto created = strata({"testdb", "create", "--seed"});
    ASSERT_EQ(created.exit_code, 0) << created.all();
    std::string clone = created.out;
    while (!clone.empty() && (clone.back() == '\n' || clone.back() == ' ')) clone.pop_back();
    ASSERT_THAT(clone, HasSubstr("postgresql://")) << created.all();
    {
        auto conn = driver::Connection::open(clone);
        EXPECT_TRUE(conn.query("SELECT to_regclass('c') IS NOT NULL").scalar<bool>());
        EXPECT_EQ(conn.query("SELECT count(*) FROM a").scalar<std::int64_t>(), 1);
    }
    // The project's own database was not touched.
    EXPECT_FALSE(table_exists("a"));
    const auto dropped = strata({"testdb", "drop", clone});
    EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
    EXPECT_THROW((void)driver::Connection::open(clone), Error);
    const auto gc = strata({"testdb", "gc"});
    EXPECT_EQ(gc.exit_code, 0) << gc.all();
    // Refuses to drop what it did not create.
    EXPECT_NE(strata({"testdb", "drop", url()}).exit_code, 0);
}

TEST_P(TestdbCli, CreatePrintsAUrlThatConnectsWithItsPasswordAndDropOfAMissingOneFails) {
    write_three();
    connect().execute_script("CREATE ROLE strata_pw_user LOGIN SUPERUSER PASSWORD 'pw-s3cret'");
    const std::string with_password =
        strata::testing::detail::rewrite_url(url(), "", "strata_pw_user", "pw-s3cret");
    const auto created = run_cli({"--url", with_password, "testdb", "create"}, dir());
    ASSERT_EQ(created.exit_code, 0) << created.all();
    std::string clone = created.out;
    while (!clone.empty() && (clone.back() == '\n' || clone.back() == ' ')) clone.pop_back();
    // The one line of output is a URL that connects, password included; the log lines hide it.
    EXPECT_THAT(clone, HasSubstr(":pw-s3cret@"));
    EXPECT_THAT(created.err, ::testing::Not(HasSubstr("pw-s3cret")));
    {
        auto conn = driver::Connection::open(clone);
        EXPECT_EQ(conn.query("SELECT current_user::text").scalar<std::string>(), "strata_pw_user");
        EXPECT_TRUE(conn.query("SELECT to_regclass('c') IS NOT NULL").scalar<bool>());
    }
    const auto dropped = run_cli({"--url", with_password, "testdb", "drop", clone}, dir());
    EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
    EXPECT_THAT(dropped.all(), ::testing::Not(HasSubstr("pw-s3cret")));
    // Dropping it again: it does not exist, and the command says so.
    const auto again = run_cli({"--url", with_password, "testdb", "drop", clone}, dir());
    EXPECT_EQ(again.exit_code, 1) << again.all();
    EXPECT_THAT(again.err, HasSubstr("no such database"));
    EXPECT_THAT(again.all(), ::testing::Not(HasSubstr("pw-s3cret")));
}

INSTANTIATE_TEST_SUITE_P(Backends, TestdbCli, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
