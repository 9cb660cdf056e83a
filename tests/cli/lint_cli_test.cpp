// strata lint and the lint in strata up, run as a user would against a real PostgreSQL.
#include <set>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class LintCli : public MigrateCli {
protected:
    void write_unsafe_pair() const {
        migration("20240101000000_create_accounts.sql",
                  "-- Accounts.\n-- migrate:up\n"
                  "CREATE TABLE accounts (id bigint PRIMARY KEY, email text, payload json);\n"
                  "-- migrate:down\nDROP TABLE accounts;\n");
        migration("20240102000000_index_email.sql",
                  "-- Index on email.\n-- migrate:up\n"
                  "CREATE INDEX ix_accounts_email ON accounts (email);\n"
                  "-- migrate:down\nDROP INDEX ix_accounts_email;\n");
    }
};

TEST_P(LintCli, FlagsAnIndexOnATableAnEarlierMigrationCreatedWithPositionExcerptAndFix) {
    write_unsafe_pair();
    auto r = run_cli({"lint", "--migrations"}, dir());
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.out, HasSubstr("20240102000000_index_email.sql:3:1: error "
                                 "index-not-concurrent: CREATE INDEX on existing table "
                                 "public.accounts"));
    EXPECT_THAT(r.out, HasSubstr("  CREATE INDEX ix_accounts_email ON accounts (email);\n  ^\n"));
    EXPECT_THAT(r.out, HasSubstr("fix: use CREATE INDEX CONCURRENTLY in a file marked -- "
                                 "migrate:no-transaction"));
    EXPECT_THAT(r.out, Not(HasSubstr("create_accounts.sql")));
}

TEST_P(LintCli, JsonAndSarifFormats) {
    write_unsafe_pair();
    auto json = run_cli({"lint", "--migrations", "--format", "json"}, dir());
    EXPECT_EQ(json.exit_code, 1) << json.all();
    auto j = nlohmann::json::parse(json.out);
    ASSERT_EQ(j["findings"].size(), 1u) << json.out;
    EXPECT_EQ(j["findings"][0]["rule"], "index-not-concurrent");
    EXPECT_EQ(j["findings"][0]["line"], 3);
    EXPECT_EQ(j["findings"][0]["object"], "public.accounts");
    auto sarif = run_cli({"lint", "--migrations", "--format", "sarif"}, dir());
    auto s = nlohmann::json::parse(sarif.out);
    EXPECT_EQ(s["version"], "2.1.0");
    EXPECT_EQ(s["runs"][0]["results"][0]["ruleId"], "index-not-concurrent");
}

