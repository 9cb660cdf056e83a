// The driver conformance suite on SQLite: a fresh database file per test.
#include <atomic>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "driver/conformance.hpp"

namespace strata::driver::testing {
namespace {

std::string fresh_sqlite_url() {
    static std::atomic<int> counter{0};
    const auto dir = std::filesystem::temp_directory_path() / "strata_sqlite_conformance";
    std::filesystem::create_directories(dir);
    const auto file =
        dir / ("db_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(file.string() + suffix);
    }
    return "sqlite:///" + file.string();  // absolute path: four slashes
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Sqlite, DriverConformance,
                         ::testing::Values(BackendUnderTest{"Sqlite", Backend::sqlite,
                                                            fresh_sqlite_url}),
                         backend_name);

TEST(DriverConformanceRegistration, SqliteFactoryOpensThatBackend) {
    EXPECT_EQ(Connection::open(fresh_sqlite_url()).backend(), Backend::sqlite);
}

}  // namespace strata::driver::testing
