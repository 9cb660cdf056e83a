// The migrator suite on a SQLite file per test.
#include "migrate/migrator_notx_suite.hpp"
#include "migrate/migrator_redo_suite.hpp"
#include "migrate/migrator_suite.hpp"
#include "migrate/migrator_tx_suite.hpp"

#include <fcntl.h>
#include <sys/file.h>

namespace strata::migrate::test {
namespace {

const bool kRegistered = [] {
    g_database_factory = [](const fs::path& dir) {
        return "sqlite:///" + (dir / "test.db").string();
    };
    return true;
}();

using MigratorSqlite = MigratorSuite;

TEST_F(MigratorSqlite, RecordsHistoryAsIsoUtcTextInTheDatabaseFile) {
    ASSERT_FALSE(pg());
    write("20240101000000_create_a.sql", "-- migrate:up\nCREATE TABLE a (id integer);\n");
    migrator().up();
    EXPECT_TRUE(std::filesystem::exists(dir_ / "test.db"));
    auto row = conn_->query("SELECT typeof(applied_at), applied_at FROM strata_migrations");
    ASSERT_EQ(row.size(), 1U);
    EXPECT_EQ(row[0].get<std::string>(0), "text");
    const auto at = row[0].get<std::string>(1);
    EXPECT_EQ(at.back(), 'Z') << at;
    EXPECT_EQ(at[10], 'T') << at;
}

TEST_F(MigratorSqlite, ANoTransactionMigrationWaitsForTheRunLockLikeTheOthers) {
    write("20240101000000_vacuum.sql", "-- migrate:no-transaction\n-- migrate:up\nVACUUM;\n");
    conn_->execute_script("CREATE TABLE keep (id integer)");  // the file exists
    const int fd = ::open((dir_ / "test.db").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);  // another strata run holds the lock
    auto o = options();
    o.lock_timeout = std::chrono::milliseconds(300);
    try {
        Migrator(o).up();
        ADD_FAILURE() << "ran while another run held the lock";
    } catch (const TimeoutError& e) {
        EXPECT_NE(std::string(e.what()).find("test.db"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(std::any_of(reports_.begin(), reports_.end(), [](const std::string& r) {
        return r.find("waiting for the migration lock") != std::string::npos;
    }));
    ::close(fd);
    EXPECT_EQ(migrator().up().steps.size(), 1U);
}

TEST_F(MigratorSqlite, ConcurrentRunnersRunANoTransactionMigrationExactlyOnce) {
    std::string body = "-- migrate:no-transaction\n-- migrate:up\nCREATE TABLE n (i integer);\n";
    for (int i = 0; i < 300; ++i) body += "INSERT INTO n VALUES (" + std::to_string(i) + ");\n";
    write("20240101000000_fill.sql", body);
    conn_.reset();
    std::vector<pid_t> children;
    for (int p = 0; p < 4; ++p) {
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int code = 0;
            try {
                auto o = options();
                o.report = {};
                Migrator(o).up();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "child %d: %s\n", p, e.what());
                code = 1;
            }
            _exit(code);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a runner failed";
    }
    conn_.emplace(driver::Connection::open(url_));
    EXPECT_EQ(count("n"), 300);
    auto history = migrator().history();
    ASSERT_EQ(history.size(), 1U);
    EXPECT_TRUE(history[0].complete);
}

}  // namespace
}  // namespace strata::migrate::test
