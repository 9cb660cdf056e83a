// Read-only commands (up --sql, status, verify, history, current, dump) never create a SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "strata/driver/connection.hpp"

namespace strata::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// An initialised project with two migrations whose database, sqlite:///<project>/new.db, does
/// not exist yet.
class DryRunCli : public ::testing::Test {
protected:
    void SetUp() override {
        const auto r = run_cli({"init"}, dir());
        ASSERT_EQ(r.exit_code, 0) << r.all();
        std::ofstream(dir() / "db" / "migrations" / "20240101000000_create_notes.sql")
            << "-- migrate:up\nCREATE TABLE notes (id integer PRIMARY KEY);\n"
               "-- migrate:down\nDROP TABLE notes;\n";
        std::ofstream(dir() / "db" / "migrations" / "20240102000000_create_tags.sql")
            << "-- migrate:up\nCREATE TABLE tags (id integer PRIMARY KEY);\n"
               "-- migrate:down\nDROP TABLE tags;\n";
        url_ = "sqlite:///" + file().string();
    }

    [[nodiscard]] const std::filesystem::path& dir() const { return project_.dir(); }
    [[nodiscard]] std::filesystem::path file() const { return dir() / "new.db"; }
    /// new.db or any of its companion files (-wal, -shm, -journal).
    [[nodiscard]] bool any_database_file() const {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            if (std::filesystem::exists(file().string() + suffix)) return true;
        }
        return false;
    }
    CliResult strata(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--url", url_});
        return run_cli(args, dir());
    }

    std::string url_;

private:
    TempProject project_;
};

TEST_F(DryRunCli, UpSqlOnAMissingSqliteFilePrintsTheMigrationSqlAndCreatesNoFile) {
    const auto r = strata({"up", "--sql"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("-- strata up --sql: 2 migrations"));
    EXPECT_THAT(r.out, HasSubstr("CREATE TABLE notes (id integer PRIMARY KEY)"));
    EXPECT_THAT(r.out, HasSubstr("CREATE TABLE tags (id integer PRIMARY KEY)"));
    EXPECT_THAT(r.out, HasSubstr("strata_migrations"));  // the history bookkeeping too
    EXPECT_THAT(r.err, HasSubstr("does not exist yet"));
    EXPECT_FALSE(any_database_file()) << file();
}

TEST_F(DryRunCli, DownSqlOnAMissingSqliteFileHasNothingToRevertAndCreatesNoFile) {
    const auto r = strata({"down", "--sql"});
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("-- strata down --sql: 0 migrations"));
    EXPECT_FALSE(any_database_file()) << file();
}

TEST_F(DryRunCli, StatusOnAMissingSqliteFileShowsNothingAppliedAndCreatesNoFile) {
    const auto text = strata({"status"});
    ASSERT_EQ(text.exit_code, 0) << text.all();
    EXPECT_THAT(text.out, HasSubstr("pending       20240101000000_create_notes"));
    EXPECT_THAT(text.out, HasSubstr("0 applied, 2 pending"));
    EXPECT_THAT(text.err, HasSubstr(file().string() + " does not exist yet: nothing is applied"));

    const auto json = strata({"status", "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.all();
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["counts"]["applied"], 0);
    EXPECT_EQ(doc["counts"]["pending"], 2);
    EXPECT_TRUE(doc["current"].is_null());

    EXPECT_EQ(strata({"status", "--exit-code"}).exit_code, 1);  // pending work
    EXPECT_FALSE(any_database_file()) << file();
}

TEST_F(DryRunCli, VerifyHistoryAndCurrentOnAMissingSqliteFileCreateNoFile) {
    const auto verify = strata({"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.all();
    EXPECT_THAT(verify.out, HasSubstr("verify: ok"));
    const auto history = strata({"history"});
    EXPECT_EQ(history.exit_code, 0) << history.all();
    EXPECT_THAT(history.out, HasSubstr("no migrations applied"));
    const auto events = strata({"history", "--events"});
    EXPECT_EQ(events.exit_code, 0) << events.all();
    const auto current = strata({"current"});
    EXPECT_EQ(current.exit_code, 0) << current.all();
    EXPECT_EQ(current.out, "none\n");
    EXPECT_FALSE(any_database_file()) << file();
}

TEST_F(DryRunCli, DumpAndDiffOnAMissingSqliteFileFailNamingItAndCreateNoFile) {
    const auto dump = strata({"dump", "--stdout"});
    EXPECT_NE(dump.exit_code, 0) << dump.all();
    EXPECT_THAT(dump.err, HasSubstr("the file '" + file().string() + "' does not exist"));
    const auto diff = run_cli({"diff", "--from", url_, "--to", "sqlite::memory:"}, dir());
    EXPECT_NE(diff.exit_code, 0) << diff.all();
    EXPECT_THAT(diff.err, HasSubstr("does not exist"));
    EXPECT_FALSE(any_database_file()) << file();
    EXPECT_FALSE(std::filesystem::exists(dir() / "db" / "schema.sql"));
}

TEST_F(DryRunCli, UpSqlOnAnExistingFileChangesNothingAndUpStillCreatesTheFile) {
    const auto first = strata({"up", "+1"});
    ASSERT_EQ(first.exit_code, 0) << first.all();
    ASSERT_TRUE(std::filesystem::exists(file()));
    const auto sql = strata({"up", "--sql"});
    ASSERT_EQ(sql.exit_code, 0) << sql.all();
    EXPECT_THAT(sql.out, HasSubstr("-- strata up --sql: 1 migration\n"));
    EXPECT_THAT(sql.out, HasSubstr("CREATE TABLE tags"));
    EXPECT_THAT(sql.out, Not(HasSubstr("CREATE TABLE notes")));
    EXPECT_THAT(sql.err, Not(HasSubstr("does not exist")));
    auto conn = driver::Connection::open(url_);
    EXPECT_EQ(conn.query("SELECT count(*) FROM strata_migrations").scalar<std::int64_t>(), 1);
    EXPECT_EQ(
        conn.query("SELECT count(*) FROM sqlite_schema WHERE name = 'tags'").scalar<std::int64_t>(),
        0);
}

}  // namespace
}  // namespace strata::cli_test
