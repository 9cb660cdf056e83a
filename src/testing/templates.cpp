// Template databases: keyed by the migrations' hash, built once under an advisory lock.
#include "strata/testing/templates.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/quote.hpp"
#include "strata/driver/connection.hpp"
#include "strata/migrate/errors.hpp"
#include "strata/migrate/migration.hpp"
#include "strata/migrate/migration_set.hpp"
#include "strata/migrate/migrator.hpp"
#include "strata/migrate/seeds.hpp"
#include "strata/version.hpp"
#include "testing/admin_pool.hpp"
#include "testing/sqlite_files.hpp"
#include "testing/template_build.hpp"
#include "testing/template_names.hpp"

namespace fs = std::filesystem;

namespace strata::testing {
namespace {

using ::strata::quote_identifier;

fs::path from_env_or(const fs::path& configured, const char* var, const char* fallback) {
    if (!configured.empty()) return configured;
    const char* env = std::getenv(var);
    return env != nullptr && *env != '\0' ? fs::path(env) : fs::path(fallback);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(fmt::format("cannot read seed file {}", path.string()));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Templates whose last use this process already recorded (one comment update per process).
struct Touched {
    std::mutex mutex;
    std::set<std::string> names;
};
Touched& touched() {
    static Touched* t = new Touched();
    return *t;
}

std::string comment_for(const std::string& fingerprint, const fs::path& migrations_dir) {
    return fmt::format("strata template fingerprint={} last_used={} migrations={}", fingerprint,
                       std::time(nullptr), migrations_dir.string());
}

void set_comment(detail::AdminConnection& conn, const std::string& name,
                 const std::string& comment) {
    std::string literal = "'";
    for (char c : comment) literal += c == '\'' ? std::string("''") : std::string(1, c);
    literal += "'";
    conn.exec(fmt::format("COMMENT ON DATABASE {} IS {}", quote_identifier(name), literal));
}

void touch(detail::AdminConnection& conn, const std::string& name, const std::string& fingerprint,
           const fs::path& migrations_dir) {
    if (!detail::first_use_in_process(name)) return;
    set_comment(conn, name, comment_for(fingerprint, migrations_dir));
}

/// "t" when name is a finished template, "f" when it exists unfinished, "" when absent.
std::string template_state(detail::AdminConnection& conn, const std::string& name) {
    return conn
        .query_value(
            fmt::format("SELECT CASE WHEN datistemplate THEN 't' ELSE 'f' END FROM pg_database "
                        "WHERE datname = '{}'",
                        name))
        .value_or("");
}

void build(detail::AdminConnection& conn, const TestDatabaseOptions& options,
           const std::string& admin_url, const std::string& name) {
    const std::string building = name + "_building";
    if (!template_state(conn, building).empty()) {
        log::info("strata::testing: dropping {} left by a builder that did not finish", building);
        conn.exec(fmt::format("DROP DATABASE {} WITH (FORCE)", quote_identifier(building)));
    }
    conn.exec(fmt::format("CREATE DATABASE {} TEMPLATE template0", quote_identifier(building)));
    try {
        detail::migrate_and_seed(detail::rewrite_url(admin_url, building), options, name);
    } catch (...) {
        conn.exec(
            fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(building)));
        throw;
    }
    // Nobody may be connected for RENAME; the migrator's connections are closed, but be sure.
    conn.exec(fmt::format(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'", building));
    conn.exec("BEGIN");
    try {
        conn.exec(fmt::format("ALTER DATABASE {} RENAME TO {}", quote_identifier(building),
                              quote_identifier(name)));
        conn.exec(fmt::format("ALTER DATABASE {} IS_TEMPLATE true ALLOW_CONNECTIONS false",
                              quote_identifier(name)));
        conn.exec("COMMIT");
    } catch (...) {
        try {
            conn.exec("ROLLBACK");
            conn.exec(
                fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(building)));
        } catch (...) {}
        throw;
    }
}

/// A cheap stamp of a directory: every entry's name, size and mtime.
std::string dir_stamp(const fs::path& dir) {
    std::string stamp = dir.string() + '\n';
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
        std::error_code e2;
        auto size = it->file_size(e2);
        auto mtime = it->last_write_time(e2).time_since_epoch().count();
        stamp += fmt::format("{}|{}|{}\n", it->path().filename().string(), size, mtime);
    }
    return stamp;
}

/// Fingerprints by directory stamps: loading and hashing 100 migrations per test would cost
/// more than the clone.
struct FingerprintCache {
    std::mutex mutex;
    std::map<std::string, std::string> by_stamp;
};
FingerprintCache& fingerprint_cache() {
    static FingerprintCache* c = new FingerprintCache();
    return *c;
}

std::string compute_fingerprint(const TestDatabaseOptions& options);

}  // namespace

namespace detail {

bool first_use_in_process(const std::string& key) {
    auto& t = touched();
    std::scoped_lock lock(t.mutex);
    return t.names.insert(key).second;
}

fs::path resolved_migrations_dir(const TestDatabaseOptions& options) {
    return from_env_or(options.migrations_dir, "STRATA_TEST_MIGRATIONS_DIR", "db/migrations");
}

fs::path resolved_seeds_dir(const TestDatabaseOptions& options) {
    return from_env_or(options.seeds_dir, "STRATA_TEST_SEEDS_DIR", "db/seeds");
}

void migrate_and_seed(const std::string& url, const TestDatabaseOptions& options,
                      const std::string& template_name) {
    const auto migrations_dir = resolved_migrations_dir(options);
    try {
        migrate::MigratorOptions mo;
        mo.url = url;
        mo.migrations_dir = migrations_dir;
        mo.actor = "strata::testing";
        mo.report = [](const std::string& line) { log::debug("strata::testing: {}", line); };
        mo.warn = [](const std::string& line) { log::warn("strata::testing: {}", line); };
        {
            migrate::Migrator migrator(mo);
            migrator.up();
        }
        if (options.seed) {
            auto db = driver::Connection::open(url);
            migrate::SeedOptions so;
            so.dir = resolved_seeds_dir(options);
            so.environment = "test";
            (void)migrate::run_seeds(db, so);
        }
    } catch (const migrate::MigrationFailed& e) {
        throw migrate::MigrationFailed(
            fmt::format("building test template {} from {}: {}", template_name,
                        migrations_dir.string(), e.what()),
            e.version(), e.line());
    }
}

}  // namespace detail

std::string template_fingerprint(const TestDatabaseOptions& options) {
    const auto migrations_dir = detail::resolved_migrations_dir(options);
    std::string stamp = dir_stamp(migrations_dir);
    if (options.seed) {
        stamp += "seeds\n" +
                 dir_stamp(from_env_or(options.seeds_dir, "STRATA_TEST_SEEDS_DIR", "db/seeds"));
    }
    auto& cache = fingerprint_cache();
    {
        std::scoped_lock lock(cache.mutex);
        if (auto it = cache.by_stamp.find(stamp); it != cache.by_stamp.end()) return it->second;
    }
    auto fingerprint = compute_fingerprint(options);
    std::scoped_lock lock(cache.mutex);
    cache.by_stamp[stamp] = fingerprint;
    return fingerprint;
}

namespace {

std::string compute_fingerprint(const TestDatabaseOptions& options) {
    const auto migrations_dir =
        from_env_or(options.migrations_dir, "STRATA_TEST_MIGRATIONS_DIR", "db/migrations");
    std::string key =
        fmt::format("strata-testing-template v1\nstrata {}\nmigrations {}\n", kVersion,
                    migrate::MigrationSet::load(migrations_dir).fingerprint());
    if (options.seed) {
        const auto seeds_dir = from_env_or(options.seeds_dir, "STRATA_TEST_SEEDS_DIR", "db/seeds");
        std::vector<fs::path> files;
        std::error_code ec;
        for (auto it = fs::directory_iterator(seeds_dir, ec); !ec && it != fs::end(it);
             it.increment(ec)) {
            if (it->path().extension() == ".sql") files.push_back(it->path());
        }
        if (ec) {
            throw UsageError(fmt::format("cannot read seeds directory {}: {}", seeds_dir.string(),
                                         ec.message()));
        }
        std::sort(files.begin(), files.end());
        key += "seeds\n";
        for (const auto& f : files) {
            key += f.filename().string() + '\0' + migrate::migration_checksum(read_file(f)) + '\n';
        }
    }
    return migrate::migration_checksum(key);
}

}  // namespace

std::string maintenance_url(const std::string& url) {
    if (detail::is_sqlite_url(url)) return url;  // the test databases go beside the file
    return detail::rewrite_url(url, "postgres");
}

TemplateInfo ensure_template(const TestDatabaseOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const auto migrations_dir = detail::resolved_migrations_dir(options);
    TemplateInfo info;
    info.fingerprint = template_fingerprint(options);
    info.name = detail::template_name(info.fingerprint);
    const std::string admin_url = detail::resolve_admin_url(options.admin_url);
    if (detail::is_sqlite_url(admin_url)) {
        detail::ensure_sqlite_template(options, admin_url, info);
        info.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        return info;
    }

    auto conn = detail::admin_lease(admin_url);
    if (template_state(*conn, info.name) != "t") {
        const auto key = detail::template_lock_key(info.name);
        conn->exec(fmt::format("SELECT pg_advisory_lock({})", key));
        try {
            auto state = template_state(*conn, info.name);
            if (state == "f") {  // renamed but never marked: treat as half-built
                conn->exec(
                    fmt::format("DROP DATABASE {} WITH (FORCE)", quote_identifier(info.name)));
            }
            if (state != "t") {
                log::info("strata::testing: building template {} from {}", info.name,
                          migrations_dir.string());
                build(*conn, options, admin_url, info.name);
                info.built = true;
                set_comment(*conn, info.name, comment_for(info.fingerprint, migrations_dir));
                (void)detail::first_use_in_process(info.name);
            }
            conn->exec(fmt::format("SELECT pg_advisory_unlock({})", key));
        } catch (...) {
            conn.discard();  // closing the session releases the lock
            throw;
        }
    }
    if (!info.built) touch(*conn, info.name, info.fingerprint, migrations_dir);
    info.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (info.built) {
        try {
            GcOptions gc;
            gc.admin_url = admin_url;
            gc.reap_clusters = false;
            gc.clones = false;
            gc.keep_templates = 5;
            (void)collect_garbage(gc);
        } catch (const Error& e) {
            log::debug("strata::testing: template garbage collection failed: {}", e.what());
        }
    }
    return info;
}

}  // namespace strata::testing
