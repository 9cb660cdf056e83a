// Settings: strata.toml, .env, environment and flags, precedence, sources and errors.
#include "strata/core/settings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "core/settings_fixture.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

TEST_F(SettingsTest, UsesDefaultsWhenNothingIsConfigured) {
    const auto s = load();
    EXPECT_EQ(s.environment(), "development");
    EXPECT_FALSE(s.is_production());
    const auto db = s.database();
    EXPECT_EQ(db.name, "main");
    EXPECT_FALSE(db.url.has_value());
    EXPECT_EQ(db.pool, PoolSettings{});
    EXPECT_TRUE(db.prepare);
    EXPECT_EQ(s.migrations().dir, dir_ / "db/migrations");
    EXPECT_EQ(s.migrations().table, "strata_migrations");
    EXPECT_EQ(s.seeds_dir(), dir_ / "db/seeds");
    EXPECT_EQ(entry(s, "database.pool_size").source, "default");
    EXPECT_FALSE(s.config_file().has_value());
}

TEST_F(SettingsTest, FindsTheProjectDirectoryUpwardsFromASubdirectory) {
    fs::create_directories(dir_ / "services" / "api");
    EXPECT_EQ(find_project_dir(dir_ / "services" / "api"), dir_ / "services" / "api");
    write("strata.toml", "[database]\npool_size = 7\n");
    EXPECT_EQ(find_project_dir(dir_ / "services" / "api"), dir_);
    EXPECT_EQ(find_project_dir(dir_), dir_);
}

// Database::open() loads settings this way: a service started in a subdirectory of the project
// reads the project's strata.toml, as the strata command does.
TEST_F(SettingsTest, LoadsStrataTomlFromAParentOfTheWorkingDirectory) {
    write("strata.toml", "[database]\npool_size = 7\n");
    fs::create_directories(dir_ / "build");
    const auto cwd = fs::current_path();
    fs::current_path(dir_ / "build");
    LoadOptions options;
    options.environment = EnvMap{};
    std::optional<Settings> s;
    try {
        s = Settings::load(options);
    } catch (...) {
        fs::current_path(cwd);
        throw;
    }
    fs::current_path(cwd);
    EXPECT_EQ(s->project_dir(), dir_);
    EXPECT_EQ(s->database().pool.size, 7);
}

TEST_F(SettingsTest, ReadsEveryStrataTomlKey) {
    write("strata.toml", R"(environment = "production"
env_prefix = "APP"
[database]
url = "postgresql://app@db/app"
pool_size = 7
max_overflow = 3
pool_recycle = 600
pool_timeout = 9
pool_pre_ping = true
pool_recycle_jitter = 25
pool_idle_timeout = 300
echo = true
echo_params = true
prepare = false
[databases.analytics]
url = "sqlite:///analytics.db"
[migrations]
dir = "sql/migrations"
table = "schema_history"
schema = "meta"
version_format = "date_counter"
[seeds]
dir = "sql/seeds"
[queries]
dir = "/abs/queries"
)");
    const auto s = load();
    EXPECT_TRUE(s.is_production());
    EXPECT_EQ(s.env_prefix(), "APP");
    const auto db = s.database();
    EXPECT_EQ(db.url->to_string(), "postgresql://app@db/app");
    EXPECT_EQ(db.pool.size, 7);
    EXPECT_EQ(db.pool.max_overflow, 3);
    EXPECT_EQ(db.pool.recycle, std::chrono::seconds(600));
    EXPECT_EQ(db.pool.timeout, std::chrono::seconds(9));
    EXPECT_TRUE(db.pool.pre_ping);
    EXPECT_EQ(db.pool.recycle_jitter_percent, 25);
    EXPECT_EQ(db.pool.idle_timeout, std::chrono::seconds(300));
    EXPECT_TRUE(db.echo);
    EXPECT_TRUE(db.echo_params);
    EXPECT_FALSE(db.prepare);
    EXPECT_EQ(s.database("analytics").url->sqlite_path(), "analytics.db");
    EXPECT_FALSE(s.database("analytics").echo_params);
    EXPECT_EQ(s.database_names(), (std::vector<std::string>{"main", "analytics"}));
    EXPECT_EQ(s.migrations().dir, dir_ / "sql/migrations");
    EXPECT_EQ(s.migrations().table, "schema_history");
    EXPECT_EQ(s.migrations().schema, "meta");
    EXPECT_EQ(s.migrations().version_format, VersionFormat::date_counter);
    EXPECT_EQ(s.seeds_dir(), dir_ / "sql/seeds");
    EXPECT_EQ(s.queries_dir(), fs::path("/abs/queries"));
    EXPECT_EQ(entry(s, "database.pool_size").source, "strata.toml:5");
}

