// strata new --autogenerate: migrations written from db/schema.sql, safe forms in separate files,
// lint-clean, applied and reverted by strata up/down; nothing to do; a schema that does not load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

class AutogenNewCli : public MigrateCli {
protected:
    void desired(const std::string& sql) const {
        std::ofstream(dir() / "db" / "schema.sql", std::ios::binary) << sql;
    }
    [[nodiscard]] std::vector<fs::path> files() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(migrations())) out.push_back(e.path());
        std::ranges::sort(out);
        return out;
    }
};

constexpr const char* kBase =
    "-- Creates the accounts and their notes.\n"
    "-- migrate:up\n"
    "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text, "
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
    "now());\n"
    "CREATE TABLE public.notes (id bigint PRIMARY KEY, account_id bigint, body text, "
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
    "now());\n"
    "CREATE INDEX notes_account_id_idx ON public.notes (account_id);\n"
    "-- migrate:down\n"
    "DROP TABLE public.notes;\nDROP TABLE public.accounts;\n";

constexpr const char* kDesired =
    "CREATE TYPE public.plan AS ENUM ('free', 'pro');\n"
    "CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL, "
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
    "now(), plan public.plan);\n"
    "CREATE TABLE public.notes (id bigint PRIMARY KEY, account_id bigint "
    "CONSTRAINT notes_account_id_fkey REFERENCES public.accounts (id) ON DELETE CASCADE, "
    "body text CONSTRAINT notes_body_check CHECK (length(body) < 10000), "
    "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
    "now());\n"
    "CREATE INDEX notes_account_id_idx ON public.notes (account_id);\n"
    "CREATE UNIQUE INDEX accounts_email_idx ON public.accounts (lower(email));\n";

