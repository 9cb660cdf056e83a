// strata::driver alone: a SQLite connection in memory.
#include <cstdint>

#include <strata/driver/connection.hpp>

int main() {
    auto conn = strata::driver::Connection::open("sqlite::memory:");
    return conn.query("SELECT 40 + 2").scalar<std::int64_t>() == 42 ? 0 : 1;
}