TEST_F(SettingsTest, TomlErrorsNameFileAndLine) {
    write("strata.toml", "[database]\nurl = \"postgresql://h/d\"\npool_sise = 5\n");
    EXPECT_EQ(load_error().rfind("strata.toml:3: unknown key \"database.pool_sise\"", 0), 0u)
        << load_error();
    write("strata.toml", "[database]\n\npool_size = \"five\"\n");
    EXPECT_EQ(load_error(), "strata.toml:3: database.pool_size must be an integer, got a string");
    write("strata.toml", "[migrations]\nversion_format = \"weekly\"\n");
    EXPECT_EQ(
        load_error(),
        "strata.toml:2: migrations.version_format: expected \"timestamp\" or \"date_counter\", "
        "got \"weekly\"");
    write("strata.toml", "[database]\npool_size = 0\n");
    EXPECT_EQ(load_error(),
              "strata.toml:2: database.pool_size: expected a positive integer, got \"0\"");
    write("strata.toml", "environment = \n");
    EXPECT_EQ(load_error().rfind("strata.toml:1: ", 0), 0u) << load_error();
    write("strata.toml", "[database]\nurl = \"postgresql://h:99x/d\"\n");
    EXPECT_EQ(load_error().rfind(
                  "strata.toml:2: database.url: the port after a host is not a number from 1 to "
                  "65535",
                  0),
              0U)
        << load_error();
}

TEST_F(SettingsTest, EnvironmentErrorsNameTheVariable) {
    EXPECT_EQ(load_error({{"DB_POOL_SIZE", "ten"}}),
              "DB_POOL_SIZE: expected a positive integer, got \"ten\"");
    EXPECT_EQ(load_error({{"DB_ECHO", "maybe"}}),
              "DB_ECHO: expected true or false (or 1/0, yes/no), got \"maybe\"");
    EXPECT_EQ(load_error({{"DB_POOL_TIMEOUT", "-1"}}),
              "DB_POOL_TIMEOUT: expected a positive number of seconds, got \"-1\"");
    EXPECT_EQ(load_error({{"DATABASE_URL", "postgresql://h:54x2/d"}})
                  .rfind("DATABASE_URL: the port after a host is not a number", 0),
              0U);
    write(".env", "A=1\nDB_MAX_OVERFLOW=lots\n");
    EXPECT_EQ(load_error(),
              ".env:2: DB_MAX_OVERFLOW: expected a non-negative integer, got \"lots\"");
}

TEST_F(SettingsTest, ReadsPoolSettingsFromTheEnvironment) {
    const auto db = load({{"DB_POOL_SIZE", "12"},
                          {"DB_MAX_OVERFLOW", "0"},
                          {"DB_POOL_RECYCLE", "0"},
                          {"DB_POOL_TIMEOUT", "2"},
                          {"DB_ECHO", "yes"},
                          {"STRATA_ENV", "production"}})
                        .database();
    EXPECT_EQ(db.pool.size, 12);
    EXPECT_EQ(db.pool.max_overflow, 0);
    EXPECT_EQ(db.pool.recycle, std::chrono::seconds(0));
    EXPECT_EQ(db.pool.timeout, std::chrono::seconds(2));
    EXPECT_TRUE(db.echo);
    EXPECT_FALSE(db.echo_params);
}

