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

}  // namespace
}  // namespace strata::cli_test
