// expect: a std::uint64_t query parameter cannot be bound: use std::int64_t or strata::Numeric
#include <cstdint>
#include "strata/driver/connection.hpp"
inline auto hits_since(strata::driver::Connection& conn, std::uint64_t hits) {
    return conn.query("SELECT id FROM counters WHERE hits > $1", hits);
}
