// strata diff --sql: the statements between two schemas (.sql files, a directory), verified with
// --verify, renames from annotations, and a desired schema that does not load named by file:line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AutogenDiffCli : public ::testing::Test {
protected:
    void write(const std::string& name, const std::string& sql) { project_.write(name, sql); }
    CliResult diff(const std::vector<std::string>& args) {
        std::vector<std::string> all{"diff", "--sql"};
        all.insert(all.end(), args.begin(), args.end());
        return run_cli(all, project_.dir());
    }
    TempProject project_;
};

TEST_F(AutogenDiffCli, PrintsUpAndDownAndVerifiesThem) {
    write("a.sql", "CREATE TABLE public.t (id bigint PRIMARY KEY);");
    write("b.sql",
          "CREATE TABLE public.t (id bigint PRIMARY KEY, name text);\n"
          "CREATE INDEX t_name_idx ON public.t (name);");
    auto r = diff({"--verify", "--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_EQ(r.out,
              "-- up\n\n"
              "-- column public.t.name\n"
              "ALTER TABLE public.t ADD COLUMN name text;\n\n"
              "-- index public.t_name_idx\n"
              "CREATE INDEX t_name_idx ON public.t USING btree (name);\n\n"
              "-- down\n\n"
              "-- index public.t_name_idx\n"
              "DROP INDEX public.t_name_idx;\n\n"
              "-- column public.t.name\n"
              "ALTER TABLE public.t DROP COLUMN name;\n")
        << r.all();
    auto safe = diff({"--safe", "--from", "a.sql", "--to", "b.sql"});
    EXPECT_THAT(safe.out, HasSubstr("-- index public.t_name_idx (no transaction: one statement "
                                    "at a time)\nCREATE INDEX CONCURRENTLY t_name_idx"));
    auto same = diff({"--from", "a.sql", "--to", "a.sql"});
    EXPECT_EQ(same.exit_code, 0) << same.all();
    EXPECT_EQ(same.out, "-- no differences\n");
}

TEST_F(AutogenDiffCli, RenamesOnlyWhenTheDesiredSchemaSaysSo) {
    write("a.sql", "CREATE TABLE public.people (id bigint PRIMARY KEY, email text);");
    write("guess.sql", "CREATE TABLE public.users (id bigint PRIMARY KEY, email text);");
    auto guess = diff({"--from", "a.sql", "--to", "guess.sql"});
    EXPECT_THAT(guess.out, HasSubstr("DROP TABLE public.people;"));
    EXPECT_THAT(guess.out, HasSubstr("-- note: table public.people is dropped and public.users "
                                     "created: if it is a rename, write `-- strata:renamed-from "
                                     "public.people`"));
    write("said.sql",
          "-- strata:renamed-from people\n"
          "CREATE TABLE public.users (\n"
          "    id bigint,\n"
          "    mail text, -- strata:renamed-from email\n"
          "    CONSTRAINT people_pkey PRIMARY KEY (id)\n"
          ");");
    auto said = diff({"--verify", "--from", "a.sql", "--to", "said.sql"});
    EXPECT_EQ(said.exit_code, 1) << said.all();
    EXPECT_THAT(said.out, HasSubstr("ALTER TABLE public.people RENAME TO users;"));
    EXPECT_THAT(said.out, HasSubstr("ALTER TABLE public.users RENAME COLUMN email TO mail;"));
    EXPECT_THAT(said.out, Not(HasSubstr("DROP TABLE")));
}

TEST_F(AutogenDiffCli, NamesTheFileAndLineOfADesiredSchemaThatDoesNotLoad) {
    write("a.sql", "CREATE TABLE public.t (id bigint PRIMARY KEY);");
    std::filesystem::create_directories(project_.dir() / "schema");
    write("schema/01_types.sql", "CREATE TYPE public.mood AS ENUM ('a');\n");
    write("schema/02_tables.sql",
          "CREATE TABLE public.t (\n    id bigint PRIMARY KEY,\n    m public.moood\n);\n");
    auto r = diff({"--from", "a.sql", "--to", "schema"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("schema does not load: "));
    EXPECT_THAT(r.err, HasSubstr("02_tables.sql:3: type \"public.moood\" does not exist"));
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(AutogenDiffCli, AChangeTheDiffCannotExpressNamesTheTable) {
    write("a.sql",
          "CREATE TABLE public.log (id bigint, at date) PARTITION BY RANGE (at);\n"
          "CREATE TABLE public.log_2024 (id bigint, at date);");
    write("b.sql",
          "CREATE TABLE public.log (id bigint, at date) PARTITION BY RANGE (at);\n"
          "CREATE TABLE public.log_2024 PARTITION OF public.log\n"
          "    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
    auto r = diff({"--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("table public.log_2024: its parent partitioned table changes"));
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(AutogenDiffCli, ReorderedColumnsAreANoteNotARewrite) {
    write("a.sql", "CREATE TABLE public.t (id bigint PRIMARY KEY, a text, b text);");
    write("b.sql", "CREATE TABLE public.t (id bigint PRIMARY KEY, b text, a text);");
    auto r = diff({"--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("-- note: table public.t: the desired column order (id, b, a) "
                                 "differs from the one the migration leaves (id, a, b)"));
    EXPECT_THAT(r.out, HasSubstr("-- no differences"));
}

TEST_F(AutogenDiffCli, GrantsAndOwnersWithGrants) {
    write("a.sql",
          "DO $$ BEGIN CREATE ROLE strata_cli_reader NOLOGIN; EXCEPTION WHEN duplicate_object "
          "THEN NULL; END $$;\n"
          "CREATE TABLE public.t (id bigint PRIMARY KEY);");
    write("b.sql",
          "DO $$ BEGIN CREATE ROLE strata_cli_reader NOLOGIN; EXCEPTION WHEN duplicate_object "
          "THEN NULL; END $$;\n"
          "CREATE TABLE public.t (id bigint PRIMARY KEY);\n"
          "GRANT SELECT ON public.t TO strata_cli_reader;");
    auto with = diff({"--grants", "--verify", "--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(with.exit_code, 1) << with.all();
    EXPECT_THAT(with.out, HasSubstr("-- up\n\n-- ownership of TABLE public.t\n"
                                    "GRANT SELECT ON TABLE public.t TO strata_cli_reader;\n"));
    EXPECT_THAT(with.out, HasSubstr("-- down\n\n-- ownership of TABLE public.t\n"
                                    "REVOKE SELECT ON TABLE public.t FROM strata_cli_reader;\n"));
    // Without --grants (as strata dump without --grants) owners and privileges are not read.
    auto without = diff({"--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(without.exit_code, 0) << without.all();
    EXPECT_EQ(without.out, "-- no differences\n");
}

}  // namespace
}  // namespace strata::cli_test