TEST_P(LintCli, SinceLintsNewerMigrationsAgainstAScratchDatabaseAtThatVersion) {
    write_unsafe_pair();
    auto r = strata({"lint", "--since", "20240101000000", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["findings"].size(), 1u) << r.out;
    EXPECT_EQ(j["findings"][0]["rule"], "index-not-concurrent");
    // Since before both: the table is created in the same run, nothing to flag.
    auto none = strata({"lint", "--since", "20230101000000", "--format", "json"});
    EXPECT_EQ(none.exit_code, 0) << none.all();
    EXPECT_EQ(nlohmann::json::parse(none.out)["findings"].size(), 0u);
}

TEST_P(LintCli, UpRefusesErrorFindingsInWhatItIsAboutToApplyUnlessNoLint) {
    write_unsafe_pair();
    // Both pending: the table is new in this run, the index is fine.
    migration("20240103000000_drop_email.sql",
              "-- Drops email.\n-- migrate:up\nALTER TABLE accounts DROP COLUMN email;\n"
              "-- migrate:down\nALTER TABLE accounts ADD COLUMN email text;\n");
    auto first = strata({"up", "20240102000000"});
    EXPECT_EQ(first.exit_code, 0) << first.all();
    auto refused = strata({"up"});
    EXPECT_EQ(refused.exit_code, 1) << refused.all();
    EXPECT_THAT(refused.err, HasSubstr("drop-column"));
    EXPECT_THAT(refused.err, HasSubstr("refusing to apply"));
    EXPECT_EQ(applied().size(), 2u);
    auto forced = strata({"up", "--no-lint"});
    EXPECT_EQ(forced.exit_code, 0) << forced.all();
    EXPECT_EQ(applied().size(), 3u);
}

TEST_P(LintCli, SchemaLintOfTheDatabaseAndAPresetFromStrataToml) {
    write_unsafe_pair();
    ASSERT_EQ(strata({"up"}).exit_code, 0);
    auto r = strata({"lint", "--schema", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.all();  // recommended: warnings only
    EXPECT_THAT(r.out, HasSubstr("\"object\": \"public.accounts.payload\""));
    EXPECT_THAT(r.out, HasSubstr("json-not-jsonb"));
    std::ofstream(dir() / "strata.toml", std::ios::app)
        << "\n[lint]\npreset = \"database-package\"\n";
    auto strict = strata({"lint", "--schema"});
    EXPECT_EQ(strict.exit_code, 1) << strict.all();
    EXPECT_THAT(strict.out, HasSubstr("public.accounts: error missing-created-at"));
}

TEST_P(LintCli, SchemaLintWithoutADatabaseUsesAScratchCloneOfTheMigrations) {
    write_unsafe_pair();
    // The fixture's database stays empty: the catalog comes from a clone on its server.
    auto r = run_cli({"lint", "--schema", "--format", "json"}, dir(), {{"DATABASE_URL", url()}});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("json-not-jsonb"));
    EXPECT_TRUE(applied().empty());
}

TEST_P(LintCli, BadInputIsAClearError) {
    write_unsafe_pair();
    auto preset = run_cli({"lint", "--preset", "nope"}, dir());
    EXPECT_EQ(preset.exit_code, 2) << preset.all();
    EXPECT_THAT(preset.err, HasSubstr("unknown lint preset \"nope\""));
    std::ofstream(dir() / "strata.toml", std::ios::app)
        << "\n[lint.rules.index-not-concurent]\nseverity = \"off\"\n";
    auto rule = run_cli({"lint", "--migrations"}, dir());
    EXPECT_NE(rule.exit_code, 0);
    EXPECT_THAT(rule.err, HasSubstr("strata.toml:"));
    EXPECT_THAT(rule.err, HasSubstr("unknown lint rule \"index-not-concurent\""));
}

TEST_P(LintCli, AFileThatDoesNotParseIsReportedAndTheOthersAreStillLinted) {
    write_unsafe_pair();
    migration("20240100000000_broken.sql",
              "-- Broken.\n-- migrate:up\nCREATE TABLE broken (id bigint PRIMARY KEY,);\n"
              "-- migrate:down\nDROP TABLE broken;\n");
    auto r = run_cli({"lint", "--migrations"}, dir());
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.out, HasSubstr("20240100000000_broken.sql:3:"));
    EXPECT_THAT(r.out, HasSubstr("error migration-invalid: syntax error"));
    EXPECT_THAT(r.out, HasSubstr("index-not-concurrent"));
}

TEST_P(LintCli, DefaultScopeIsThePendingMigrationsPlusAppliedFilesChangedSince) {
    write_unsafe_pair();
    ASSERT_EQ(strata({"up", "--no-lint"}).exit_code, 0);
    // Applied and unchanged: not linted again (the index finding is history).
    auto quiet = strata({"lint", "--migrations", "--format", "json"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.all();
    EXPECT_EQ(nlohmann::json::parse(quiet.out)["findings"].size(), 0u) << quiet.out;
    // A pending migration, and the applied index_email edited after it ran.
    migration("20240103000000_drop_email.sql",
              "-- Drops email.\n-- migrate:up\nALTER TABLE accounts DROP COLUMN email;\n"
              "-- migrate:down\nALTER TABLE accounts ADD COLUMN email text;\n");
    migration("20240102000000_index_email.sql",
              "-- Index on email.\n-- migrate:up\n"
              "CREATE INDEX ix_accounts_email ON accounts (email);\n"
              "ALTER TABLE accounts DROP COLUMN payload;\n"
              "-- migrate:down\nDROP INDEX ix_accounts_email;\n");
    auto r = strata({"lint", "--migrations", "--format", "json"});
    const auto j = nlohmann::json::parse(r.out);
    std::set<std::string> got;
    for (const auto& f : j["findings"]) {
        const auto file = std::filesystem::path(f["file"].get<std::string>()).filename();
        got.insert(f["rule"].get<std::string>() + " " + file.string() + " " +
                   f["object"].get<std::string>());
    }
    // The edited file against the schema before it (accounts existed), the pending one
    // against the database; the unchanged applied create_accounts is not looked at.
    EXPECT_EQ(got, (std::set<std::string>{
                       "drop-column 20240103000000_drop_email.sql public.accounts.email",
                       "drop-column 20240102000000_index_email.sql public.accounts.payload",
                       "index-not-concurrent 20240102000000_index_email.sql public.accounts",
                       "missing-lock-timeout 20240103000000_drop_email.sql public.accounts",
                       "missing-lock-timeout 20240102000000_index_email.sql public.accounts"}))
        << r.out;
}

// A long migration: `up`'s lint parses it piece by piece and says how far it got before the
// migrator's own check does, and the file is applied.
TEST_P(LintCli, UpOnALongMigrationShowsTheLintsProgressFirst) {
    std::string text =
        "-- Loads rows.\n-- migrate:up\nCREATE TABLE big (id bigint PRIMARY KEY, v text);\n";
    for (int i = 0; text.size() < (std::size_t{5} << 19); ++i) {
        text += "INSERT INTO big (id, v) VALUES (" + std::to_string(i) +
                ", 'a value long enough to make the file large');\n";
    }
    text += "-- migrate:down\nDROP TABLE big;\n";
    migration("20240101000000_big.sql", text);
    const auto r = strata({"up"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lint_line = r.err.find("linting 20240101000000_big.sql: 1 of 2 MB parsed");
    const auto check_line = r.err.find("checking 20240101000000_big.sql: 1 of 2 MB parsed");
    ASSERT_NE(lint_line, std::string::npos) << r.err;
    ASSERT_NE(check_line, std::string::npos) << r.err;
    EXPECT_LT(lint_line, check_line);
    EXPECT_GT(count("big"), 20000);
}

TEST_P(LintCli, UpSaysFirstThatItIsReadingTensOfMegabytesOfMigrations) {
    write_nine_megabyte_migration();
    const auto r = strata({"up"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.err.starts_with("strata: reading 9 MB of migrations in ")) << r.err;
    EXPECT_NE(r.err.find("applied 1 migration"), std::string::npos) << r.err;
}

TEST_P(LintCli, LintAndUpSqlSayFirstThatTheyAreReadingTensOfMegabytesOfMigrations) {
    write_nine_megabyte_migration();
    const auto lint = strata({"lint"});
    ASSERT_EQ(lint.exit_code, 0) << lint.all();
    EXPECT_TRUE(lint.err.starts_with("strata: reading 9 MB of migrations in ")) << lint.err;
    EXPECT_THAT(lint.err, HasSubstr("parsed and linted before the findings"));
    const auto offline = run_cli({"lint", "--migrations"}, dir());
    ASSERT_EQ(offline.exit_code, 0) << offline.all();
    EXPECT_TRUE(offline.err.starts_with("strata: reading 9 MB of migrations in ")) << offline.err;
    // up --sql writes the script as it renders it: the whole of it, the statement once.
    const auto sql = strata({"up", "--sql"});
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_TRUE(sql.err.starts_with("strata: reading 9 MB of migrations in ")) << sql.err;
    EXPECT_TRUE(sql.out.starts_with("-- strata up --sql: 1 migration\n")) << sql.out.substr(0, 200);
    EXPECT_THAT(sql.out, HasSubstr("\nCREATE TABLE after_the_comments (id bigint PRIMARY KEY);\n"));
    EXPECT_THAT(sql.out, HasSubstr("\nCOMMIT;\n"));
    // Files and schema without a database: one after the other for long files (the scratch
    // database reads them again), with the same findings.
    const auto both = run_cli({"lint", "--format", "json"}, dir(), {{"DATABASE_URL", url()}});
    EXPECT_TRUE(both.err.starts_with("strata: reading 9 MB of migrations in ")) << both.err;
    ASSERT_LE(both.exit_code, 1) << both.all();
    const auto doc = nlohmann::json::parse(both.out);
    ASSERT_TRUE(doc["findings"].is_array()) << both.out;
    for (const auto& f : doc["findings"]) EXPECT_NE(f["rule"], "migration-invalid") << f.dump();
    EXPECT_TRUE(applied().empty());
    // --schema with a database reads no migration file: nothing to say.
    const auto quiet = run_cli({"lint", "--schema", "--url", url()}, dir());
    EXPECT_THAT(quiet.err, Not(HasSubstr("reading 9 MB")));
}

INSTANTIATE_TEST_SUITE_P(PostgreSQL, LintCli, ::testing::Values(Db::pg), db_param_name);

}  // namespace
}  // namespace strata::cli_test