TEST_F(SettingsTest, ReadsTheRecycleJitterAndIdleTimeoutPerDatabase) {
    const auto defaults = load().database();
    EXPECT_EQ(defaults.pool.recycle_jitter_percent, 10);
    EXPECT_EQ(defaults.pool.idle_timeout, std::chrono::seconds(0));
    const auto s = load({{"DB_POOL_RECYCLE_JITTER", "0"},
                         {"DB_POOL_IDLE_TIMEOUT", "120"},
                         {"ANALYTICS_DATABASE_URL", "postgresql://an/alytics"},
                         {"ANALYTICS_DB_POOL_IDLE_TIMEOUT", "30"}});
    EXPECT_EQ(s.database().pool.recycle_jitter_percent, 0);
    EXPECT_EQ(s.database().pool.idle_timeout, std::chrono::seconds(120));
    EXPECT_EQ(entry(s, "database.pool_idle_timeout").source, "env DB_POOL_IDLE_TIMEOUT");
    EXPECT_EQ(s.database("analytics").pool.idle_timeout, std::chrono::seconds(30));
    // Not set for analytics: inherited from the main database.
    EXPECT_EQ(s.database("analytics").pool.recycle_jitter_percent, 0);
    EXPECT_EQ(load_error({{"DB_POOL_RECYCLE_JITTER", "150"}}),
              "DB_POOL_RECYCLE_JITTER: expected a percentage from 0 to 100, got \"150\"");
    EXPECT_EQ(load_error({{"DB_POOL_IDLE_TIMEOUT", "-5"}}),
              "DB_POOL_IDLE_TIMEOUT: expected a non-negative number of seconds, got \"-5\"");
}

TEST_F(SettingsTest, EchoParamsComesFromItsOwnVariablePerDatabase) {
    EXPECT_FALSE(load().database().echo_params);
    EXPECT_EQ(entry(load(), "database.echo_params").source, "default");
    const auto s = load({{"DB_ECHO", "1"},
                         {"DB_ECHO_PARAMS", "on"},
                         {"ANALYTICS_DATABASE_URL", "postgresql://an/alytics"},
                         {"ANALYTICS_DB_ECHO_PARAMS", "true"},
                         {"REPORTING_DATABASE_URL", "postgresql://rep/orting"}});
    EXPECT_TRUE(s.database().echo);
    EXPECT_TRUE(s.database().echo_params);
    EXPECT_EQ(entry(s, "database.echo_params").value, "true");
    EXPECT_EQ(entry(s, "database.echo_params").source, "env DB_ECHO_PARAMS");
    EXPECT_TRUE(s.database("analytics").echo_params);
    EXPECT_FALSE(s.database("analytics").echo);
    EXPECT_FALSE(s.database("reporting").echo_params);
    // Set through the parts prefix, it is a setting, not a libpq option of the URL.
    const auto parts = load({{"DATABASE__HOST", "h"}, {"DATABASE__ECHO_PARAMS", "yes"}});
    EXPECT_TRUE(parts.database().echo_params);
    EXPECT_EQ(parts.database().url->to_string(), "postgresql://h");
    // And per named database in strata.toml.
    write("strata.toml",
          "[databases.analytics]\nurl = \"postgresql://an/a\"\necho_params = true\n");
    const auto toml = load();
    EXPECT_TRUE(toml.database("analytics").echo_params);
    EXPECT_FALSE(toml.database().echo_params);
    EXPECT_EQ(entry(toml, "databases.analytics.echo_params").source, "strata.toml:3");
}

TEST_F(SettingsTest, MalformedEchoParamsNamesTheVariable) {
    EXPECT_EQ(load_error({{"DB_ECHO_PARAMS", "sometimes"}}),
              "DB_ECHO_PARAMS: expected true or false (or 1/0, yes/no), got \"sometimes\"");
    // A database named only by the environment is resolved when asked for.
    const auto named =
        load({{"ANALYTICS_DATABASE_URL", "postgresql://an/a"}, {"ANALYTICS_DB_ECHO_PARAMS", "2"}});
    try {
        (void)named.database("analytics");
        ADD_FAILURE() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(
            e.what(),
            "ANALYTICS_DB_ECHO_PARAMS: expected true or false (or 1/0, yes/no), got \"2\"");
    }
    write(".env", "DB_ECHO_PARAMS=verbose\n");
    EXPECT_EQ(load_error(),
              ".env:1: DB_ECHO_PARAMS: expected true or false (or 1/0, yes/no), got \"verbose\"");
    fs::remove(dir_ / ".env");
    write("strata.toml", "[database]\necho_params = \"yes please\"\n");
    EXPECT_EQ(load_error(),
              "strata.toml:2: database.echo_params must be a boolean (true or false), got a "
              "string");
}

