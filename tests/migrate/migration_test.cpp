// Tests of migration file parsing: sections, directives, checksums and bad input.
#include "strata/migrate/migration.hpp"

#include <gtest/gtest.h>

#include <memory>

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

TEST(Migration, SectionsStartAtTheLineAfterTheirMarker) {
    auto m = parse_migration(kPath,
                             "-- migrate:up\nSELECT 1;\n\nSELECT 2;\n-- migrate:down\nSELECT 3;\n");
    // Line k of up_sql is line up_line + k - 1 of the file.
    EXPECT_EQ(m.up_line, 2);
    EXPECT_EQ(m.up_sql, "SELECT 1;\n\nSELECT 2;\n");
    EXPECT_EQ(m.down_line, 6);
    ASSERT_TRUE(m.down_sql);
    EXPECT_EQ(*m.down_sql, "SELECT 3;\n");
    // A last line without a line break, and a marker on the last line.
    auto last = parse_migration(kPath, "-- migrate:up\nSELECT 1;\n-- migrate:down");
    EXPECT_EQ(last.up_sql, "SELECT 1;\n");
    ASSERT_TRUE(last.down_sql);
    EXPECT_EQ(*last.down_sql, "");
}

TEST(Migration, SectionsViewTheOneCopyOfTheFileThatEveryCopyShares) {
    const auto content = std::make_shared<const std::string>(
        "-- A table.\n-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;\n");
    const auto m = parse_migration(kPath, content);
    // The text read is the text kept: no copy of the file.
    EXPECT_EQ(m.source.get(), content.get());
    const auto inside = [&](std::string_view v) {
        return v.data() >= m.source->data() &&
               v.data() + v.size() <= m.source->data() + m.source->size();
    };
    EXPECT_TRUE(inside(m.up_sql));
    ASSERT_TRUE(m.down_sql);
    EXPECT_TRUE(inside(*m.down_sql));
    // A copy (a status entry's, the lint's) shares the text.
    const Migration copy = m;  // NOLINT(performance-unnecessary-copy-initialization)
    EXPECT_EQ(copy.source.get(), m.source.get());
    EXPECT_EQ(copy.up_sql.data(), m.up_sql.data());
    EXPECT_EQ(content.use_count(), 3);
    // CRLF and a byte-order mark: one normalised copy, the caller's text untouched.
    const auto crlf =
        std::make_shared<const std::string>("\xEF\xBB\xBF-- migrate:up\r\nSELECT 1;\r\n");
    const auto n = parse_migration(kPath, crlf);
    EXPECT_NE(n.source.get(), crlf.get());
    EXPECT_EQ(*n.source, "-- migrate:up\nSELECT 1;\n");
    EXPECT_EQ(n.up_sql, "SELECT 1;\n");
    EXPECT_EQ(n.up_sql.data(), n.source->data() + 14);
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
