// strata dev up/status/url/down in a temporary project, and the embedded default it provides.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli/cli_runner.hpp"
#include "strata/cluster/local_cluster.hpp"
#include "strata/driver/connection.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// Removes the project's managed cluster even when a test fails half-way.
struct ClusterCleanup {
    std::filesystem::path dir;
    ~ClusterCleanup() {
        try {
            LocalClusterOptions options;
            options.dir = dir / ".strata";
            LocalCluster(options).destroy();
        } catch (...) {  // best effort
        }
    }
};

TEST(CliDev, UpStatusUrlDownManageTheProjectCluster) {
    TempProject project;
    ClusterCleanup cleanup{project.dir()};

    const auto before = run_cli({"dev", "status", "--no-color"}, project.dir());
    ASSERT_EQ(before.exit_code, 0) << before.all();
    EXPECT_THAT(before.out, HasSubstr("not created"));

    const auto up = run_cli({"dev", "up", "--no-color"}, project.dir());
    ASSERT_EQ(up.exit_code, 0) << up.all();
    EXPECT_THAT(up.err, HasSubstr("started the local PostgreSQL"));
    EXPECT_TRUE(std::filesystem::exists(project.dir() / ".strata"));

    const auto again = run_cli({"dev", "up"}, project.dir());
    ASSERT_EQ(again.exit_code, 0) << again.all();
    EXPECT_THAT(again.err, HasSubstr("already running"));

    const auto status = run_cli({"dev", "status", "--no-color"}, project.dir());
    ASSERT_EQ(status.exit_code, 0) << status.all();
    EXPECT_THAT(status.out, HasSubstr("running (pid "));

    const auto url = run_cli({"dev", "url"}, project.dir());
    ASSERT_EQ(url.exit_code, 0) << url.all();
    std::string printed = url.out.substr(0, url.out.find('\n'));
    ASSERT_THAT(printed, HasSubstr("postgresql://"));
    auto conn = driver::Connection::open(printed);
    EXPECT_EQ(conn.query("SELECT 40 + 2").scalar<std::int32_t>(), 42);

    const auto down = run_cli({"dev", "down"}, project.dir());
    ASSERT_EQ(down.exit_code, 0) << down.all();
    EXPECT_THAT(down.out, HasSubstr("stopped"));
    const auto after = run_cli({"dev", "status", "--no-color"}, project.dir());
    EXPECT_THAT(after.out, HasSubstr("stopped"));
    EXPECT_THAT(after.out, Not(HasSubstr("pid")));
}

TEST(CliDev, CommandsWithoutAUrlStartTheManagedClusterAndSaySo) {
    TempProject project;
    ClusterCleanup cleanup{project.dir()};
    // A look-alike variable is named (never its value) on the line that says so.
    const auto r = run_cli({"doctor", "--no-color"}, project.dir(),
                           {{"MAIN_DB_URL", "postgresql://app:Hunter2@db.internal/app"}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("no database URL configured: using the managed local PostgreSQL"));
    EXPECT_THAT(r.err, HasSubstr("; found but not read (strata reads DATABASE_URL): MAIN_DB_URL "
                                 "(environment)"));
    EXPECT_THAT(r.all(), Not(HasSubstr("Hunter2")));
    EXPECT_THAT(r.out, HasSubstr("PostgreSQL 15."));

    const auto quiet = run_cli({"doctor", "--quiet"}, project.dir());
    EXPECT_EQ(quiet.exit_code, 0) << quiet.all();
    EXPECT_THAT(quiet.err, Not(HasSubstr("no database URL configured")));
}

TEST(CliDev, MissingServerBinariesSayWhatToInstall) {
    TempProject project;
    const auto r =
        run_cli({"dev", "up"}, project.dir(), {{"STRATA_PG_BINDIR", "/nonexistent/bin"}});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("postgresql-15"));
    EXPECT_THAT(r.err, HasSubstr("sqlite:///"));
}

}  // namespace
}  // namespace strata::cli_test
