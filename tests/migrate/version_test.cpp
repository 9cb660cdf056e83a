// Tests of migration versions: other tools' integer and dotted versions, numeric order, and
// dbmate's section options.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "strata/migrate/errors.hpp"
#include "strata/migrate/migration.hpp"

namespace strata::migrate {
namespace {

TEST(MigrationVersion, AcceptsIntegerAndDottedVersions) {
    auto n = parse_file_name("1_create_users.sql");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "1");
    EXPECT_EQ(n->name, "create_users");
    n = parse_file_name("00042_add_index.sql");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "00042");  // kept exactly, leading zeros included
    n = parse_file_name("2.0.1_add_column.sql");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "2.0.1");
    EXPECT_EQ(n->name, "add_column");
    n = parse_file_name("20240101_create.sql");  // eight digits alone: an integer
    ASSERT_TRUE(n);
    EXPECT_EQ(n->version, "20240101");
}

TEST(MigrationVersion, RejectsMalformedVersions) {
    EXPECT_FALSE(parse_file_name("1._x.sql"));
    EXPECT_FALSE(parse_file_name(".1_x.sql"));
    EXPECT_FALSE(parse_file_name("1..2_x.sql"));
    EXPECT_FALSE(parse_file_name("1a_x.sql"));
    EXPECT_FALSE(parse_file_name("1_.sql"));
    EXPECT_FALSE(parse_file_name("_x.sql"));
    EXPECT_TRUE(is_version("7"));
    EXPECT_TRUE(is_version("20260411_0001"));
    EXPECT_TRUE(is_version("1.10"));
    EXPECT_FALSE(is_version("1_2"));
    EXPECT_FALSE(is_version(""));
    EXPECT_FALSE(is_version("v1"));
}

TEST(MigrationVersion, OrdersNumerically) {
    EXPECT_TRUE(compare_versions("2", "10") < 0);
    EXPECT_TRUE(compare_versions("10", "9") > 0);
    EXPECT_TRUE(compare_versions("001", "1") == 0);
    EXPECT_TRUE(compare_versions("1.2", "1.10") < 0);
    EXPECT_TRUE(compare_versions("1", "1.1") < 0);
    EXPECT_TRUE(compare_versions("1.9.9", "2") < 0);
    EXPECT_TRUE(compare_versions("999", "20240101120000") < 0);
    std::vector<std::string> v = {"10", "2", "1.1", "00003", "1"};
    std::sort(v.begin(), v.end(), VersionLess{});
    EXPECT_EQ(v, (std::vector<std::string>{"1", "1.1", "2", "00003", "10"}));
}

TEST(MigrationVersion, KeepsTheOrderOfStrataFormats) {
    // Timestamps by time; YYYYMMDD_NNNN after every timestamp of its day, before the next day.
    std::vector<std::string> v = {"20260412000000", "20260411_0002", "20260411235959",
                                  "20260411_0001",  "20260410_0009", "20260411000000"};
    std::vector<std::string> text_order = v;
    std::sort(text_order.begin(), text_order.end());
    std::sort(v.begin(), v.end(), VersionLess{});
    EXPECT_EQ(v, text_order);
}

const std::filesystem::path kDbmatePath = "db/migrations/20240101120000_add_index.sql";

TEST(MigrationDirective, DbmateTransactionFalseOnUp) {
    auto m = parse_migration(kDbmatePath,
                             "-- migrate:up transaction:false\n"
                             "CREATE INDEX CONCURRENTLY i ON t (a);\n"
                             "-- migrate:down\n"
                             "DROP INDEX CONCURRENTLY i;\n");
    EXPECT_FALSE(m.transactional);
    ASSERT_TRUE(m.down_sql);
    EXPECT_EQ(m.up_line, 2);
}

TEST(MigrationDirective, DbmateTransactionFalseOnDownAloneAlsoCounts) {
    auto m = parse_migration(kDbmatePath,
                             "-- migrate:up\nSELECT 1;\n"
                             "-- migrate:down transaction:false\nSELECT 2;\n");
    EXPECT_FALSE(m.transactional);
}

TEST(MigrationDirective, DbmateTransactionTrueIsTheDefault) {
    auto m = parse_migration(kDbmatePath, "-- migrate:up transaction:true\nSELECT 1;\n");
    EXPECT_TRUE(m.transactional);
}

TEST(MigrationDirective, UnknownOptionNamesFileAndLine) {
    try {
        (void)parse_migration(kDbmatePath,
                              "-- a header\n-- migrate:up transaction:maybe\nSELECT 1;\n");
        FAIL() << "expected MigrationFileError";
    } catch (const MigrationFileError& e) {
        EXPECT_EQ(e.line(), 2);
        EXPECT_NE(std::string(e.what()).find("20240101120000_add_index.sql:2"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("transaction:maybe"), std::string::npos);
    }
    EXPECT_THROW((void)parse_migration(kDbmatePath,
                                       "-- migrate:no-transaction yes\n-- migrate:up\nSELECT 1;\n"),
                 MigrationFileError);
}

}  // namespace
}  // namespace strata::migrate
