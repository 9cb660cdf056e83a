// SQLite URL forms: relative and absolute files, :memory:, ?mode=ro|rw, and open failures.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "driver/sqlite_test_support.hpp"
#include "strata/driver/connection.hpp"

namespace strata::driver::testing {
namespace {

/// Runs the test body with the current directory switched to a fresh temporary directory.
class SqliteUrl : public ::testing::Test {
protected:
    void SetUp() override {
        previous_ = std::filesystem::current_path();
        dir_ = temp_db_path("cwd");
        std::filesystem::create_directories(dir_);
        std::filesystem::current_path(dir_);
    }
    void TearDown() override { std::filesystem::current_path(previous_); }

    std::filesystem::path previous_;
    std::filesystem::path dir_;
};

TEST_F(SqliteUrl, ThreeSlashesMeanAPathRelativeToTheWorkingDirectory) {
    {
        auto conn = Connection::open("sqlite:///relative.db");
        EXPECT_EQ(conn.backend(), Backend::sqlite);
        conn.execute_script("CREATE TABLE t (id INTEGER)");
    }
    EXPECT_TRUE(std::filesystem::exists(dir_ / "relative.db"));
}

TEST_F(SqliteUrl, FourSlashesMeanAnAbsolutePath) {
    const auto file = temp_db_path("absolute");
    {
        auto conn = Connection::open("sqlite:///" + file.string());
        conn.execute_script("CREATE TABLE t (id INTEGER)");
    }
    EXPECT_TRUE(std::filesystem::exists(file));
    EXPECT_FALSE(std::filesystem::exists(dir_ / file.filename()));
}

TEST_F(SqliteUrl, MemoryDatabasesAreSeparatePerConnection) {
    auto a = Connection::open("sqlite::memory:");
    auto b = Connection::open("sqlite::memory:");
    a.execute_script("CREATE TABLE t (id INTEGER)");
    EXPECT_THROW(b.execute("SELECT * FROM t"), UndefinedTable);
    EXPECT_EQ(a.redacted_url(), "sqlite::memory:");
}

TEST_F(SqliteUrl, ReadOnlyModeRefusesWrites) {
    const auto file = temp_db_path("ro");
    Connection::open("sqlite:///" + file.string()).execute_script("CREATE TABLE t (id INTEGER)");
    auto conn = Connection::open("sqlite:///" + file.string() + "?mode=ro");
    EXPECT_EQ(conn.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
    try {
        conn.execute("INSERT INTO t (id) VALUES (1)");
        ADD_FAILURE() << "a read-only connection accepted a write";
    } catch (const SqlError& e) {
        EXPECT_EQ(e.sqlstate(), "25006");
    }
}

TEST_F(SqliteUrl, ReadWriteModeDoesNotCreateAMissingFile) {
    EXPECT_THROW(Connection::open("sqlite:///missing.db?mode=rw"), ConnectionError);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "missing.db"));
}

TEST_F(SqliteUrl, TheReadOnlyOptionDoesNotCreateAMissingFileAndSaysSo) {
    ConnectOptions options;
    options.url = "sqlite:///never-created.db";
    options.read_only = true;
    try {
        (void)Connection::open(options);
        ADD_FAILURE() << "opened a missing file read-only";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("the file 'never-created.db' does not exist"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir_ / "never-created.db"));
}

TEST_F(SqliteUrl, TheReadOnlyOptionReadsAnExistingFileAndRefusesWrites) {
    Connection::open("sqlite:///existing.db").execute_script("CREATE TABLE t (id INTEGER)");
    ConnectOptions options;
    options.url = "sqlite:///existing.db";
    options.read_only = true;
    auto conn = Connection::open(options);
    EXPECT_EQ(conn.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
    EXPECT_THROW(conn.execute("INSERT INTO t (id) VALUES (1)"), SqlError);
}

TEST_F(SqliteUrl, TheReadOnlyOptionIsIgnoredForMemoryDatabases) {
    ConnectOptions options;
    options.url = "sqlite::memory:";
    options.read_only = true;
    auto conn = Connection::open(options);
    conn.execute_script("CREATE TABLE t (id INTEGER)");
    EXPECT_EQ(conn.execute("SELECT count(*) FROM t").scalar<std::int64_t>(), 0);
}

TEST_F(SqliteUrl, UnknownOptionIsAUsageError) {
    try {
        (void)Connection::open("sqlite:///x.db?cache=shared");
        ADD_FAILURE() << "accepted an unknown option";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("cache"), std::string::npos) << e.what();
    }
}

TEST_F(SqliteUrl, AnUnopenablePathIsAConnectionErrorNamingIt) {
    try {
        (void)Connection::open("sqlite:////nonexistent-dir/sub/x.db");
        ADD_FAILURE() << "opened a file in a missing directory";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/sub/x.db"), std::string::npos)
            << e.what();
    }
}

TEST_F(SqliteUrl, AFileThatIsNotADatabaseIsAConnectionError) {
    const auto file = dir_ / "not_a_db.db";
    std::FILE* f = std::fopen(file.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a database file, just some text that is long enough", f);
    std::fclose(f);
    EXPECT_THROW(Connection::open("sqlite:///not_a_db.db"), ConnectionError);
}

}  // namespace
}  // namespace strata::driver::testing
