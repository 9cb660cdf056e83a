// The repository, key, upsert, fixed-width and injection suites on SQLite (a fresh file per test).
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "orm/fixed_width_suite.hpp"
#include "orm/injection_suite.hpp"
#include "orm/key_suite.hpp"
#include "orm/repository_suite.hpp"
#include "orm/upsert_suite.hpp"
#include "strata/driver/connection.hpp"

namespace strata::orm::test {
namespace {

const bool kRegistered = [] {
    g_fresh_url = [] {
        /// This process's SQLite files, removed at exit.
        struct ScratchDir {
            std::filesystem::path path = std::filesystem::temp_directory_path() /
                                         ("strata_orm_" + std::to_string(::getpid()));
            ScratchDir() { std::filesystem::create_directories(path); }
            ~ScratchDir() {
                std::error_code ec;
                std::filesystem::remove_all(path, ec);
            }
        };
        static ScratchDir dir;
        static std::atomic<int> n{0};
        auto file = dir.path / ("t" + std::to_string(n++) + ".db");
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(file.string() + suffix);
        return "sqlite:///" + file.string();
    };
    return true;
}();

TEST(RepositorySuiteRegistration, RunsOnSqlite) {
    ASSERT_TRUE(g_fresh_url);
    auto conn = driver::Connection::open(g_fresh_url());
    EXPECT_EQ(conn.backend(), driver::Backend::sqlite);
}

}  // namespace
}  // namespace strata::orm::test
