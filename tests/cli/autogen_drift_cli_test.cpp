// strata drift: a hand-made hotfix on the live database reported by object (text and --json),
// and --write-migration bringing the migrations up to date with it, verified.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

class AutogenDriftCli : public MigrateCli {};

TEST_P(AutogenDriftCli, ReportsAHotfixAndWritesTheMigrationForIt) {
    migration("20240101000000_base.sql",
              "-- Creates the orders.\n-- migrate:up\n"
              "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric, "
              "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL "
              "DEFAULT now());\n"
              "-- migrate:down\nDROP TABLE public.orders;\n");
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    auto clean = strata({"drift"});
    EXPECT_EQ(clean.exit_code, 0) << clean.all();
    EXPECT_THAT(clean.out, HasSubstr("no drift"));

    // The hotfix made by hand in production.
    connect().execute_script(
        "ALTER TABLE public.orders ADD COLUMN note text;"
        "CREATE INDEX orders_created_at_idx ON public.orders (created_at);");
    auto drift = strata({"drift"});
    EXPECT_EQ(drift.exit_code, 1) << drift.all();
    EXPECT_THAT(drift.out, HasSubstr("+ column public.orders.note"));
    EXPECT_THAT(drift.out, HasSubstr("+ index public.orders.orders_created_at_idx"));
    auto json = strata({"--json", "drift"});
    EXPECT_EQ(json.exit_code, 1);
    auto j = nlohmann::json::parse(json.out);
    EXPECT_TRUE(j["drift"].get<bool>());
    EXPECT_EQ(j["differences"].size(), 2u) << json.out;

    auto write = strata({"drift", "--write-migration", "-m", "orders hotfix"});
    ASSERT_EQ(write.exit_code, 0) << write.all();
    EXPECT_THAT(write.out, HasSubstr("created "));
    // The migrations now produce the live schema: no drift left.
    auto after = strata({"drift"});
    EXPECT_EQ(after.exit_code, 0) << after.all();
}

TEST_P(AutogenDriftCli, AGrantMadeByHandIsDriftWithGrants) {
    migration("20240101000000_base.sql",
              "-- Creates the orders.\n-- migrate:up\n"
              "DO $$ BEGIN CREATE ROLE strata_drift_reader NOLOGIN; EXCEPTION WHEN "
              "duplicate_object THEN NULL; END $$;\n"
              "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric, "
              "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL "
              "DEFAULT now());\n"
              "-- migrate:down\nDROP TABLE public.orders;\n");
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    connect().execute_script("GRANT SELECT ON public.orders TO strata_drift_reader;");
    // Owners and privileges are read only with --grants, as strata dump --grants.
    auto without = strata({"drift"});
    EXPECT_EQ(without.exit_code, 0) << without.all();
    auto with = strata({"drift", "--grants"});
    EXPECT_EQ(with.exit_code, 1) << with.all();
    EXPECT_THAT(with.out, HasSubstr("table public.orders"));
    EXPECT_THAT(with.out, HasSubstr("strata_drift_reader"));
    auto write = strata({"drift", "--grants", "--write-migration", "-m", "reader grant"});
    ASSERT_EQ(write.exit_code, 0) << write.all();
    auto after = strata({"drift", "--grants"});
    EXPECT_EQ(after.exit_code, 0) << after.all();
}

TEST_P(AutogenDriftCli, WriteMigrationNeedsAMessage) {
    auto r = strata({"drift", "--write-migration"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("--write-migration needs -m"));
}

INSTANTIATE_TEST_SUITE_P(Autogen, AutogenDriftCli, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