TEST_P(AutogenNewCli, WritesSafeLintCleanMigrationsThatUpAndDownApply) {
    migration("20240101000000_base.sql", kBase);
    desired(kDesired);
    auto r = strata({"new", "--autogenerate", "-m", "accounts: plan, email index"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    auto written = files();
    ASSERT_EQ(written.size(), 4u) << r.all();  // base, main, indexes, validate
    auto main_sql = read_file(written[1]);
    auto online = read_file(written[2]);
    auto validate = read_file(written[3]);
    EXPECT_THAT(main_sql, HasSubstr("SET LOCAL lock_timeout = '5s';"));
    EXPECT_THAT(main_sql, HasSubstr("FOREIGN KEY (account_id) REFERENCES public.accounts(id) "
                                    "ON DELETE CASCADE NOT VALID;"));
    EXPECT_THAT(main_sql, HasSubstr("CHECK (email IS NOT NULL) NOT VALID;"));
    EXPECT_THAT(online, HasSubstr("-- migrate:no-transaction\n-- migrate:up"));
    EXPECT_THAT(online, HasSubstr("CREATE UNIQUE INDEX CONCURRENTLY accounts_email_idx"));
    EXPECT_THAT(validate, HasSubstr("VALIDATE CONSTRAINT notes_account_id_fkey;"));
    EXPECT_THAT(validate, HasSubstr("ALTER COLUMN email SET NOT NULL;"));
    EXPECT_THAT(r.out, HasSubstr("verified on a scratch database"));

    // strata lint finds nothing in them, and strata up reaches db/schema.sql.
    auto lint = strata({"lint"});
    EXPECT_THAT(lint.out, Not(HasSubstr("autogen")));
    for (const auto& f : written) EXPECT_THAT(lint.out, Not(HasSubstr(f.filename().string())));
    auto up = strata({"up"});
    ASSERT_EQ(up.exit_code, 0) << up.all();
    auto same = strata({"diff", "--from", "db/schema.sql"});
    EXPECT_EQ(same.exit_code, 0) << same.all();

    // Nothing to do now: no file.
    auto again = strata({"new", "--autogenerate", "-m", "again"});
    EXPECT_EQ(again.exit_code, 0) << again.all();
    EXPECT_THAT(again.out, HasSubstr("nothing to do"));
    EXPECT_EQ(files().size(), 4u);

    // The downs take the database back to the base migration.
    auto down = strata({"down", "-3"});
    ASSERT_EQ(down.exit_code, 0) << down.all();
    EXPECT_EQ(applied(), std::vector<std::string>{"20240101000000"});
    auto conn = connect();
    EXPECT_FALSE(conn.query("SELECT to_regtype('public.plan') IS NOT NULL").scalar<bool>());
}

TEST_P(AutogenNewCli, MarksDestructiveStatementsAndWritesThePlainFormOnRequest) {
    migration("20240101000000_base.sql", kBase);
    desired(
        "CREATE TABLE public.accounts (id bigint PRIMARY KEY, "
        "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
        "now());\n");
    auto r = strata({"new", "--autogenerate", "--no-safe", "-m", "drop notes and email"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    auto written = files();
    ASSERT_EQ(written.size(), 2u);
    auto text = read_file(written[1]);
    EXPECT_THAT(text, HasSubstr("-- strata:ignore drop-table"));
    EXPECT_THAT(text, HasSubstr("-- strata:ignore drop-column"));
    EXPECT_THAT(r.err, HasSubstr("marked -- strata:ignore drop-column"));
    EXPECT_THAT(text, Not(HasSubstr("no-transaction")));
}

TEST_P(AutogenNewCli, ADesiredSchemaThatDoesNotLoadWritesNothing) {
    migration("20240101000000_base.sql", kBase);
    desired(
        "CREATE TABLE public.accounts (\n    id bigint PRIMARY KEY,\n    plan public.nope\n);\n");
    auto r = strata({"new", "--autogenerate", "-m", "broken"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("schema.sql:3: type \"public.nope\" does not exist"));
    EXPECT_EQ(files().size(), 1u);
}

TEST_P(AutogenNewCli, AChangeTheDiffCannotExpressNamesTheTableAndWritesNothing) {
    migration(
        "20240101000000_events.sql",
        "-- Partitioned events.\n-- migrate:up\n"
        "CREATE TABLE public.events (id bigint, at date, kind text) PARTITION BY RANGE (at);\n"
        "-- migrate:down\nDROP TABLE public.events;\n");
    desired(
        "CREATE TABLE public.events (id bigint, at date, kind text) PARTITION BY LIST (kind);\n");
    auto r = strata({"new", "--autogenerate", "-m", "partition by kind"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("table public.events: its partition key changes ('RANGE (at)' -> "
                                 "'LIST (kind)')"));
    EXPECT_THAT(r.err, HasSubstr("write this migration by hand"));
    EXPECT_EQ(files().size(), 1u);
}

TEST_P(AutogenNewCli, ReorderedColumnsWriteNothingAndSaySo) {
    migration("20240101000000_base.sql", kBase);
    desired(
        "CREATE TABLE public.accounts (id bigint PRIMARY KEY, "
        "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
        "now(), email text);\n"
        "CREATE TABLE public.notes (id bigint PRIMARY KEY, account_id bigint, body text, "
        "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT "
        "now());\n"
        "CREATE INDEX notes_account_id_idx ON public.notes (account_id);\n");
    auto r = strata({"new", "--autogenerate", "-m", "reorder"});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("nothing to do"));
    EXPECT_THAT(r.err, HasSubstr("note: table public.accounts: the desired column order"));
    EXPECT_THAT(r.err, HasSubstr("cannot reorder columns"));
    EXPECT_EQ(files().size(), 1u);
}

TEST_P(AutogenNewCli, GrantsArePlannedWithGrantsAsTheDumpWritesThem) {
    constexpr const char* kRole =
        "DO $$ BEGIN CREATE ROLE strata_new_reader NOLOGIN; EXCEPTION WHEN duplicate_object "
        "THEN NULL; END $$;\n";
    migration("20240101000000_base.sql", std::string("-- Accounts.\n-- migrate:up\n") + kRole +
                                             "CREATE TABLE public.accounts (id bigint PRIMARY KEY, "
                                             "created_at timestamptz NOT NULL DEFAULT now(), "
                                             "updated_at timestamptz NOT NULL DEFAULT now());\n"
                                             "-- migrate:down\nDROP TABLE public.accounts;\n");
    desired(std::string(kRole) +
            "CREATE TABLE public.accounts (id bigint PRIMARY KEY, "
            "created_at timestamptz NOT NULL DEFAULT now(), "
            "updated_at timestamptz NOT NULL DEFAULT now());\n"
            "GRANT SELECT ON public.accounts TO strata_new_reader;\n");
    // Without --grants, as strata dump without --grants: owners and privileges are not read.
    auto plain = strata({"new", "--autogenerate", "-m", "reader"});
    EXPECT_EQ(plain.exit_code, 0) << plain.all();
    EXPECT_THAT(plain.out, HasSubstr("nothing to do"));
    auto r = strata({"new", "--autogenerate", "--grants", "-m", "reader"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    auto written = files();
    ASSERT_EQ(written.size(), 2u) << r.all();
    auto text = read_file(written[1]);
    EXPECT_THAT(text, HasSubstr("GRANT SELECT ON TABLE public.accounts TO strata_new_reader;\n\n"
                                "-- migrate:down"));
    EXPECT_THAT(text, HasSubstr("REVOKE SELECT ON TABLE public.accounts FROM strata_new_reader;"));
    auto up = strata({"up"});
    ASSERT_EQ(up.exit_code, 0) << up.all();
    auto conn = connect();
    EXPECT_TRUE(conn.query("SELECT has_table_privilege('strata_new_reader', 'public.accounts', "
                           "'SELECT')")
                    .scalar<bool>());
}

INSTANTIATE_TEST_SUITE_P(Autogen, AutogenNewCli, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