TEST_F(SettingsTest, EchoParamsPrecedenceIsFlagsThenEnvThenDotenvThenToml) {
    write("strata.toml", "[database]\necho_params = true\n");
    EXPECT_TRUE(load().database().echo_params);
    EXPECT_EQ(entry(load(), "database.echo_params").source, "strata.toml:2");
    write(".env", "DB_ECHO_PARAMS=false\n");
    EXPECT_FALSE(load().database().echo_params);
    EXPECT_EQ(entry(load(), "database.echo_params").source, ".env:1 DB_ECHO_PARAMS");
    EXPECT_TRUE(load({{"DB_ECHO_PARAMS", "1"}}).database().echo_params);
    EXPECT_EQ(entry(load({{"DB_ECHO_PARAMS", "1"}}), "database.echo_params").source,
              "env DB_ECHO_PARAMS");
    const auto flagged = load({{"DB_ECHO_PARAMS", "1"}}, {{"echo-params", "off"}});
    EXPECT_FALSE(flagged.database().echo_params);
    EXPECT_EQ(entry(flagged, "database.echo_params").source, "flag --echo-params");
    EXPECT_TRUE(load({}, {{"database.echo_params", "true"}}).database().echo_params);
    EXPECT_TRUE(load({}, {{"databases.x.url", "sqlite::memory:"}, {"databases.x.echo_params", "1"}})
                    .database("x")
                    .echo_params);
}

TEST_F(SettingsTest, PrecedenceIsFlagsThenEnvThenDotenvThenTomlThenDefault) {
    write("strata.toml",
          "[database]\nurl = \"postgresql://toml/d\"\npool_size = 2\necho = true\n"
          "max_overflow = 4\npool_timeout = 8\n");
    write(".env",
          "DATABASE_URL=postgresql://dotenv/d\nDB_POOL_SIZE=3\nDB_ECHO=false\n"
          "DB_MAX_OVERFLOW=5\n");
    const EnvMap env{{"DATABASE_URL", "postgresql://env/d"}, {"DB_POOL_SIZE", "4"}};
    const auto all = load(env, {{"url", "postgresql://flag/d"}});
    EXPECT_EQ(all.database().url->hosts()[0].host, "flag");
    EXPECT_EQ(entry(all, "database.url").source, "flag --url");
    EXPECT_EQ(all.database().url->hosts()[0].host, "flag");
    EXPECT_EQ(all.database().pool.size, 4);
    EXPECT_EQ(entry(all, "database.pool_size").source, "env DB_POOL_SIZE");
    EXPECT_FALSE(all.database().echo);
    EXPECT_EQ(entry(all, "database.echo").source, ".env:3 DB_ECHO");
    EXPECT_EQ(all.database().pool.max_overflow, 5);
    EXPECT_EQ(all.database().pool.timeout, std::chrono::seconds(8));
    EXPECT_EQ(entry(all, "database.pool_timeout").source, "strata.toml:6");
    EXPECT_EQ(entry(all, "database.pool_recycle").source, "default");

    EXPECT_EQ(load(env).database().url->hosts()[0].host, "env");
    EXPECT_EQ(load().database().url->hosts()[0].host, "dotenv");
    EXPECT_EQ(entry(load(), "database.url").source, ".env:1 DATABASE_URL");
    fs::remove(dir_ / ".env");
    EXPECT_EQ(load().database().url->hosts()[0].host, "toml");
    EXPECT_EQ(entry(load(), "database.url").source, "strata.toml:2");
}

TEST_F(SettingsTest, AssemblesAUrlFromPrefixedParts) {
    write("strata.toml", "env_prefix = \"APP\"\n");
    const auto s = load({{"APP_DATABASE__HOST", "db.internal"},
                         {"APP_DATABASE__PORT", "6432"},
                         {"APP_DATABASE__NAME", "app"},
                         {"APP_DATABASE__USER", "svc"},
                         {"APP_DATABASE__PASSWORD", "pw-parts-1"},
                         {"APP_DATABASE__SSLMODE", "require"}});
    const auto url = *s.database().url;
    EXPECT_EQ(url.to_string(), "postgresql://svc:****@db.internal:6432/app?sslmode=require");
    EXPECT_EQ(url.password(), "pw-parts-1");
    EXPECT_EQ(log::redact("x pw-parts-1"), "x ****");
    EXPECT_EQ(entry(s, "database.url").source,
              "env APP_DATABASE__HOST + env APP_DATABASE__NAME + env APP_DATABASE__PASSWORD + env "
              "APP_DATABASE__PORT + env APP_DATABASE__SSLMODE + env APP_DATABASE__USER");
}

