// Helpers for the SQLite-specific tests: unique temporary database files.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace strata::driver::testing {

/// A unique path for a database file in a per-process temporary directory (removed leftovers).
inline std::filesystem::path temp_db_path(const std::string& stem = "db") {
    static std::atomic<int> counter{0};
    const auto dir =
        std::filesystem::temp_directory_path() / ("strata_sqlite_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto file = dir / (stem + "_" + std::to_string(counter++) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    return file;
}

/// sqlite:////abs/path.db for a fresh file.
inline std::string temp_db_url(const std::string& stem = "db") {
    return "sqlite:///" + temp_db_path(stem).string();
}

}  // namespace strata::driver::testing
