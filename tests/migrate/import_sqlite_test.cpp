// strata import into a SQLite project: the tools that support SQLite (dbmate, golang-migrate,
// goose, Flyway, sqlx) have their files, written here in each tool's format with SQLite's SQL,
// imported, applied up, all the way down and up again, and compared through sqlite_schema with the
// originals run directly; and their SQLite history tables (each tool's real shape) adopted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "strata/driver/connection.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/import.hpp"

namespace strata::migrate::import_sqlite_test {
namespace {

namespace fs = std::filesystem;

/// One migration of the fixture, written in every tool's format.
struct FixtureMigration {
    int number;
    const char* name;
    const char* up;  ///< SQLite SQL as the tool's user writes it
    const char* down;
    bool no_transaction = false;
};

// A BEGIN/COMMIT-wrapped file (golang-migrate has no transaction of its own), a file the tool
// runs without a transaction, a comments-only one with an empty down, and a later one that needs
// the first.
const FixtureMigration kFixture[] = {
    {1, "create_users",
     "BEGIN;\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
     "INSERT INTO users (email) VALUES ('a@example.com');\nCOMMIT;\n",
     "DROP TABLE users;\n"},
    {2, "users_email_index", "CREATE UNIQUE INDEX users_email ON users (lower(email));\n",
     "DROP INDEX users_email;\n", true},
    {3, "reserved", "-- Reserved: nothing to do.\n", "-- Nothing to undo.\n"},
    {10, "create_posts",
     "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users "
     "(id), body TEXT);\n",
     "DROP TABLE posts;\n"},
};

std::string import_sqlite_version(ImportTool tool, int number) {
    char buf[32];
    if (tool == ImportTool::dbmate) {
        std::snprintf(buf, sizeof buf, "202401010000%02d", number);
    } else if (tool == ImportTool::goose) {
        std::snprintf(buf, sizeof buf, "%05d", number);
    } else {
        std::snprintf(buf, sizeof buf, "%d", number);
    }
    return buf;
}

void import_sqlite_write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// The fixture in tool's own file format under dir.
void write_tool_fixture(ImportTool tool, const fs::path& dir) {
    fs::create_directories(dir);
    for (const auto& m : kFixture) {
        const std::string base = import_sqlite_version(tool, m.number) + "_" + m.name;
        switch (tool) {
            case ImportTool::dbmate:
                import_sqlite_write(
                    dir / (base + ".sql"),
                    std::string(m.no_transaction ? "-- migrate:up transaction:false\n"
                                                 : "-- migrate:up\n") +
                        m.up + "-- migrate:down\n" + m.down);
                break;
            case ImportTool::goose:
                import_sqlite_write(
                    dir / (base + ".sql"),
                    std::string(m.no_transaction ? "-- +goose NO TRANSACTION\n" : "") +
                        "-- +goose Up\n" + m.up + "-- +goose Down\n" + m.down);
                break;
            case ImportTool::flyway: {
                // V<version>__<description>.sql, U... its undo, executeInTransaction in a .conf.
                const std::string name = import_sqlite_version(tool, m.number) + "__" + m.name;
                import_sqlite_write(dir / ("V" + name + ".sql"), m.up);
                import_sqlite_write(dir / ("U" + name + ".sql"), m.down);
                if (m.no_transaction) {
                    import_sqlite_write(dir / ("V" + name + ".sql.conf"),
                                        "executeInTransaction=false\n");
                }
                break;
            }
            case ImportTool::golang_migrate:
            case ImportTool::sqlx:
                import_sqlite_write(
                    dir / (base + ".up.sql"),
                    std::string(m.no_transaction && tool == ImportTool::sqlx ? "-- no-transaction\n"
                                                                             : "") +
                        m.up);
                import_sqlite_write(dir / (base + ".down.sql"), m.down);
                break;
            default:
                break;
        }
    }
}

/// Tables and indexes of a SQLite database as sqlite_schema records them; strata's and the
/// tools' history tables left out.
std::vector<std::string> sqlite_catalog(const std::string& url) {
    auto conn = driver::Connection::open(url);
    std::vector<std::string> out;
    for (const auto& row : conn.query(
             "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') "
             "FROM sqlite_schema WHERE name NOT LIKE 'strata_%' AND name NOT LIKE 'sqlite_%' "
             "AND tbl_name NOT IN ('schema_migrations', 'goose_db_version', '_sqlx_migrations', "
             "'flyway_schema_history') "
             "ORDER BY type, name")) {
        out.push_back(row.get<std::string>(0));
    }
    return out;
}

class ImportSqlite : public ::testing::TestWithParam<ImportTool> {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("strata-import-sqlite-" + std::to_string(getpid()) +
                                            "-" + std::to_string(static_cast<int>(GetParam())));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        url_ = "sqlite:///" + (dir_ / "app.db").string();
        write_tool_fixture(GetParam(), dir_ / "source");
        write_migrations(convert_migrations(GetParam(), dir_ / "source"), dir_ / "migrations");
    }
    void TearDown() override { fs::remove_all(dir_); }

    MigratorOptions options() const {
        MigratorOptions o;
        o.url = url_;
        o.migrations_dir = dir_ / "migrations";
        o.report = [](const std::string&) {};
        o.warn = [](const std::string&) {};
        return o;
    }

    /// The originals run directly on a database of their own, as the tool would run them.
    std::string originals(std::size_t first_n) const {
        const std::string url = "sqlite:///" + (dir_ / "originals.db").string();
        auto conn = driver::Connection::open(url);
        for (std::size_t i = 0; i < first_n; ++i) conn.execute_script(kFixture[i].up);
        return url;
    }

