// Join fetch and RelatedLoader on SQLite (a fresh file per test, removed at exit).
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "orm/related_rows_suite.hpp"
#include "strata/driver/connection.hpp"

namespace strata::orm::test {
namespace {

const bool kRelatedRowsOnSqlite = [] {
    g_related_rows_url = [] {
        /// This process's SQLite files for the related-rows suite, removed at exit.
        struct RelatedRowsScratch {
            std::filesystem::path path = std::filesystem::temp_directory_path() /
                                         ("strata_orm_related_" + std::to_string(::getpid()));
            RelatedRowsScratch() { std::filesystem::create_directories(path); }
            ~RelatedRowsScratch() {
                std::error_code ec;
                std::filesystem::remove_all(path, ec);
            }
        };
        static RelatedRowsScratch dir;
        static std::atomic<int> n{0};
        return "sqlite:///" + (dir.path / ("r" + std::to_string(n++) + ".db")).string();
    };
    return true;
}();

// The suite runs on this backend: the registration above is what points it there.
TEST(RelatedRowsSuiteRegistration, RunsOnSqlite) {
    ASSERT_TRUE(g_related_rows_url);
    auto conn = driver::Connection::open(g_related_rows_url());
    EXPECT_EQ(conn.backend(), driver::Backend::sqlite);
}

}  // namespace
}  // namespace strata::orm::test
