// Settings: named databases inherit the main pool settings; a team's own variable names.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/settings_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class NamedDatabaseSettings : public SettingsTest {};

TEST_F(NamedDatabaseSettings, InheritTheMainPoolSettingsUnlessTheySetTheirOwn) {
    write("strata.toml",
          "[database]\npool_timeout = 9\n"
          "[databases.analytics]\nurl = \"postgresql://an/a\"\npool_recycle = 60\n"
          "[databases.reports]\nurl = \"postgresql://rep/r\"\npool_size = 2\n");
    const auto s = load({{"DB_POOL_SIZE", "12"},
                         {"DB_MAX_OVERFLOW", "3"},
                         {"DB_POOL_PRE_PING", "true"},
                         {"DB_POOL_IDLE_TIMEOUT", "40"},
                         {"DB_ECHO", "1"}});
    const auto analytics = s.database("analytics");
    EXPECT_EQ(analytics.pool.size, 12);
    EXPECT_EQ(analytics.pool.max_overflow, 3);
    EXPECT_TRUE(analytics.pool.pre_ping);
    EXPECT_EQ(analytics.pool.idle_timeout, std::chrono::seconds(40));
    EXPECT_EQ(analytics.pool.timeout, std::chrono::seconds(9));   // main's, from strata.toml
    EXPECT_EQ(analytics.pool.recycle, std::chrono::seconds(60));  // its own
    EXPECT_FALSE(analytics.echo);  // echo is chosen per engine, not inherited
    EXPECT_EQ(entry(s, "databases.analytics.pool_size").source,
              "env DB_POOL_SIZE (inherited from main)");
    EXPECT_EQ(entry(s, "databases.analytics.pool_timeout").source,
              "strata.toml:2 (inherited from main)");
    EXPECT_EQ(entry(s, "databases.analytics.pool_recycle").source, "strata.toml:5");
    // Its own setting wins even from a lower layer (strata.toml under the environment).
    EXPECT_EQ(s.database("reports").pool.size, 2);
    EXPECT_EQ(s.database("reports").pool.max_overflow, 3);
    // Its own variable too.
    EXPECT_EQ(load({{"DB_POOL_SIZE", "12"}, {"ANALYTICS_DB_POOL_SIZE", "4"}})
                  .database("analytics")
                  .pool.size,
              4);
}

TEST_F(NamedDatabaseSettings, DatabasesOnlyInTheEnvironmentInheritToo) {
    write(".env", "DB_POOL_SIZE=20\nREPLICA_DATABASE_URL=postgresql://replica/app\n");
    const auto s = load({{"EVENTS_DATABASE_URL", "postgresql://ev/e"}});
    EXPECT_EQ(s.database("replica").pool.size, 20);
    EXPECT_EQ(s.database("events").pool.size, 20);
    EXPECT_EQ(entry(s, "databases.replica.pool_size").source,
              ".env:1 DB_POOL_SIZE (inherited from main)");
}

TEST_F(NamedDatabaseSettings, UrlEnvReadsTheTeamsOwnVariableInsteadOfDatabaseUrl) {
    write("strata.toml",
          "[database]\nurl_env = \"MAIN_DB_URL\"\n"
          "[databases.analytics]\nurl_env = \"WAREHOUSE_URL\"\n");
    write(".env", "WAREHOUSE_URL=postgresql://wh/dw\n");
    const auto s = load({{"MAIN_DB_URL", "postgresql://svc:pw-url-env-1@main-host/app"},
                         {"DATABASE_URL", "postgresql://not-read/x"}});
    EXPECT_EQ(s.database().url->hosts()[0].host, "main-host");
    EXPECT_EQ(s.database().url->password(), "pw-url-env-1");
    EXPECT_EQ(entry(s, "database.url").source, "env MAIN_DB_URL");
    EXPECT_EQ(entry(s, "database.url").value, "postgresql://svc:****@main-host/app");
    EXPECT_EQ(entry(s, "database.url_env").value, "MAIN_DB_URL");
    EXPECT_EQ(entry(s, "database.url_env").source, "strata.toml:2");
    EXPECT_EQ(s.database("analytics").url->hosts()[0].host, "wh");
    EXPECT_EQ(entry(s, "databases.analytics.url").source, ".env:1 WAREHOUSE_URL");
    for (const auto& e : s.entries()) EXPECT_THAT(e.value, Not(HasSubstr("pw-url-env-1")));
    // DATABASE_URL is read by no database now: a look-alike. MAIN_DB_URL and WAREHOUSE_URL are
    // read, for either database.
    EXPECT_THAT(s.database_look_alikes(), ::testing::ElementsAre("DATABASE_URL (environment)"));
    EXPECT_THAT(s.database_look_alikes("analytics"),
                ::testing::ElementsAre("DATABASE_URL (environment)"));
    // The missing-URL message names the variable.
    const auto unset = load();
    EXPECT_THAT(unset.describe_missing_database_url(),
                HasSubstr("MAIN_DB_URL (environment and .env)"));
}

