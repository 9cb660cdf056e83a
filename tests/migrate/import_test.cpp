// Tests of converting other tools' migration directories (fixtures in each tool's own format)
// into strata files, and of refusing bad input before anything is written.
#include "strata/migrate/import.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "strata/migrate/errors.hpp"
#include "strata/migrate/migration_set.hpp"

namespace strata::migrate {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(STRATA_SOURCE_DIR) / "tests/migrate/import_fixtures";

class ImportFiles : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata-import-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "src");
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& content) {
        fs::create_directories((dir_ / "src" / name).parent_path());
        std::ofstream(dir_ / "src" / name, std::ios::binary) << content;
    }
    fs::path src() const { return dir_ / "src"; }
    fs::path out() const { return dir_ / "out"; }

    static std::vector<std::string> versions(const FileImport& import) {
        std::vector<std::string> v;
        for (const auto& m : import.migrations) v.push_back(m.version);
        return v;
    }
    static bool has_note(const FileImport& import, std::string_view file, std::string_view text) {
        return std::any_of(import.notes.begin(), import.notes.end(), [&](const ImportNote& n) {
            return n.path.filename().string() == file && n.message.find(text) != std::string::npos;
        });
    }
    /// The error message of convert (and write, when convert passes) of the src directory.
    std::string refusal(ImportTool tool) {
        try {
            write_migrations(convert_migrations(tool, src()), out());
        } catch (const MigrationFileError& e) {
            return e.what();
        }
        return "no error";
    }

    fs::path dir_;
};

const ImportedMigration& by_version(const FileImport& import, std::string_view version) {
    for (const auto& m : import.migrations) {
        if (m.version == version) return m;
    }
    throw std::runtime_error("no migration " + std::string(version));
}

TEST_F(ImportFiles, GolangMigrateFixtureKeepsVersionsDropsTheWrapperAndDetectsConcurrently) {
    auto import = convert_migrations(ImportTool::golang_migrate, kFixtures / "golang-migrate");
    EXPECT_EQ(versions(import), (std::vector<std::string>{"1", "2", "3", "4", "10"}));
    const auto& users = by_version(import, "1");
    EXPECT_EQ(users.file_name, "1_create_users.sql");
    EXPECT_TRUE(users.transactional);
    EXPECT_NE(users.content.find("/* BEGIN; dropped by strata import */"), std::string::npos)
        << users.content;
    EXPECT_NE(users.content.find("/* COMMIT; dropped by strata import */"), std::string::npos);
    EXPECT_TRUE(has_note(import, "1_create_users.up.sql", "BEGIN (line 1) / COMMIT (line 11)"));
    const auto& index = by_version(import, "2");
    EXPECT_FALSE(index.transactional);
    EXPECT_NE(index.content.find("-- migrate:no-transaction"), std::string::npos);
    EXPECT_TRUE(has_note(import, "2_users_email_index.up.sql", "CREATE INDEX CONCURRENTLY"));
    // Comment-only up: a no-op keeps the version; the empty down file is an empty down section.
    const auto& reserved = by_version(import, "4");
    EXPECT_NE(reserved.content.find("SELECT 1;"), std::string::npos);
    const auto parsed = parse_migration(reserved.file_name, reserved.content);
    EXPECT_NE(reserved.content.find("-- migrate:down"), std::string::npos);
    EXPECT_EQ(parsed.description,
              "Imported from golang-migrate: 4_reserved.up.sql, 4_reserved.down.sql");
    EXPECT_EQ(by_version(import, "10").sources.size(), 2U);
}

TEST_F(ImportFiles, WrittenFilesLoadAsAStrataDirectoryInNumericOrder) {
    write_migrations(convert_migrations(ImportTool::golang_migrate, kFixtures / "golang-migrate"),
                     out());
    const auto set = MigrationSet::load(out());
    std::vector<std::string> order;
    for (const auto& m : set.migrations()) order.push_back(m.version);
    EXPECT_EQ(order, (std::vector<std::string>{"1", "2", "3", "4", "10"}));
    EXPECT_FALSE(set.find("2")->transactional);
    ASSERT_NE(set.find("3"), nullptr);
    EXPECT_TRUE(set.find("3")->down_sql.has_value());
    // No temporary file is left behind.
    for (const auto& e : fs::directory_iterator(out())) {
        EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
    }
}

TEST_F(ImportFiles, DbmateFilesAreCopiedAsWrittenIncludingTransactionFalse) {
    auto import = convert_migrations(ImportTool::dbmate, kFixtures / "dbmate");
    ASSERT_EQ(import.migrations.size(), 5U);
    const auto& index = by_version(import, "20240101000002");
    EXPECT_FALSE(index.transactional);
    std::ifstream in(kFixtures / "dbmate" / "20240101000002_users_email_index.sql");
    std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(index.content, original);
    EXPECT_TRUE(by_version(import, "20240101000001").transactional);
    // The comment-only up gets its no-op; the note says so.
    EXPECT_TRUE(has_note(import, "20240101000004_reserved.sql", "no statements"));
}