TEST_F(SettingsTest, PartsOverrideAUrlFromTheSameOrALowerLayerOnly) {
    write("strata.toml", "[database]\nurl = \"postgresql://app@db/app\"\n");
    const auto from_toml = load({{"DATABASE__PASSWORD", "pw-parts-2"}}).database();
    EXPECT_EQ(from_toml.url->password(), "pw-parts-2");
    EXPECT_EQ(from_toml.url->hosts()[0].host, "db");
    const auto flag_wins = load({{"DATABASE__HOST", "other"}}, {{"url", "postgresql://flag/d"}});
    EXPECT_EQ(flag_wins.database().url->hosts()[0].host, "flag");
}

TEST_F(SettingsTest, PartErrorsNameTheVariable) {
    EXPECT_EQ(load_error({{"DATABASE__HOST", "h"}, {"DATABASE__PORT", "x"}}),
              "DATABASE__PORT: expected a port number (1-65535), got \"x\"");
    EXPECT_EQ(load_error({{"DATABASE__HOST", "h"}, {"DATABASE__SSLMOD", "x"}}),
              "DATABASE__SSLMOD: unknown connection option \"sslmod\" (not a libpq keyword)");
    EXPECT_EQ(load_error({{"DATABASE__PASSWORD", "pw-lonely"}}).find("pw-lonely"),
              std::string::npos);
    EXPECT_NE(load_error({{"DATABASE__PASSWORD", "pw-lonely"}}), "(no error)");
}

TEST_F(SettingsTest, NamedDatabasesComeFromTheirOwnVariables) {
    write("strata.toml", "env_prefix = \"APP\"\n[databases.analytics]\npool_size = 2\n");
    const auto s = load({{"ANALYTICS_DATABASE_URL", "postgresql://an/alytics"},
                         {"ANALYTICS_DB_POOL_SIZE", "6"},
                         {"APP_DATABASES__REPORTING__HOST", "rep"},
                         {"DATABASE_URL", "postgresql://main/m"}});
    EXPECT_EQ(s.database("analytics").url->hosts()[0].host, "an");
    EXPECT_EQ(s.database("analytics").pool.size, 6);
    EXPECT_EQ(s.database("reporting").url->hosts()[0].host, "rep");
    EXPECT_EQ(s.database().url->hosts()[0].host, "main");
    EXPECT_THROW((void)s.database("nope"), ConfigError);
    EXPECT_THROW((void)s.database("Bad Name"), UsageError);
}

TEST_F(SettingsTest, DotenvExpandsFromTheEnvironmentSource) {
    write(".env", "DB_HOST=h1\nDATABASE_URL=postgresql://${DB_USER}@${DB_HOST}/${DB_NAME:-app}\n");
    const auto url = *load({{"DB_USER", "u"}}).database().url;
    EXPECT_EQ(url.to_string(), "postgresql://u@h1/app");
}

TEST_F(SettingsTest, UrlPrepareOffDisablesPreparedStatements) {
    EXPECT_FALSE(load({{"DATABASE_URL", "postgresql://h/d?prepare=off"}}).database().prepare);
    EXPECT_TRUE(load({{"DATABASE_URL", "postgresql://h/d?prepare=off"}}, {{"prepare", "true"}})
                    .database()
                    .prepare);
}

TEST_F(SettingsTest, EntriesAreRedactedAndPasswordsRegistered) {
    write(".env", "DATABASE_URL=postgresql://app:pw-entry-3@db/app\n");
    const auto s = load();
    const auto& e = entry(s, "database.url");
    EXPECT_EQ(e.value, "postgresql://app:****@db/app");
    EXPECT_EQ(e.source, ".env:1 DATABASE_URL");
    for (const auto& each : s.entries())
        EXPECT_EQ(each.value.find("pw-entry-3"), std::string::npos);
    EXPECT_EQ(log::redact("leak pw-entry-3"), "leak ****");
}

TEST_F(SettingsTest, ExplicitFilesMustExistAndUnknownFlagsAreRejected) {
    LoadOptions options;
    options.project_dir = dir_;
    options.environment = EnvMap{};
    options.config_file = dir_ / "missing.toml";
    EXPECT_THROW((void)Settings::load(options), ConfigError);
    EXPECT_THROW((void)load({}, {{"pool_sise", "1"}}), UsageError);
    EXPECT_EQ(load({}, {{"databases.x.url", "sqlite::memory:"}}).database("x").url->sqlite_path(),
              ":memory:");
}

}  // namespace
}  // namespace strata
