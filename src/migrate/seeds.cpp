// Running seed files in one transaction, guarded against production.
#include "strata/migrate/seeds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "plan.hpp"
#include "source_file.hpp"
#include "strata/migrate/errors.hpp"

namespace strata::migrate {

namespace fs = std::filesystem;

SeedResult run_seeds(driver::Connection& conn, const SeedOptions& options) {
    if (options.environment == "production" && !options.force_production) {
        throw ProductionSeedRefused(
            "refusing to seed: the environment is production (STRATA_ENV or `environment` in "
            "strata.toml). Seeds are for development and tests; pass --force-production-seed if "
            "you "
            "really mean it");
    }
    std::error_code ec;
    if (!fs::is_directory(options.dir, ec)) {
        throw MigrationFileError(options.dir, 0,
                                 "the seeds directory does not exist (run `strata init`)");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(options.dir)) {
        auto name = entry.path().filename().string();
        if (!name.empty() && name.front() != '.' && entry.path().extension() == ".sql") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    // Parse everything before running anything: a malformed file changes nothing.
    std::vector<PreparedStep> steps;
    std::vector<Migration> seeds;
    seeds.reserve(files.size());
    for (const auto& path : files) {
        Migration m;
        m.path = path;
        m.name = path.filename().string();
        m.source = std::make_shared<const std::string>(read_source_file(path));
        m.up_sql = *m.source;
        if (m.up_sql.starts_with("\xEF\xBB\xBF")) m.up_sql.remove_prefix(3);
        m.up_line = 1;
        seeds.push_back(std::move(m));
    }
    const auto start = std::chrono::steady_clock::now();
    SeedResult result;
    steps.reserve(seeds.size());
    for (const auto& m : seeds) {
        steps.push_back(
            prepare_step(m, Direction::up, conn.backend(), conn.server_version(), true));
    }
    conn.execute_script(conn.backend() == driver::Backend::postgres ? "BEGIN" : "BEGIN IMMEDIATE");
    try {
        for (const auto& step : steps) {
            for (std::size_t i = 0; i < step.statements.size(); ++i) {
                try {
                    conn.execute_script(step.statements[i].sql);
                } catch (const SqlError& e) {
                    int line = step.statements[i].line;
                    if (e.info().position)
                        line = line_of_position(step.statements[i], *e.info().position);
                    throw MigrationFailed(
                        fmt::format("{}:{}: seed statement failed: {} (SQLSTATE {}); no seed was "
                                    "applied",
                                    step.migration->path.string(), line, e.server_message(),
                                    e.sqlstate()),
                        step.migration->name, line);
                }
            }
            result.files.push_back(step.migration->name);
        }
        conn.execute_script("COMMIT");
    } catch (...) {
        if (!conn.is_broken()) {
            try {
                conn.execute_script("ROLLBACK");
            } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the first error wins
            }
        }
        throw;
    }
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return result;
}

}  // namespace strata::migrate
