// strata import on PostgreSQL: each tool's fixture directory imported, applied up, all the way
// down and up again, compared through the catalog with the originals loaded directly; and each
// tool's history table (its real shape, created by SQL here) adopted into strata's history.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "strata/driver/connection.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/import.hpp"
#include "strata/schema/dump.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace strata::migrate {
namespace {

namespace fs = std::filesystem;

const fs::path kImportFixtures = fs::path(STRATA_SOURCE_DIR) / "tests/migrate/import_fixtures";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

/// The lines of text after the first line containing from, up to the first containing to.
std::string between_markers(const std::string& text, std::string_view from, std::string_view to) {
    std::istringstream in(text);
    std::string line;
    std::string out;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!inside && line.find(from) != std::string::npos) {
            inside = true;
            continue;
        }
        if (inside && line.find(to) != std::string::npos) break;
        if (inside) out += line + "\n";
    }
    return out;
}

/// The up SQL of each original migration, in the order the tool applies them.
std::vector<std::string> original_ups(ImportTool tool) {
    const auto dir = kImportFixtures / std::string(to_string(tool));
    std::vector<std::string> ups;
    switch (tool) {
        case ImportTool::golang_migrate:
        case ImportTool::sqlx:
            for (const char* f : {"1_create_users", "2_users_email_index", "3_create_posts",
                                  "4_reserved", "10_posts_body"}) {
                ups.push_back(slurp(dir / (std::string(f) + ".up.sql")));
            }
            break;
        case ImportTool::dbmate:
            for (const char* f : {"20240101000001_create_users", "20240101000002_users_email_index",
                                  "20240101000003_create_posts", "20240101000004_reserved",
                                  "20240101000010_posts_body"}) {
                ups.push_back(between_markers(slurp(dir / (std::string(f) + ".sql")),
                                              "-- migrate:up", "-- migrate:down"));
            }
            break;
        case ImportTool::goose:
            for (const char* f : {"00001_create_users", "00002_users_email_index",
                                  "00003_create_posts", "00004_reserved", "00010_posts_body"}) {
                ups.push_back(between_markers(slurp(dir / (std::string(f) + ".sql")),
                                              "-- +goose Up", "-- +goose Down"));
            }
            break;
        case ImportTool::flyway:
            for (const char* f :
                 {"V1__Create_users.sql", "V1_1__Users_email_index.sql", "V2__Create_posts.sql",
                  "V2.1__Reserved.sql", "more/V10__Posts_body.sql"}) {
                ups.push_back(slurp(dir / f));
            }
            break;
        case ImportTool::alembic:
            break;
    }
    return ups;
}

class ImportPg : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata-import-pg-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        url_ = strata::testing::fresh_database_url("imp");
    }
    void TearDown() override { fs::remove_all(dir_); }

    MigratorOptions options() {
        MigratorOptions o;
        o.url = url_;
        o.migrations_dir = dir_ / "migrations";
        o.report = [this](const std::string& line) { reports_.push_back(line); };
        o.warn = [](const std::string&) {};
        return o;
    }

    /// Runs sql with psql, as the other tool (or a DBA) would: statement by statement,
    /// autocommit, stopping at the first error.
    void psql(const std::string& url, const std::string& sql) {
        const auto file = dir_ / "script.sql";
        std::ofstream(file, std::ios::binary | std::ios::trunc) << sql;
        const std::string cmd = "psql -X -q -v ON_ERROR_STOP=1 -d '" + url + "' -f '" +
                                file.string() + "' > /dev/null 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << "\n" << sql;
    }

    void import_files(ImportTool tool) {
        write_migrations(convert_migrations(tool, kImportFixtures / std::string(to_string(tool))),
                         dir_ / "migrations");
    }

    static void expect_same_schema(const std::string& a, const std::string& b,
                                   std::string_view what) {
        const auto ca = schema::introspect(a);
        const auto cb = schema::introspect(b);
        EXPECT_TRUE(ca == cb) << what << "\n--- imported:\n"
                              << schema::render_dump(ca) << "\n--- originals:\n"
                              << schema::render_dump(cb);
    }

    fs::path dir_;
    std::string url_;
    std::vector<std::string> reports_;
};

