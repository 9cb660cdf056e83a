// Shared helpers for the PostgreSQL driver tests: a connection to a fresh database.
#pragma once

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace strata::driver::pgtest {

inline Connection connect_fresh(bool prepare = true, std::size_t cache = 256) {
    ConnectOptions options;
    options.url = strata::testing::fresh_database_url("driver");
    options.prepare = prepare;
    options.statement_cache_size = cache;
    return Connection::open(options);
}

/// Named server-side prepared statements on this session (pg_prepared_statements).
inline std::int64_t server_prepared(Connection& c) {
    return c
        .execute("SELECT count(*) FROM pg_prepared_statements", {},
                 {.timeout = {}, .prepare = false})
        .scalar<std::int64_t>();
}

}  // namespace strata::driver::pgtest
