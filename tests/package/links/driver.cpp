// strata::driver alone: a SQLite connection in memory.
#include <cstdint>
#include "check.hpp"

#include <strata/driver/connection.hpp>

int main() {
    auto conn = strata::driver::Connection::open("sqlite::memory:");
    return PACKAGE_CHECK(conn.query("SELECT 40 + 2").scalar<std::int64_t>() == 42);
}
