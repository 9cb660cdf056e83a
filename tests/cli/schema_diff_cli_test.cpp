// strata diff with .sql sources (loaded into scratch databases of the test server) and --grants.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

class DiffCli : public ::testing::Test {
protected:
    void write(const std::string& name, const std::string& sql) { project_.write(name, sql); }
    CliResult diff(const std::vector<std::string>& args) {
        std::vector<std::string> all{"diff"};
        all.insert(all.end(), args.begin(), args.end());
        return run_cli(all, project_.dir());
    }
    TempProject project_;
};

TEST_F(DiffCli, ComparesTwoSqlFilesAndNamesTheProperty) {
    write("a.sql", "CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer);");
    write("b.sql",
          "CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = "
          "'0');");
    auto r = diff({"--from", "a.sql", "--to", "b.sql"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_EQ(r.out, "~ aggregate public.total(integer): initcond null -> \"0\"\n") << r.all();

    auto same = diff({"--from", "a.sql", "--to", "a.sql"});
    EXPECT_EQ(same.exit_code, 0) << same.all();
    EXPECT_THAT(same.out, HasSubstr("no differences"));

    auto json = run_cli({"--json", "diff", "--from", "a.sql", "--to", "b.sql"}, project_.dir());
    ASSERT_EQ(json.exit_code, 1) << json.all();
    auto j = nlohmann::json::parse(json.out);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["kind"], "aggregate");
    EXPECT_EQ(j[0]["attributes"][0]["attribute"], "initcond");
    EXPECT_EQ(j[0]["attributes"][0]["to"], "0");
}

TEST_F(DiffCli, ComparesPrivilegesWithGrants) {
    write("open.sql", "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;");
    write("closed.sql",
          "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"
          "REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC;");
    auto without = diff({"--from", "open.sql", "--to", "closed.sql"});
    EXPECT_EQ(without.exit_code, 0) << without.all();
    auto with = diff({"--grants", "--from", "open.sql", "--to", "closed.sql"});
    EXPECT_EQ(with.exit_code, 1) << with.all();
    EXPECT_THAT(with.out, HasSubstr("~ function public.f(): grants [] -> "
                                    "[{\"grantable\":false,\"grantee\":\"PUBLIC\","
                                    "\"privilege\":\"EXECUTE\",\"revoked\":true}]"));
}

TEST_F(DiffCli, NamesASqlFileThatDoesNotLoadOrIsMissing) {
    write("good.sql", "CREATE TABLE public.t (id int);");
    write("broken.sql", "CREATE TABLE public.t (id int;");
    auto broken = diff({"--from", "good.sql", "--to", "broken.sql"});
    EXPECT_NE(broken.exit_code, 0);
    EXPECT_THAT(broken.err, HasSubstr("broken.sql does not load"));
    auto missing = diff({"--from", "good.sql", "--to", "missing.sql"});
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_THAT(missing.err, HasSubstr("cannot read missing.sql"));
}

}  // namespace
}  // namespace strata::cli_test
