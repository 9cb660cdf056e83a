// strata doctor through a real PgBouncer reports the pooler; directly to the server it does not.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>

#include "cli/cli_runner.hpp"
#include "strata/testing/pgbouncer.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

/// The line of doctor's human output for the pooler check ("" when there is none).
std::string doctor_pooler_line(const std::string& out) {
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(" pooler ") != std::string::npos) return line;
    }
    return {};
}

TEST(CliDoctorPooler, ReportsAPoolerInFrontOfTheServerAndSuggestsPrepareOff) {
    strata::testing::PgBouncer bouncer;  // transaction pooling
    TempProject project;
    const std::string db = strata::testing::fresh_database_url("doctor_pooler");
    const auto r =
        run_cli({"doctor", "--no-color"}, project.dir(), {{"DATABASE_URL", bouncer.url(db)}});
    ASSERT_EQ(r.exit_code, 0) << r.all();  // a warning, not a failure
    const auto line = doctor_pooler_line(r.out);
    EXPECT_THAT(line, StartsWith("warn")) << r.out;
    EXPECT_THAT(line, HasSubstr("a connection pooler is in front of the server")) << r.out;
    EXPECT_THAT(line, HasSubstr("?prepare=off")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("PostgreSQL 15.")) << r.out;
    strata::testing::Server::instance().drop_database(db);
}

TEST(CliDoctorPooler, SaysPrepareOffIsSafeWhenTheUrlAlreadyHasIt) {
    strata::testing::PgBouncer bouncer;
    TempProject project;
    const std::string db = strata::testing::fresh_database_url("doctor_pooler");
    const auto r = run_cli({"doctor", "--no-color"}, project.dir(),
                           {{"DATABASE_URL", bouncer.url(db) + "&prepare=off"}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto line = doctor_pooler_line(r.out);
    EXPECT_THAT(line, StartsWith("ok")) << r.out;
    EXPECT_THAT(line, HasSubstr("a connection pooler is in front of the server")) << r.out;
    EXPECT_THAT(line, HasSubstr("prepare=off is set")) << r.out;
    EXPECT_THAT(line, ::testing::Not(HasSubstr("add ?prepare=off"))) << r.out;
    strata::testing::Server::instance().drop_database(db);
}

TEST(CliDoctorPooler, JsonNamesThePoolerCheckAsAWarning) {
    strata::testing::PgBouncer bouncer;
    TempProject project;
    const std::string db = strata::testing::fresh_database_url("doctor_pooler");
    const auto r =
        run_cli({"doctor", "--json"}, project.dir(), {{"DATABASE_URL", bouncer.url(db)}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_TRUE(doc["ok"].get<bool>());
    int poolers = 0;
    for (const auto& c : doc["checks"]) {
        if (c["check"] != "pooler") continue;
        ++poolers;
        EXPECT_EQ(c["result"], "warn");
        EXPECT_THAT(c["detail"].get<std::string>(), HasSubstr("pooler is in front"));
    }
    EXPECT_EQ(poolers, 1) << r.out;
    strata::testing::Server::instance().drop_database(db);
}

TEST(CliDoctorPooler, ReportsNoPoolerForTheSameDatabaseReachedDirectly) {
    strata::testing::PgBouncer bouncer;  // running, but not in the URL
    TempProject project;
    const std::string db = strata::testing::fresh_database_url("doctor_pooler");
    const auto r = run_cli({"doctor", "--no-color"}, project.dir(), {{"DATABASE_URL", db}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto line = doctor_pooler_line(r.out);
    EXPECT_THAT(line, StartsWith("ok")) << r.out;
    EXPECT_THAT(line, HasSubstr("none: direct connection")) << r.out;
    strata::testing::Server::instance().drop_database(db);
}

}  // namespace
}  // namespace strata::cli_test
