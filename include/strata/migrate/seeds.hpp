// Seeds: db/seeds/*.sql run in name order inside one transaction; refused in production.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"

namespace strata::migrate {

struct SeedOptions {
    std::filesystem::path dir = "db/seeds";
    /// The configured environment ("development", "production", ...). Seeds refuse to run in
    /// "production" unless force_production is set.
    std::string environment = "development";
    bool force_production = false;
};

struct SeedResult {
    std::vector<std::string> files;  ///< file names run, in order
    std::chrono::milliseconds elapsed{0};
};

/// Thrown when seeding is refused because the environment is production.
class ProductionSeedRefused : public Error {
public:
    using Error::Error;
};

/// Runs every `*.sql` file of options.dir in name order inside one transaction: all of them
/// or none. A missing directory is an error; an empty one runs nothing. A failing statement is
/// reported as file:line with the server's message and rolls everything back.
SeedResult run_seeds(driver::Connection& conn, const SeedOptions& options);

}  // namespace strata::migrate
