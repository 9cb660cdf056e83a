// strata seed and strata bootstrap: idempotent seeds, and the production guard.
#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

using MigrateSeedCli = MigrateCli;

class SeededProject : public MigrateSeedCli {
protected:
    void SetUp() override {
        MigrateSeedCli::SetUp();
        migration("20240101000000_create_colors.sql",
                  "-- migrate:up\nCREATE TABLE colors (name text PRIMARY KEY, rgb text NOT NULL);\n"
                  "-- migrate:down\nDROP TABLE colors;\n");
        // Idempotent, as seeds should be: running them twice changes nothing.
        seed_file("01_colors.sql",
                  "INSERT INTO colors (name, rgb) VALUES ('red', '#f00'), ('green', '#0f0')\n"
                  "ON CONFLICT (name) DO NOTHING;\n");
        seed_file("02_more_colors.sql",
                  "INSERT INTO colors (name, rgb) VALUES ('blue', '#00f')\n"
                  "ON CONFLICT (name) DO UPDATE SET rgb = excluded.rgb;\n");
    }
};

TEST_P(SeededProject, SeedRunsEveryFileInNameOrderAndTwiceIsHarmless) {
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto first = strata({"seed"});
    ASSERT_EQ(first.exit_code, 0) << first.all();
    EXPECT_THAT(first.err, HasSubstr("seeded 01_colors.sql"));
    EXPECT_THAT(first.err, HasSubstr("ran 2 seed files in one transaction"));
    EXPECT_LT(first.err.find("01_colors.sql"), first.err.find("02_more_colors.sql"));
    EXPECT_EQ(count("colors"), 3);
    const auto second = strata({"seed"});
    ASSERT_EQ(second.exit_code, 0) << second.all();
    EXPECT_EQ(count("colors"), 3);
}

TEST_P(SeededProject, AFailingSeedRollsBackEverySeed) {
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    seed_file("03_broken.sql", "INSERT INTO colors (name) VALUES ('grey');\n");  // rgb NOT NULL
    const auto r = strata({"seed"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("03_broken.sql:1"));
    EXPECT_EQ(count("colors"), 0);
}

TEST_P(SeededProject, SeedIsRefusedInProductionAndTheDatabaseIsUntouched) {
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"seed"}, {{"STRATA_ENV", "production"}});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("production"));
    EXPECT_THAT(r.err, HasSubstr("--force-production-seed"));
    EXPECT_EQ(count("colors"), 0);
}

TEST_P(SeededProject, ProductionInStrataTomlIsRefusedToo) {
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    auto toml = read_file(dir() / "strata.toml");
    const std::string dev = "environment = \"development\"";
    ASSERT_NE(toml.find(dev), std::string::npos);
    toml.replace(toml.find(dev), dev.size(), "environment = \"production\"");
    std::ofstream(dir() / "strata.toml") << toml;
    const auto r = strata({"seed"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("--force-production-seed"));
    EXPECT_EQ(count("colors"), 0);
}

TEST_P(SeededProject, ForceProductionSeedSeedsWithAWarning) {
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    const auto r = strata({"seed", "--force-production-seed"}, {{"STRATA_ENV", "production"}});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.err, HasSubstr("warning"));
    EXPECT_EQ(count("colors"), 3);
}

TEST_P(SeededProject, BootstrapMigratesThenSeeds) {
    const auto r = strata({"bootstrap"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(applied().size(), 1U);
    EXPECT_EQ(count("colors"), 3);
    const auto again = strata({"bootstrap"});
    ASSERT_EQ(again.exit_code, 0) << again.all();
    EXPECT_EQ(count("colors"), 3);
}

TEST_P(SeededProject, BootstrapInProductionMigratesButDoesNotSeed) {
    const auto r = strata({"bootstrap"}, {{"STRATA_ENV", "production"}});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("--force-production-seed"));
    EXPECT_EQ(applied().size(), 1U);
    EXPECT_EQ(count("colors"), 0);
}

TEST_P(SeededProject, BootstrapRefusesALockTimeoutThatIsNotSecondsAndDoesNothing) {
    for (const std::string bad : {"-5", "abc", "10s", "1.5", "", "99999999999"}) {
        const auto r = strata({"bootstrap", "--lock-timeout", bad});
        EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.all();
        EXPECT_THAT(r.err, HasSubstr("--lock-timeout")) << r.all();
        EXPECT_THAT(r.err, HasSubstr("\"" + bad + "\" is not a number of seconds")) << r.all();
        EXPECT_TRUE(applied().empty()) << bad << ": a migration ran";
        EXPECT_FALSE(table_exists("colors")) << bad;
    }
    // up and down take the same flag and say the same.
    const auto up = strata({"up", "--lock-timeout", "-1"});
    EXPECT_EQ(up.exit_code, 2) << up.all();
    EXPECT_THAT(up.err, HasSubstr("--lock-timeout"));
    EXPECT_THAT(up.err, HasSubstr("\"-1\" is not a number of seconds"));
    EXPECT_TRUE(applied().empty());
    const auto ok = strata({"bootstrap", "--lock-timeout", "0"});
    ASSERT_EQ(ok.exit_code, 0) << ok.all();
    EXPECT_EQ(count("colors"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeededProject, ::testing::Values(Db::sqlite, Db::pg),
                         db_param_name);

}  // namespace
}  // namespace strata::cli_test