TEST_F(ImportFiles, GooseAnnotationsMapToStrataDirectives) {
    auto import = convert_migrations(ImportTool::goose, kFixtures / "goose");
    EXPECT_EQ(versions(import),
              (std::vector<std::string>{"00001", "00002", "00003", "00004", "00010"}));
    const auto& users = by_version(import, "00001");
    EXPECT_EQ(users.file_name, "00001_create_users.sql");
    EXPECT_EQ(users.content.find("+goose"), std::string::npos) << users.content;
    EXPECT_FALSE(by_version(import, "00002").transactional);
    EXPECT_TRUE(by_version(import, "00003").transactional);
    // No Down: goose's no-op down becomes an empty down section.
    const auto& reserved = by_version(import, "00004");
    EXPECT_NE(reserved.content.find("-- migrate:down"), std::string::npos);
    EXPECT_TRUE(has_note(import, "00004_reserved.sql", "no '-- +goose Down'"));
    EXPECT_TRUE(has_note(import, "00005_backfill_titles.go", "Go migration"));
    EXPECT_TRUE(has_note(import, "00010_posts_body.sql", "BEGIN (line 2) / COMMIT (line 5)"));
    // Statement blocks: the function body with its semicolons stays one statement.
    const auto posts =
        parse_migration("00003_create_posts.sql", by_version(import, "00003").content);
    EXPECT_NE(posts.up_sql.find("RETURN NEW;"), std::string::npos);
}

TEST_F(ImportFiles, FlywayVersionsUndoFilesAndRepeatables) {
    auto import = convert_migrations(ImportTool::flyway, kFixtures / "flyway");
    EXPECT_EQ(versions(import), (std::vector<std::string>{"1", "1.1", "2", "2.1", "10"}));
    EXPECT_EQ(by_version(import, "1.1").file_name, "1.1_Users_email_index.sql");
    EXPECT_FALSE(by_version(import, "1.1").transactional);
    EXPECT_EQ(by_version(import, "10").sources.front().filename(), "V10__Posts_body.sql");
    EXPECT_NE(by_version(import, "2").content.find("-- migrate:down\nDROP TABLE posts;"),
              std::string::npos);
    EXPECT_TRUE(has_note(import, "R__Post_counts_view.sql", "repeatable migration (R__)"));
}

TEST_F(ImportFiles, FlywayConfAndPlaceholdersAndMissingUndo) {
    write("V1__a.sql", "CREATE TABLE a (id int);\n");
    write("V2__b.sql", "CREATE TABLE ${prefix}b (id int);\n");
    write("V2__b.sql.conf", "# per-script settings\nexecuteInTransaction = false\n");
    write("beforeMigrate.sql", "SELECT 1;\n");
    auto import = convert_migrations(ImportTool::flyway, src());
    EXPECT_TRUE(by_version(import, "1").transactional);
    EXPECT_FALSE(by_version(import, "2").transactional);
    EXPECT_TRUE(has_note(import, "V2__b.sql", "V2__b.sql.conf:2 says executeInTransaction=false"));
    EXPECT_TRUE(has_note(import, "V2__b.sql", "placeholders"));
    EXPECT_TRUE(has_note(import, "V1__a.sql", "no undo file"));
    EXPECT_TRUE(has_note(import, "beforeMigrate.sql", "callback"));
    EXPECT_FALSE(parse_migration("1_a.sql", by_version(import, "1").content).down_sql);
}

TEST_F(ImportFiles, SqlxReversibleSimpleAndNoTransaction) {
    auto import = convert_migrations(ImportTool::sqlx, kFixtures / "sqlx");
    EXPECT_EQ(versions(import), (std::vector<std::string>{"1", "2", "3", "4", "10"}));
    EXPECT_FALSE(by_version(import, "2").transactional);
    EXPECT_TRUE(by_version(import, "3").transactional);

    write("20240101120000_simple.sql", "CREATE TABLE s (id int);\n");
    auto simple = convert_migrations(ImportTool::sqlx, src());
    ASSERT_EQ(simple.migrations.size(), 1U);
    EXPECT_EQ(simple.migrations[0].file_name, "20240101120000_simple.sql");
    EXPECT_FALSE(parse_migration("20240101120000_simple.sql", simple.migrations[0].content)
                     .down_sql.has_value());
}

TEST_F(ImportFiles, TransactionControlBeyondAnExactWrapperMakesItNoTransaction) {
    write("1_batches.up.sql",
          "BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;\nBEGIN;\nUPDATE t SET a = 2;\nCOMMIT;\n");
    auto import = convert_migrations(ImportTool::golang_migrate, src());
    EXPECT_FALSE(import.migrations[0].transactional);
    EXPECT_NE(import.migrations[0].content.find("BEGIN;\nUPDATE t SET a = 1;"), std::string::npos);
    EXPECT_TRUE(has_note(import, "1_batches.up.sql", "controls its own transactions"));
}