std::string import_tool_param_name(const ::testing::TestParamInfo<ImportTool>& param) {
    std::string name(to_string(param.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

class ImportRoundTrip : public ImportPg, public ::testing::WithParamInterface<ImportTool> {};

TEST_P(ImportRoundTrip, ImportedUpDownUpGivesTheSchemaOfTheOriginals) {
    const ImportTool tool = GetParam();
    import_files(tool);
    const std::string reference = strata::testing::fresh_database_url("ref");
    for (const auto& up : original_ups(tool)) psql(reference, up);

    Migrator migrator(options());
    EXPECT_EQ(migrator.up().steps.size(), 5U);
    EXPECT_TRUE(migrator.status().clean());
    expect_same_schema(url_, reference, "after up");

    EXPECT_EQ(migrator.down("base").steps.size(), 5U);
    const auto empty = schema::introspect(url_);
    EXPECT_TRUE(empty.tables.empty()) << schema::render_dump(empty);
    EXPECT_TRUE(empty.functions.empty()) << schema::render_dump(empty);

    EXPECT_EQ(migrator.up().steps.size(), 5U);
    expect_same_schema(url_, reference, "after up, down to base and up again");
}

INSTANTIATE_TEST_SUITE_P(EachTool, ImportRoundTrip,
                         ::testing::Values(ImportTool::dbmate, ImportTool::golang_migrate,
                                           ImportTool::goose, ImportTool::flyway, ImportTool::sqlx),
                         import_tool_param_name);

/// A history table in the tool's own shape, as the tool creates it, with rows saying that the
/// first three migrations (and for some tools more, undone) are applied.
std::string tool_history_sql(ImportTool tool) {
    switch (tool) {
        case ImportTool::dbmate:
            return "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);\n"
                   "INSERT INTO schema_migrations VALUES ('20240101000001'), ('20240101000002'), "
                   "('20240101000003');\n";
        case ImportTool::golang_migrate:
            return "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty "
                   "boolean NOT NULL);\n"
                   "INSERT INTO schema_migrations VALUES (3, false);\n";
        case ImportTool::goose:
            return "CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT "
                   "NULL, is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now(), "
                   "PRIMARY KEY (id));\n"
                   "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, "
                   "true), (2, true), (3, true), (4, true), (4, false);\n";
        case ImportTool::flyway:
            return "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL, version "
                   "VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, "
                   "script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) "
                   "NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time "
                   "INTEGER NOT NULL, success BOOLEAN NOT NULL);\n"
                   "ALTER TABLE flyway_schema_history ADD CONSTRAINT flyway_schema_history_pk "
                   "PRIMARY KEY (installed_rank);\n"
                   "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);\n"
                   "INSERT INTO flyway_schema_history (installed_rank, version, description, "
                   "type, script, checksum, installed_by, execution_time, success) VALUES\n"
                   " (1, '1', 'Create users', 'SQL', 'V1__Create_users.sql', 123, 'app', 12, "
                   "true),\n"
                   " (2, '1.1', 'Users email index', 'SQL', 'V1_1__Users_email_index.sql', 456, "
                   "'app', 30, true),\n"
                   " (3, '2', 'Create posts', 'SQL', 'V2__Create_posts.sql', 789, 'app', 8, "
                   "true),\n"
                   " (4, NULL, 'Post counts view', 'SQL', 'R__Post_counts_view.sql', 1, 'app', "
                   "2, true);\n";
        case ImportTool::sqlx:
            return "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT "
                   "NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN "
                   "NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);\n"
                   "INSERT INTO _sqlx_migrations (version, description, success, checksum, "
                   "execution_time) VALUES (1, 'create users', true, '\\x00', 1), (2, 'users "
                   "email index', true, '\\x01', 1), (3, 'create posts', true, '\\x02', 1);\n";
        case ImportTool::alembic:
            return "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
                   "alembic_version_pkc PRIMARY KEY (version_num));\n"
                   "INSERT INTO alembic_version VALUES ('ae1027a6acf');\n";
    }
    return "";
}

class ImportHistory : public ImportPg, public ::testing::WithParamInterface<ImportTool> {};

TEST_P(ImportHistory, StatusIsRightFromTheFirstRunAndUpAppliesTheRest) {
    const ImportTool tool = GetParam();
    import_files(tool);
    // The tool applied its first three migrations, and recorded them in its own table.
    const auto ups = original_ups(tool);
    for (std::size_t i = 0; i < 3; ++i) psql(url_, ups[i]);
    psql(url_, tool_history_sql(tool));

    const auto summary = adopt_history(options(), tool);
    ASSERT_EQ(summary.adopted.size(), 3U) << summary.source;
    EXPECT_TRUE(summary.already.empty());
    EXPECT_NE(summary.source.find(to_string(tool)), std::string::npos) << summary.source;
    Migrator migrator(options());
    auto status = migrator.status();
    EXPECT_EQ(status.count(State::applied), 3U);
    EXPECT_EQ(status.count(State::pending), 2U);
    EXPECT_EQ(status.count(State::out_of_order), 0U);
    auto events = migrator.events();
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0].action, "adopt");
    EXPECT_NE(events[0].detail.find("from " + summary.source), std::string::npos)
        << events[0].detail;
    if (tool == ImportTool::flyway) {
        EXPECT_NE(events[0].detail.find("\"Create users\" by app"), std::string::npos)
            << events[0].detail;
        EXPECT_TRUE(std::any_of(summary.notes.begin(), summary.notes.end(), [](const auto& n) {
            return n.message.find("Post counts view") != std::string::npos;
        }));
    }

    // The rest applies on top: 10 needs the posts table of 3.
    EXPECT_EQ(migrator.up().steps.size(), 2U);
    EXPECT_TRUE(migrator.status().clean());

    // Importing again records nothing twice.
    const auto again = adopt_history(options(), tool);
    EXPECT_TRUE(again.adopted.empty());
    EXPECT_EQ(again.already.size(), 3U);
}

INSTANTIATE_TEST_SUITE_P(EachTool, ImportHistory,
                         ::testing::Values(ImportTool::dbmate, ImportTool::golang_migrate,
                                           ImportTool::goose, ImportTool::flyway, ImportTool::sqlx),
                         import_tool_param_name);

bool strata_history_exists(const std::string& url) {
    auto conn = driver::Connection::open(url);
    return conn.query("SELECT to_regclass('strata_migrations') IS NOT NULL").scalar<bool>();
}

TEST_F(ImportPg, DirtyGolangMigrateStateIsRefusedAndNothingIsRecorded) {
    import_files(ImportTool::golang_migrate);
    psql(url_,
         "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT "
         "NULL);\nINSERT INTO schema_migrations VALUES (2, true);\n");
    try {
        (void)adopt_history(options(), ImportTool::golang_migrate);
        FAIL() << "a dirty state was adopted";
    } catch (const MigrationStateError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("version 2 is dirty"), std::string::npos) << what;
        EXPECT_NE(what.find("migrate force 2"), std::string::npos) << what;
    }
    EXPECT_FALSE(strata_history_exists(url_));
}

