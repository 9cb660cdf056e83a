// Tests of loading a migrations directory: order, duplicates and unusable directories/files.
#include "strata/migrate/migration_set.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "strata/migrate/errors.hpp"
#include "strata/migrate/status.hpp"

namespace strata::migrate {
namespace {

namespace fs = std::filesystem;

class MigrationSetTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("strata-mset-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const std::string& name, const std::string& content) {
        std::ofstream(dir_ / name, std::ios::binary) << content;
    }
    fs::path dir_;
};

TEST_F(MigrationSetTest, LoadsFilesInVersionOrderAndIgnoresOthers) {
    write("20240102000000_second.sql", "-- migrate:up\nSELECT 2;\n");
    write("20240101000000_first.sql", "-- migrate:up\nSELECT 1;\n");
    write("README.md", "not a migration");
    write(".20240103000000_hidden.sql", "garbage");
    auto set = MigrationSet::load(dir_);
    ASSERT_EQ(set.size(), 2U);
    EXPECT_EQ(set.migrations()[0].name, "first");
    EXPECT_EQ(set.migrations()[1].name, "second");
    ASSERT_NE(set.find("20240102000000"), nullptr);
    EXPECT_EQ(set.find("20240102000000")->name, "second");
    EXPECT_EQ(set.find("20240109000000"), nullptr);
}

TEST_F(MigrationSetTest, RejectsDuplicateVersionsNamingBothFiles) {
    write("20240101000000_a.sql", "-- migrate:up\nSELECT 1;\n");
    write("20240101000000_b.sql", "-- migrate:up\nSELECT 2;\n");
    try {
        (void)MigrationSet::load(dir_);
        FAIL();
    } catch (const MigrationFileError& e) {
        std::string what = e.what();
        EXPECT_NE(what.find("duplicate version 20240101000000"), std::string::npos) << what;
        EXPECT_NE(what.find("_a.sql"), std::string::npos) << what;
        EXPECT_NE(what.find("_b.sql"), std::string::npos) << what;
    }
}

TEST_F(MigrationSetTest, AFileIsHeldOnceAndTheStatusEntriesShareItInsteadOfCopyingIt) {
    std::string text = "-- A long one.\n-- migrate:up\n";
    while (text.size() < 100'000) text += "INSERT INTO t VALUES (1, 'some filler text');\n";
    text += "-- migrate:down\nDELETE FROM t;\n";
    write("20240101000000_long.sql", text);
    const auto set = MigrationSet::load(dir_);
    ASSERT_EQ(set.size(), 1U);
    const Migration& m = set.migrations().front();
    ASSERT_TRUE(m.source);
    EXPECT_EQ(*m.source, text);  // one buffer: the file as read (it needs no normalising)
    EXPECT_EQ(m.up_sql.data(), m.source->data() + text.find("INSERT"));
    const auto report = compute_status(set, {});
    ASSERT_EQ(report.entries.size(), 1U);
    const auto& entry = report.entries.front();
    ASSERT_TRUE(entry.file);
    // The entry's migration refers to the set's text: same buffer, same section views.
    EXPECT_EQ(entry.file->source.get(), m.source.get());
    EXPECT_EQ(entry.file->up_sql.data(), m.up_sql.data());
    ASSERT_TRUE(entry.file->down_sql);
    EXPECT_EQ(entry.file->down_sql->data(), m.down_sql->data());
    EXPECT_EQ(m.source.use_count(), 2);
}

TEST_F(MigrationSetTest, RejectsAMissingDirectory) {
    EXPECT_THROW((void)MigrationSet::load(dir_ / "nope"), MigrationFileError);
}

TEST_F(MigrationSetTest, RejectsASqlFileWithABadName) {
    write("create_users.sql", "-- migrate:up\nSELECT 1;\n");
    EXPECT_THROW((void)MigrationSet::load(dir_), MigrationFileError);
}

TEST_F(MigrationSetTest, RejectsAnUnreadableFile) {
    fs::create_symlink(dir_ / "does-not-exist", dir_ / "20240101000000_dangling.sql");
    try {
        (void)MigrationSet::load(dir_);
        FAIL();
    } catch (const MigrationFileError& e) {
        EXPECT_NE(std::string(e.what()).find("20240101000000_dangling.sql"), std::string::npos);
    }
}

TEST_F(MigrationSetTest, FingerprintChangesWithAnyFile) {
    write("20240101000000_a.sql", "-- migrate:up\nSELECT 1;\n");
    auto before = MigrationSet::load(dir_).fingerprint();
    EXPECT_EQ(before, MigrationSet::load(dir_).fingerprint());
    write("20240101000000_a.sql", "-- migrate:up\nSELECT 2;\n");
    EXPECT_NE(before, MigrationSet::load(dir_).fingerprint());
}

}  // namespace
}  // namespace strata::migrate
