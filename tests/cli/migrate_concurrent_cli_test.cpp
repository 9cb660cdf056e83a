// Eight `strata up` processes at once against one PostgreSQL database, three rounds: the lock
// makes each migration run exactly once and the history stays gapless.
#include <fmt/format.h>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

using MigrateConcurrentCli = MigrateCli;

constexpr int kProcesses = 8;
constexpr int kRounds = 3;
constexpr int kPerRound = 4;

TEST_P(MigrateConcurrentCli, EightProcessesApplyEachMigrationExactlyOnce) {
    // Every migration logs itself into runs: a second execution would add a second row (and
    // CREATE TABLE would fail first).
    migration("20240101000000_create_runs.sql",
              "-- migrate:up\nCREATE TABLE runs (version text NOT NULL);\n"
              "INSERT INTO runs VALUES ('20240101000000');\n");
    int total = 1;
    for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < kPerRound; ++i) {
            const auto version = fmt::format("2024020{}0000{:02}", round + 1, i);
            migration(fmt::format("{}_round_{}_{}.sql", version, round, i),
                      fmt::format("-- migrate:up\nCREATE TABLE t_{0} (id integer);\n"
                                  "INSERT INTO runs VALUES ('{0}');\n",
                                  version));
            ++total;
        }
        std::vector<Spawned> children;
        for (int p = 0; p < kProcesses; ++p) {
            children.push_back(spawn_cli({"--url", url(), "up", "--lock-timeout", "120"}, dir(),
                                         fmt::format("{}-{}", round, p)));
        }
        int applying_processes = 0;
        for (const auto& child : children) {
            const auto r = wait_cli(child);
            EXPECT_EQ(r.exit_code, 0) << "round " << round << ": " << r.all();
            if (r.err.find("applied ") != std::string::npos &&
                r.err.find("migration") != std::string::npos &&
                r.err.find("nothing to apply") == std::string::npos) {
                ++applying_processes;
            }
        }
        EXPECT_GE(applying_processes, 1) << "round " << round;

        auto conn = connect();
        EXPECT_EQ(conn.query("SELECT count(*) FROM runs").scalar<std::int64_t>(), total);
        EXPECT_EQ(conn.query("SELECT count(DISTINCT version) FROM runs").scalar<std::int64_t>(),
                  total);
        EXPECT_EQ(conn.query("SELECT count(*) FROM strata_migrations").scalar<std::int64_t>(),
                  total);
        // apply_order is 1..N without gaps or repeats.
        EXPECT_EQ(
            conn.query("SELECT min(apply_order) FROM strata_migrations").scalar<std::int64_t>(), 1);
        EXPECT_EQ(
            conn.query("SELECT max(apply_order) FROM strata_migrations").scalar<std::int64_t>(),
            total);
        EXPECT_EQ(conn.query("SELECT count(DISTINCT apply_order) FROM strata_migrations")
                      .scalar<std::int64_t>(),
                  total);
        EXPECT_EQ(conn.query("SELECT count(*) FROM strata_migrations_events WHERE action = 'up'")
                      .scalar<std::int64_t>(),
                  total);
        EXPECT_EQ(
            conn.query("SELECT count(*) FROM strata_migrations_events").scalar<std::int64_t>(),
            total);
    }
    const auto status = strata({"status", "--exit-code"});
    EXPECT_EQ(status.exit_code, 0) << status.all();
    EXPECT_THAT(status.out, HasSubstr(fmt::format("{} applied, 0 pending", total)));
}

TEST_P(MigrateConcurrentCli, ASecondRunSaysWhomItWaitsForAndGivesUpAtTheLockTimeout) {
    migration("20240101000000_slow.sql", "-- migrate:up\nSELECT pg_sleep(4);\n");
    const auto slow = spawn_cli({"--url", url(), "up"}, dir(), "slow");
    // Wait until the first run is inside its migration (it holds the lock by then).
    auto conn = connect();
    bool sleeping = false;
    for (int i = 0; i < 200 && !sleeping; ++i) {
        sleeping = conn.query(
                           "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT "
                           "pg_sleep(4)%' AND pid <> pg_backend_pid()")
                       .scalar<std::int64_t>() > 0;
        if (!sleeping) ::usleep(20'000);
    }
    ASSERT_TRUE(sleeping) << wait_cli(slow).all();
    const auto waiting = strata({"up", "--lock-timeout", "1"});
    EXPECT_EQ(waiting.exit_code, 1) << waiting.all();
    EXPECT_THAT(waiting.err, HasSubstr("waiting for the migration lock held by pid"));
    EXPECT_THAT(waiting.err, HasSubstr("strata migrate"));
    EXPECT_THAT(waiting.err, HasSubstr("--lock-timeout"));
    const auto first = wait_cli(slow);
    EXPECT_EQ(first.exit_code, 0) << first.all();
    EXPECT_EQ(applied().size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateConcurrentCli, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
