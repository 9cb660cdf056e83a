// strata import: the command writes the converted files, prints what it could not carry over,
// adopts the tool's history so that `strata status` is right at once, and refuses bad input
// with the file named, a non-zero exit and nothing written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/migrate_cli_fixture.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kCliImportFixtures =
    std::filesystem::path(STRATA_SOURCE_DIR) / "tests/migrate/import_fixtures";

class ImportCli : public MigrateCli {};

std::size_t count_of(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST_P(ImportCli, UnknownToolAndMissingDirectoryExitTwoNamingThem) {
    auto r = strata({"import", "liquibase", "x"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("unknown tool \"liquibase\""));
    EXPECT_THAT(r.err, HasSubstr("golang-migrate"));
    r = strata({"import", "goose", (dir() / "nowhere").string()});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("nowhere"));
    r = strata({"import", "goose"});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("--history-only"));
}

TEST_P(ImportCli, AMalformedFileNamesFileAndLineAndNothingIsWritten) {
    const auto src = dir() / "goose";
    std::filesystem::create_directories(src);
    std::ofstream(src / "00001_a.sql") << "-- +goose Up\nCREATE TABLE a (id int);\n";
    std::ofstream(src / "00002_b.sql")
        << "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE b (id int);\n";
    const auto r = strata({"import", "goose", src.string()});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("00002_b.sql:2"));
    EXPECT_TRUE(std::filesystem::is_empty(migrations()));
}

TEST_P(ImportCli, GooseFilesAndHistoryMakeStatusRightFromTheFirstRun) {
    // goose supports SQLite and PostgreSQL: these files are valid on both.
    const auto src = dir() / "goose";
    std::filesystem::create_directories(src);
    std::ofstream(src / "00001_create_a.sql")
        << "-- +goose Up\nCREATE TABLE a (id integer PRIMARY KEY);\n-- +goose Down\nDROP TABLE "
           "a;\n";
    std::ofstream(src / "00002_create_b.sql")
        << "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE b (id integer PRIMARY KEY);\n"
           "-- +goose StatementEnd\n-- +goose Down\nDROP TABLE b;\n";
    std::ofstream(src / "00010_create_c.sql")
        << "-- +goose Up\nCREATE TABLE c (id integer PRIMARY KEY, b_id integer REFERENCES b "
           "(id));\n";
    std::ofstream(src / "00003_backfill.go") << "package migrations\n";
    {
        auto conn = connect();
        conn.execute_script("CREATE TABLE a (id integer PRIMARY KEY)");
        conn.execute_script("CREATE TABLE b (id integer PRIMARY KEY)");
        conn.execute_script(
            pg() ? "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT "
                   "NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())"
                 : "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP "
                   "DEFAULT (datetime('now')))");
        conn.execute_script(
            "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), "
            "(2, true)");
    }
    auto r = strata({"import", "goose", src.string(), "--history"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(count_of(r.out, "wrote "), 3U) << r.out;
    EXPECT_THAT(r.out, HasSubstr("00010_create_c.sql"));
    EXPECT_THAT(r.err, HasSubstr("not carried over as is"));
    EXPECT_THAT(r.err, HasSubstr("00003_backfill.go"));
    EXPECT_THAT(r.out, HasSubstr("recorded 00001 as applied (from goose (goose_db_version))"));
    EXPECT_TRUE(std::filesystem::exists(migrations() / "00010_create_c.sql"));

    r = strata({"status", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto status = nlohmann::json::parse(r.out);
    EXPECT_EQ(status["counts"]["applied"], 2) << r.out;
    EXPECT_EQ(status["counts"]["pending"], 1) << r.out;

    r = strata({"up"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_TRUE(table_exists("c"));
    EXPECT_EQ(applied(), (std::vector<std::string>{"00001", "00002", "00010"}));

    // Importing the files again is refused (they exist); the history again records nothing.
    r = strata({"import", "goose", src.string()});
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_THAT(r.err, HasSubstr("already exists"));
    r = strata({"import", "goose", "--history-only", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_TRUE(doc["adopted"].empty()) << r.out;
    EXPECT_EQ(doc["already"].size(), 2U) << r.out;
}

TEST_P(ImportCli, ADirtyGolangMigrateDatabaseIsRefusedWithExitOne) {
    auto r = strata({"import", "golang-migrate", (kCliImportFixtures / "golang-migrate").string()});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(count_of(r.out, "wrote "), 5U) << r.out;
    EXPECT_THAT(r.out, HasSubstr("2_users_email_index.sql  (no-transaction)"));
    EXPECT_THAT(r.err, HasSubstr("1_create_users.up.sql:1: the BEGIN (line 1) / COMMIT"));
    connect().execute_script(
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT "
        "NULL); INSERT INTO schema_migrations VALUES (3, true)");
    r = strata({"import", "golang-migrate", "--history-only"});
    EXPECT_EQ(r.exit_code, 1) << r.all();
    EXPECT_THAT(r.err, HasSubstr("version 3 is dirty"));
    EXPECT_TRUE(applied().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportCli, ::testing::Values(Db::pg, Db::sqlite), db_param_name);

}  // namespace
}  // namespace strata::cli_test
