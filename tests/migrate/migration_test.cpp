// Tests of migration file parsing: sections, directives, checksums and bad input.
#include "strata/migrate/migration.hpp"

#include <gtest/gtest.h>

#include "strata/migrate/errors.hpp"

namespace strata::migrate {
namespace {

const std::filesystem::path kPath = "db/migrations/20240101120000_create_users.sql";

TEST(MigrationFileName, SplitsTimestampVersionAndName) {
    auto n = parse_file_name("20240101120000_create_users.sql");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "20240101120000");
    EXPECT_EQ(n->name, "create_users");
}

TEST(MigrationFileName, SplitsDateCounterVersion) {
    auto n = parse_file_name("20260411_0001_initial_llm_schema.sql");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "20260411_0001");
    EXPECT_EQ(n->name, "initial_llm_schema");
}

TEST(MigrationFileName, RejectsOtherNames) {
    EXPECT_FALSE(parse_file_name("create_users.sql"));
    EXPECT_FALSE(parse_file_name("20240101120000_.sql"));
    EXPECT_FALSE(parse_file_name("20240101120000_x.txt"));
    EXPECT_FALSE(parse_file_name("v2024010112000_x.sql"));
}

TEST(Migration, ParsesSectionsDirectivesAndHeader) {
    auto m = parse_migration(kPath,
                             "-- Create the users table.\n"
                             "-- Owned by the accounts team.\n"
                             "-- migrate:up\n"
                             "CREATE TABLE users (id bigint);\n"
                             "-- migrate:down\n"
                             "DROP TABLE users;\n");
    EXPECT_EQ(m.version, "20240101120000");
    EXPECT_EQ(m.name, "create_users");
    EXPECT_EQ(m.description, "Create the users table.\nOwned by the accounts team.");
    EXPECT_TRUE(m.transactional);
    EXPECT_NE(m.up_sql.find("CREATE TABLE users"), std::string::npos);
    ASSERT_TRUE(m.down_sql);
    EXPECT_NE(m.down_sql->find("DROP TABLE users"), std::string::npos);
    EXPECT_EQ(m.up_line, 4);
    EXPECT_EQ(m.down_line, 6);
}

TEST(Migration, SectionTextKeepsFileLineNumbers) {
    auto m = parse_migration(kPath,
                             "-- migrate:up\nSELECT 1;\n\nSELECT 2;\n-- migrate:down\nSELECT 3;\n");
    // Line k of up_sql is line k of the file.
    int line = 1;
    std::size_t pos = 0;
    while (m.up_sql.compare(pos, 8, "SELECT 2") != 0) {
        if (m.up_sql[pos] == '\n') ++line;
        ++pos;
    }
    EXPECT_EQ(line, 4);
    line = 1;
    pos = m.down_sql->find("SELECT 3");
    for (std::size_t i = 0; i < pos; ++i) line += (*m.down_sql)[i] == '\n';
    EXPECT_EQ(line, 6);
}

TEST(Migration, NoTransactionDirectiveMakesItNonTransactional) {
    auto m = parse_migration(
        kPath, "-- migrate:no-transaction\n-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
    EXPECT_FALSE(m.transactional);
    EXPECT_FALSE(m.down_sql);
}

TEST(Migration, AnEmptyDownSectionIsANoOpDownAndOnlyAMissingOneIsNone) {
    auto m = parse_migration(kPath, "-- migrate:up\nSELECT 1;\n-- migrate:down\n-- nothing\n");
    ASSERT_TRUE(m.down_sql);
    EXPECT_EQ(m.down_line, 4);
    auto empty = parse_migration(kPath, "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
    EXPECT_TRUE(empty.down_sql);
    auto none = parse_migration(kPath, "-- migrate:up\nSELECT 1;\n");
    EXPECT_FALSE(none.down_sql);
}

TEST(Migration, ChecksumIgnoresLineEndingsAndBom) {
    const std::string lf = "-- migrate:up\nCREATE TABLE t (a int);\n";
    const std::string crlf = "-- migrate:up\r\nCREATE TABLE t (a int);\r\n";
    const std::string bom = "\xEF\xBB\xBF" + lf;
    EXPECT_EQ(migration_checksum(lf), migration_checksum(crlf));
    EXPECT_EQ(migration_checksum(lf), migration_checksum(bom));
    EXPECT_NE(migration_checksum(lf), migration_checksum(lf + "-- edit\n"));
    EXPECT_EQ(migration_checksum(lf).size(), 64U);
}

TEST(Migration, CrlfFileParsesLikeLf) {
    auto a =
        parse_migration(kPath, "-- migrate:up\r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n");
    auto b = parse_migration(kPath, "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
    EXPECT_EQ(a.up_sql, b.up_sql);
    EXPECT_EQ(a.down_sql, b.down_sql);
    EXPECT_EQ(a.checksum, b.checksum);
}

void expect_error(std::string_view content, std::string_view fragment) {
    try {
        (void)parse_migration(kPath, content);
        ADD_FAILURE() << "no error for: " << content;
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string_view(e.what()).find(fragment), std::string_view::npos) << e.what();
        EXPECT_NE(std::string_view(e.what()).find(kPath.string()), std::string_view::npos)
            << e.what();
    }
}

TEST(Migration, RejectsAnEmptyFile) {
    expect_error("  \n\n", "empty");
}
TEST(Migration, RejectsAFileWithoutUpMarker) {
    expect_error("CREATE TABLE t (a int);\n", ":1: SQL before");
}
TEST(Migration, RejectsCommentsOnlyWithoutUpMarker) {
    expect_error("-- just words\n", "no '-- migrate:up'");
}
TEST(Migration, RejectsDownBeforeUp) {
    expect_error("-- migrate:down\nSELECT 1;\n-- migrate:up\nSELECT 1;\n", ":1:");
}
TEST(Migration, RejectsAnUnknownDirective) {
    expect_error("-- migrate:upp\nSELECT 1;\n", "unknown directive");
}
TEST(Migration, RejectsAnEmptyUpSection) {
    expect_error("-- migrate:up\n-- migrate:down\nSELECT 1;\n", "no statements");
}
TEST(Migration, RejectsTwoUpMarkers) {
    expect_error("-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 1;\n", ":3:");
}
TEST(Migration, RejectsNoTransactionAfterUp) {
    expect_error("-- migrate:up\n-- migrate:no-transaction\nSELECT 1;\n", ":2:");
}
TEST(Migration, RejectsABadFileName) {
    EXPECT_THROW((void)parse_migration("db/migrations/users.sql", "-- migrate:up\nSELECT 1;\n"),
                 MigrationFileError);
}

}  // namespace
}  // namespace strata::migrate