TEST_F(ImportPg, FailedFlywayAndSqlxRowsAreRefused) {
    import_files(ImportTool::flyway);
    psql(url_, tool_history_sql(ImportTool::flyway) +
                   "UPDATE flyway_schema_history SET success = false WHERE installed_rank = 3;\n");
    try {
        (void)adopt_history(options(), ImportTool::flyway);
        FAIL();
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("failed migration (version 2"), std::string::npos)
            << e.what();
    }
    psql(url_, tool_history_sql(ImportTool::sqlx) +
                   "UPDATE _sqlx_migrations SET success = false WHERE version = 2;\n");
    EXPECT_THROW((void)adopt_history(options(), ImportTool::sqlx), MigrationStateError);
    EXPECT_FALSE(strata_history_exists(url_));
}

TEST_F(ImportPg, FlywayBaselineAndUndoRowsAreFollowed) {
    import_files(ImportTool::flyway);
    psql(url_, tool_history_sql(ImportTool::flyway) +
                   "DELETE FROM flyway_schema_history;\n"
                   "INSERT INTO flyway_schema_history (installed_rank, version, description, "
                   "type, script, installed_by, execution_time, success) VALUES\n"
                   " (1, '1.1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', "
                   "'app', 0, true),\n"
                   " (2, '2', 'Create posts', 'SQL', 'V2__Create_posts.sql', 'app', 3, true),\n"
                   " (3, '2.1', 'Reserved', 'SQL', 'V2.1__Reserved.sql', 'app', 1, true),\n"
                   " (4, '2.1', 'Reserved', 'UNDO_SQL', 'U2.1__Reserved.sql', 'app', 1, true);\n");
    const auto summary = adopt_history(options(), ImportTool::flyway);
    EXPECT_EQ(summary.adopted, (std::vector<std::string>{"1", "1.1", "2"}));
}

TEST_F(ImportPg, AlembicRevisionRecordsTheBaseline) {
    import_files(ImportTool::golang_migrate);
    psql(url_, tool_history_sql(ImportTool::alembic));
    AdoptOptions adopt;
    adopt.baseline = "3";
    const auto summary = adopt_history(options(), ImportTool::alembic, adopt);
    EXPECT_EQ(summary.adopted, (std::vector<std::string>{"1", "2", "3"}));
    auto events = Migrator(options()).events();
    ASSERT_FALSE(events.empty());
    EXPECT_NE(events[0].detail.find("alembic revision ae1027a6acf"), std::string::npos)
        << events[0].detail;
    adopt.baseline = "7";
    EXPECT_THROW((void)adopt_history(options(), ImportTool::alembic, adopt), MigrationStateError);
}

TEST_F(ImportPg, AMissingOrForeignHistoryTableIsNamed) {
    import_files(ImportTool::goose);
    try {
        (void)adopt_history(options(), ImportTool::goose);
        FAIL();
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("no goose_db_version table"), std::string::npos)
            << e.what();
    }
    // dbmate's table is not golang-migrate's, and the other way round.
    psql(url_, tool_history_sql(ImportTool::dbmate));
    try {
        (void)adopt_history(options(), ImportTool::golang_migrate);
        FAIL();
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("strata import dbmate"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(strata_history_exists(url_));
}

TEST_F(ImportPg, HistoryVersionsWithoutAFileAreReportedNotRecorded) {
    import_files(ImportTool::goose);
    psql(url_, tool_history_sql(ImportTool::goose) +
                   "INSERT INTO goose_db_version (version_id, is_applied) VALUES (5, true);\n");
    const auto summary = adopt_history(options(), ImportTool::goose);
    EXPECT_EQ(summary.adopted, (std::vector<std::string>{"00001", "00002", "00003"}));
    EXPECT_TRUE(std::any_of(summary.notes.begin(), summary.notes.end(), [](const auto& n) {
        return n.message.find("version 5 is applied") != std::string::npos;
    }));
}

}  // namespace
}  // namespace strata::migrate