    fs::path dir_;
    std::string url_;
};

TEST_P(ImportSqlite, ImportedUpDownUpGivesTheSchemaOfTheOriginals) {
    Migrator migrator(options());
    ASSERT_EQ(migrator.up().steps.size(), 4U);
    const auto expected = sqlite_catalog(originals(std::size(kFixture)));
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(sqlite_catalog(url_), expected);
    const auto history = migrator.history();
    ASSERT_EQ(history.size(), 4U);
    // golang-migrate has no marker (it runs no transaction of its own); the others' is kept.
    EXPECT_EQ(history[1].transactional, GetParam() == ImportTool::golang_migrate)
        << "the tool's no-transaction marker was lost";
    EXPECT_EQ(history[3].version, import_sqlite_version(GetParam(), 10));

    EXPECT_EQ(migrator.down("base").steps.size(), 4U);
    EXPECT_TRUE(sqlite_catalog(url_).empty());
    EXPECT_EQ(migrator.up().steps.size(), 4U);
    EXPECT_EQ(sqlite_catalog(url_), expected);
    EXPECT_TRUE(migrator.status().clean());
}

/// The tool's history table in its SQLite shape (as the tool creates it), saying that the first
/// two migrations are applied.
std::string sqlite_tool_history_sql(ImportTool tool) {
    switch (tool) {
        case ImportTool::dbmate:
            return "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary "
                   "key);\nINSERT INTO schema_migrations VALUES ('20240101000001'), "
                   "('20240101000002');";
        case ImportTool::golang_migrate:
            return "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);\n"
                   "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations "
                   "(version);\nINSERT INTO schema_migrations VALUES (2, 0);";
        case ImportTool::goose:
            return "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP "
                   "DEFAULT (datetime('now')));\nINSERT INTO goose_db_version (version_id, "
                   "is_applied) VALUES (0, 1), (1, 1), (2, 1);";
        case ImportTool::flyway:
            // Flyway's SQLite create script; a SCHEMA row it writes first is not a migration.
            return "CREATE TABLE \"flyway_schema_history\" (\"installed_rank\" INT NOT NULL "
                   "PRIMARY KEY, \"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, "
                   "\"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, "
                   "\"checksum\" INT, \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" "
                   "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), "
                   "\"execution_time\" INT NOT NULL, \"success\" BOOLEAN NOT NULL);\n"
                   "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" "
                   "(\"success\");\nINSERT INTO flyway_schema_history (installed_rank, version, "
                   "description, type, script, checksum, installed_by, execution_time, success) "
                   "VALUES (0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', 'main', NULL, "
                   "'app', 0, 1), (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 11, "
                   "'app', 3, 1), (2, '2', 'users email index', 'SQL', "
                   "'V2__users_email_index.sql', 12, 'app', 2, 1);";
        case ImportTool::sqlx:
            return "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, "
                   "description TEXT NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT "
                   "CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, "
                   "execution_time BIGINT NOT NULL);\nINSERT INTO _sqlx_migrations (version, "
                   "description, success, checksum, execution_time) VALUES (1, 'create users', "
                   "TRUE, x'00', 1), (2, 'users email index', TRUE, x'01', 1);";
        default:
            return "";
    }
}

TEST_P(ImportSqlite, TheToolsSqliteHistoryIsAdoptedAndUpAppliesTheRest) {
    {
        auto conn = driver::Connection::open(url_);
        for (std::size_t i = 0; i < 2; ++i) conn.execute_script(kFixture[i].up);
        conn.execute_script(sqlite_tool_history_sql(GetParam()));
    }
    const auto summary = adopt_history(options(), GetParam());
    EXPECT_EQ(summary.adopted.size(), 2U) << summary.source;
    Migrator migrator(options());
    auto status = migrator.status();
    EXPECT_EQ(status.count(State::applied), 2U);
    EXPECT_EQ(status.count(State::pending), 2U);
    EXPECT_EQ(migrator.up().steps.size(), 2U);
    EXPECT_EQ(sqlite_catalog(url_), sqlite_catalog(originals(std::size(kFixture))));
    EXPECT_TRUE(adopt_history(options(), GetParam()).adopted.empty());
}

TEST(ImportSqliteDirty, AFailedSqlxRowInSqliteIsRefusedAndNothingIsRecorded) {
    const fs::path dir =
        fs::temp_directory_path() / ("strata-import-sqlite-dirty-" + std::to_string(getpid()));
    fs::remove_all(dir);
    write_tool_fixture(ImportTool::sqlx, dir / "source");
    write_migrations(convert_migrations(ImportTool::sqlx, dir / "source"), dir / "migrations");
    MigratorOptions o;
    o.url = "sqlite:///" + (dir / "app.db").string();
    o.migrations_dir = dir / "migrations";
    o.report = [](const std::string&) {};
    {
        auto conn = driver::Connection::open(o.url);
        conn.execute_script(sqlite_tool_history_sql(ImportTool::sqlx));
        conn.execute_script("UPDATE _sqlx_migrations SET success = FALSE WHERE version = 2");
    }
    try {
        adopt_history(o, ImportTool::sqlx);
        FAIL() << "adopted a failed sqlx migration";
    } catch (const MigrationStateError& e) {
        EXPECT_NE(std::string(e.what()).find("records migration 2"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(Migrator(o).history().empty());
    fs::remove_all(dir);
}

std::string import_sqlite_param_name(const ::testing::TestParamInfo<ImportTool>& param) {
    std::string name(to_string(param.param));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(EachSqliteTool, ImportSqlite,
                         ::testing::Values(ImportTool::dbmate, ImportTool::golang_migrate,
                                           ImportTool::goose, ImportTool::flyway, ImportTool::sqlx),
                         import_sqlite_param_name);

}  // namespace
}  // namespace strata::migrate::import_sqlite_test
