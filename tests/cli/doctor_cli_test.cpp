// strata doctor against SQLite, the test PostgreSQL server, and an unreachable server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CliDoctor, ReachesASqliteDatabaseAndReportsItsVersion) {
    TempProject project;
    std::ofstream(project.dir() / "doctor.db").flush();  // an empty file is an empty database
    const auto r = run_cli({"doctor", "--url", "sqlite:///doctor.db", "--no-color"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("connection"));
    EXPECT_THAT(r.out, HasSubstr("SQLite 3."));
    EXPECT_THAT(r.out, Not(HasSubstr("fail ")));
}

TEST(CliDoctor, ReportsAMissingSqliteFileWithoutCreatingIt) {
    TempProject project;
    const auto r =
        run_cli({"doctor", "--url", "sqlite:///missing.db", "--no-color"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.all();  // a warning: `strata up` creates it
    EXPECT_THAT(r.out, HasSubstr("missing.db does not exist yet")) << r.out;
    EXPECT_THAT(r.out, Not(HasSubstr("fail "))) << r.out;
    EXPECT_FALSE(std::filesystem::exists(project.dir() / "missing.db"));
}

TEST(CliDoctor, ReachesTheTestServerAndSeesNoPooler) {
    TempProject project;
    const std::string url = strata::testing::fresh_database_url("doctor");
    const auto r = run_cli({"doctor", "--json"}, project.dir(), {{"DATABASE_URL", url}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_TRUE(doc["ok"].get<bool>());
    bool saw_server = false;
    bool saw_pooler = false;
    for (const auto& c : doc["checks"]) {
        if (c["check"] == "server") {
            saw_server = true;
            EXPECT_THAT(c["detail"].get<std::string>(), HasSubstr("PostgreSQL 15."));
        }
        if (c["check"] == "pooler") {
            saw_pooler = true;
            EXPECT_EQ(c["result"], "ok");
            EXPECT_THAT(c["detail"].get<std::string>(), HasSubstr("direct connection"));
        }
    }
    EXPECT_TRUE(saw_server);
    EXPECT_TRUE(saw_pooler);
    strata::testing::Server::instance().drop_database(url);
}

TEST(CliDoctor, UnreachableServerFailsWithExitOneAndNoPassword) {
    TempProject project;
    const auto r =
        run_cli({"doctor", "--url",
                 "postgresql://nobody:Hunter2Secret@127.0.0.1:1/nothing?connect_timeout=2"},
                project.dir());
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.out, HasSubstr("fail"));
    EXPECT_THAT(r.out, HasSubstr("connection"));
    EXPECT_THAT(r.all(), Not(HasSubstr("Hunter2Secret")));
}

TEST(CliDoctor, ReportsEachToolItLooksFor) {
    TempProject project;
    const auto r = run_cli({"doctor", "--url", "sqlite::memory:"}, project.dir());
    EXPECT_EQ(r.exit_code, 0) << r.all();
    for (const char* tool : {"initdb", "pg_dump", "psql", "dot"}) {
        EXPECT_THAT(r.out, HasSubstr(std::string("tool ") + tool));
    }
}

}  // namespace
}  // namespace strata::cli_test