TEST_F(ImportFiles, UnknownToolIsRefusedNamingTheKnownOnes) {
    try {
        (void)parse_import_tool("liquibase");
        FAIL();
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("liquibase"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("golang-migrate"), std::string::npos);
    }
    EXPECT_EQ(parse_import_tool("migrate"), ImportTool::golang_migrate);
    EXPECT_THROW((void)convert_migrations(ImportTool::alembic, src()), UsageError);
}

TEST_F(ImportFiles, MalformedGooseFilesNameFileAndLine) {
    write("00001_a.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (id int);\n");
    auto what = refusal(ImportTool::goose);
    EXPECT_NE(what.find("00001_a.sql:2"), std::string::npos) << what;
    EXPECT_NE(what.find("StatementEnd"), std::string::npos) << what;
    fs::remove_all(src());
    write("00001_a.sql", "CREATE TABLE a (id int);\n");
    what = refusal(ImportTool::goose);
    EXPECT_NE(what.find("00001_a.sql:1"), std::string::npos) << what;
    fs::remove_all(src());
    write("00001_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Sideways\n");
    what = refusal(ImportTool::goose);
    EXPECT_NE(what.find("00001_a.sql:3"), std::string::npos) << what;
    EXPECT_NE(what.find("Sideways"), std::string::npos) << what;
    EXPECT_FALSE(fs::exists(out()));
}

TEST_F(ImportFiles, MalformedDbmateFileNamesFileAndLine) {
    write("20240101000000_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:sideways\n");
    auto what = refusal(ImportTool::dbmate);
    EXPECT_NE(what.find("20240101000000_a.sql:3"), std::string::npos) << what;
    EXPECT_FALSE(fs::exists(out()));
}

TEST_F(ImportFiles, VersionClashesAndOrphansAreRefusedNamingBothFiles) {
    write("1_a.up.sql", "SELECT 1;\n");
    write("001_b.up.sql", "SELECT 2;\n");
    auto what = refusal(ImportTool::golang_migrate);
    EXPECT_NE(what.find("1_a.up.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("001_b.up.sql"), std::string::npos) << what;
    fs::remove_all(src());
    write("2_a.down.sql", "SELECT 1;\n");
    what = refusal(ImportTool::golang_migrate);
    EXPECT_NE(what.find("2_a.down.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("without its up"), std::string::npos) << what;
    fs::remove_all(src());
    write("V1__a.sql", "SELECT 1;\n");
    write("V1_0__b.sql", "SELECT 1;\n");
    write("V01__c.sql", "SELECT 1;\n");
    what = refusal(ImportTool::flyway);
    EXPECT_NE(what.find("used twice"), std::string::npos) << what;
    fs::remove_all(src());
    write("3_a.sql", "SELECT 1;\n");
    write("3_a.up.sql", "SELECT 1;\n");
    what = refusal(ImportTool::sqlx);
    EXPECT_NE(what.find("used twice"), std::string::npos) << what;
    EXPECT_FALSE(fs::exists(out()));
}

TEST_F(ImportFiles, ALineThatWouldReadAsAStrataDirectiveIsRefused) {
    write("1_a.up.sql", "SELECT 1;\n  -- migrate:down (not really)\nSELECT 2;\n");
    auto what = refusal(ImportTool::golang_migrate);
    EXPECT_NE(what.find("1_a.up.sql:2"), std::string::npos) << what;
}

TEST_F(ImportFiles, ExistingTargetFilesAndVersionsAreRefusedAndNothingIsWritten) {
    write("1_a.up.sql", "CREATE TABLE a (id int);\n");
    write("2_b.up.sql", "CREATE TABLE b (id int);\n");
    fs::create_directories(out());
    std::ofstream(out() / "2_b.sql") << "-- migrate:up\nSELECT 1;\n";
    auto what = refusal(ImportTool::golang_migrate);
    EXPECT_NE(what.find("2_b.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("already exists"), std::string::npos) << what;
    EXPECT_FALSE(fs::exists(out() / "1_a.sql"));
    fs::remove(out() / "2_b.sql");
    std::ofstream(out() / "0002_other.sql") << "-- migrate:up\nSELECT 1;\n";
    what = refusal(ImportTool::golang_migrate);
    EXPECT_NE(what.find("version 2 is already used by"), std::string::npos) << what;
    EXPECT_NE(what.find("0002_other.sql"), std::string::npos) << what;
    EXPECT_FALSE(fs::exists(out() / "1_a.sql"));
}

TEST_F(ImportFiles, MissingSourceDirectoryIsNamed) {
    try {
        (void)convert_migrations(ImportTool::goose, dir_ / "nope");
        FAIL();
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
    }
}

}  // namespace
}  // namespace strata::migrate