TEST_F(NamedDatabaseSettings, PartVariablesNamedByTheTeamAssembleTheUrl) {
    write("strata.toml",
          "[databases.supabase]\nhost_env = \"SUPABASE_DB_HOST\"\nport_env = "
          "\"SUPABASE_DB_PORT\"\nuser_env = \"SUPABASE_DB_USER\"\npassword_env = "
          "\"SUPABASE_DB_PASSWORD\"\ndbname_env = \"SUPABASE_DB_NAME\"\n");
    const auto s = load({{"SUPABASE_DB_HOST", "db.abc.supabase.co"},
                         {"SUPABASE_DB_PORT", "6543"},
                         {"SUPABASE_DB_USER", "postgres"},
                         {"SUPABASE_DB_PASSWORD", "pw-parts-env-2"},
                         {"SUPABASE_DB_NAME", "postgres"},
                         {"DATABASES__SUPABASE__HOST", "replaced-by-host-env"}});
    const auto db = s.database("supabase");
    EXPECT_EQ(db.url->to_string(), "postgresql://postgres:****@db.abc.supabase.co:6543/postgres");
    EXPECT_EQ(db.url->password(), "pw-parts-env-2");
    EXPECT_EQ(log::redact("x pw-parts-env-2"), "x ****");
    EXPECT_EQ(entry(s, "databases.supabase.url").source,
              "env SUPABASE_DB_HOST + env SUPABASE_DB_NAME + env SUPABASE_DB_PASSWORD + env "
              "SUPABASE_DB_PORT + env SUPABASE_DB_USER");
    EXPECT_EQ(entry(s, "databases.supabase.host_env").source, "strata.toml:2");
    EXPECT_TRUE(s.database_look_alikes("supabase").empty());
    // A part's variable with a malformed value is named.
    EXPECT_EQ(load_error({{"SUPABASE_DB_HOST", "h"}, {"SUPABASE_DB_PORT", "x"}}),
              "SUPABASE_DB_PORT: expected a port number (1-65535), got \"x\"");
}

TEST_F(NamedDatabaseSettings, PartVariablesApplyOverTheUrlOfTheSameOrALowerLayer) {
    write("strata.toml", "[database]\nurl_env = \"MAIN_DB_URL\"\npassword_env = \"MAIN_DB_PW\"\n");
    write(".env", "MAIN_DB_URL=postgresql://app@h/app\n");
    const auto s = load({{"MAIN_DB_PW", "pw-over-url-3"}});
    EXPECT_EQ(s.database().url->password(), "pw-over-url-3");
    EXPECT_EQ(entry(s, "database.url").source, ".env:1 MAIN_DB_URL + env MAIN_DB_PW");
    // A part from a lower layer than the URL does not change it.
    write(".env", "MAIN_DB_PW=pw-lower-4\n");
    const auto higher = load({{"MAIN_DB_URL", "postgresql://app:from-url@h/app"}});
    EXPECT_EQ(higher.database().url->password(), "from-url");
}

TEST_F(NamedDatabaseSettings, AVariableSettingMustNameAVariable) {
    write("strata.toml",
          "[databases.analytics]\nurl = \"postgresql://a/b\"\nurl_env = \"$MY URL\"\n");
    EXPECT_EQ(load_error(),
              "strata.toml:3: databases.analytics.url_env: expected the name of an environment "
              "variable (letters, digits and _), got \"$MY URL\"");
    write("strata.toml", "[database]\nhost_env = 5\n");
    EXPECT_EQ(load_error(), "strata.toml:2: database.host_env must be a string, got an integer");
    write("strata.toml", "[database]\nhostname_env = \"H\"\n");
    EXPECT_THAT(load_error(), HasSubstr("strata.toml:2: unknown key \"database.hostname_env\""));
}

TEST_F(NamedDatabaseSettings, ADotenvWithAByteOrderMarkIsRead) {
    write(".env",
          "\xEF\xBB\xBF"
          "DB_POOL_SIZE=7\nDATABASE_URL=postgresql://bom/app\n");
    const auto s = load();
    EXPECT_EQ(s.database().pool.size, 7);
    EXPECT_EQ(entry(s, "database.pool_size").source, ".env:1 DB_POOL_SIZE");
    EXPECT_EQ(s.database().url->hosts()[0].host, "bom");
}

TEST_F(NamedDatabaseSettings, AStrataTomlWithAByteOrderMarkIsRead) {
    write("strata.toml", "\xEF\xBB\xBF[database]\npool_size = 6\n");
    EXPECT_EQ(load().database().pool.size, 6);
}

}  // namespace
}  // namespace strata
