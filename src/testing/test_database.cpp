// TestDatabase: a per-test clone of a template, dropped on success, kept and printed on failure.
#include "strata/testing/test_database.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/quote.hpp"
#include "strata/core/url.hpp"
#include "strata/sql/quote.hpp"
#include "strata/testing/server.hpp"
#include "testing/admin_pool.hpp"
#include "testing/cluster_dirs.hpp"
#include "testing/ready_pool.hpp"
#include "testing/sqlite_files.hpp"
#include "testing/template_names.hpp"

namespace strata::testing {

struct TestDatabase::State {
    std::string name;
    std::string url;
    std::string template_name;
    std::string admin_url;
    bool own_server = false;       ///< Server::instance() (admin_url was not given)
    bool background_drop = false;  ///< the destructor leaves the drop to the refill threads
    /// A ready clone with reuse on: the destructor hands it back to be reused when unchanged.
    std::optional<detail::ReadyRequest> request;
    std::optional<detail::CloneState> baseline;
    bool kept = false;
    bool dropped = false;
    std::optional<session::Database> database;
};

namespace {

/// Creates a clone of info's template named name; returns its URL.
std::string clone(const TestDatabaseOptions& options, const std::string& admin_url,
                  const std::string& tpl, const std::string& name) {
    if (detail::is_sqlite_url(admin_url)) return detail::copy_sqlite_template(admin_url, tpl, name);
    auto conn = detail::admin_lease(admin_url);
    conn->exec(detail::create_from_template_sql(name, tpl, options.admin_url));
    return detail::rewrite_url(admin_url, name);
}

void drop_now(const std::string& admin_url, const std::string& name) {
    if (detail::is_sqlite_url(admin_url)) {
        (void)detail::remove_sqlite_database(
            detail::sqlite_file(detail::sqlite_test_dir(admin_url), name));
        return;
    }
    auto conn = detail::admin_lease(admin_url);
    detail::drop_database_quickly(*conn, name);
}

/// What a template is made from, as the ready pool keys it: a new template for the same source
/// makes the ready clones of the old one outdated.
std::string ready_pool_source(const TestDatabaseOptions& options) {
    auto dir_or_env = [](const std::filesystem::path& dir, const char* var) {
        const char* env = std::getenv(var);
        return !dir.empty() ? dir.string() : env != nullptr ? std::string(env) : std::string();
    };
    return fmt::format("{}|{}|{}", dir_or_env(options.migrations_dir, "STRATA_TEST_MIGRATIONS_DIR"),
                       options.seed ? 1 : 0,
                       options.seed ? dir_or_env(options.seeds_dir, "STRATA_TEST_SEEDS_DIR") : "");
}

}  // namespace

TestDatabase::TestDatabase(std::unique_ptr<State> state) : state_(std::move(state)) {}
TestDatabase::TestDatabase(TestDatabase&& other) noexcept = default;

TestDatabase& TestDatabase::operator=(TestDatabase&& other) noexcept {
    if (this != &other) {
        TestDatabase old(std::move(*this));
        state_ = std::move(other.state_);
    }
    return *this;
}

TestDatabase::~TestDatabase() {
    if (!state_ || state_->kept || state_->dropped) return;
    if (state_->background_drop) {
        auto& request = state_->request;
        auto& baseline = state_->baseline;
        auto& database = state_->database;
        if (request && baseline && database) {
            detail::recycle_in_background(*request, std::move(state_->name), std::move(state_->url),
                                          std::move(*baseline), std::move(*database));
        } else {
            state_->database.reset();  // closes the pool; the refill thread waits for backends
            detail::drop_in_background(state_->admin_url, state_->name);
        }
        return;
    }
    try {
        drop();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "strata::testing: could not drop test database %s: %s\n",
                     state_->name.c_str(), e.what());
    }
}

const std::string& TestDatabase::url() const {
    return state_->url;
}
const std::string& TestDatabase::name() const {
    return state_->name;
}
const std::string& TestDatabase::template_name() const {
    return state_->template_name;
}
session::Database& TestDatabase::database() {
    auto& db = state_->database;
    if (!db) {
        throw std::logic_error(
            fmt::format("strata::testing: test database {} was dropped", state_->name));
    }
    return *db;
}
bool TestDatabase::kept() const {
    return state_->kept;
}

void TestDatabase::keep(std::string_view why) {
    if (state_->kept) return;
    state_->kept = true;
    if (state_->own_server && Server::instance().is_private()) detail::keep_cluster_at_exit();
    std::fprintf(stderr, "strata::testing: kept test database %s%s%s: %s\n", state_->name.c_str(),
                 why.empty() ? "" : " (", why.empty() ? "" : fmt::format("{})", why).c_str(),
                 log::redact(state_->url).c_str());
}

void TestDatabase::drop() {
    if (state_->dropped) return;
    state_->database.reset();  // closes the pool unless the test kept a copy (FORCE handles it)
    drop_now(state_->admin_url, state_->name);
    state_->dropped = true;
}

TestDatabase migrated_database(const TestDatabaseOptions& options) {
    auto info = ensure_template(options);
    auto state = std::make_unique<TestDatabase::State>();
    state->admin_url = detail::resolve_admin_url(options.admin_url);
    state->own_server = options.admin_url.empty();
    state->template_name = info.name;
    detail::ReadyRequest request{.admin_url = state->admin_url,
                                 .configured_admin_url = options.admin_url,
                                 .template_name = info.name,
                                 .source = ready_pool_source(options),
                                 .pool = options.pool,
                                 .target = detail::is_sqlite_url(state->admin_url)
                                               ? 0  // copying a file is cheap enough
                                               : detail::ready_clone_target(options.ready_clones),
                                 .reuse = detail::clone_reuse_enabled(options.reuse_unchanged)};
    state->background_drop = request.target > 0;
    if (auto ready = detail::take_ready_clone(request)) {
        state->name = std::move(ready->name);
        state->url = std::move(ready->url);
        state->database.emplace(std::move(ready->database));
        if (ready->baseline) {
            state->baseline = std::move(ready->baseline);
            state->request = std::move(request);
        }
        return TestDatabase(std::move(state));
    }
    state->name = detail::next_clone_name();
    state->url = clone(options, state->admin_url, info.name, state->name);
    TestDatabase tdb(std::move(state));  // from here on the destructor drops it
    session::DatabaseOptions dbo;
    dbo.name = tdb.state_->name;
    dbo.url = tdb.state_->url;
    dbo.pool = options.pool;
    dbo.application_name = "strata-test";
    auto& db = tdb.state_->database.emplace(session::Database::open(dbo));
    { auto lease = db.acquire(); }              // connect now: ready, or fail here
    if (request.target > 0 && request.reuse) {  // the pool had none ready yet: reusable too
        tdb.state_->baseline =
            detail::read_clone_state(tdb.state_->admin_url, tdb.state_->name, db);
        tdb.state_->request = std::move(request);
    }
    return tdb;
}

session::Database& process_database(const TestDatabaseOptions& options) {
    struct Entry {
        std::string admin_url;
        std::string name;
        session::Database database;
    };
    static auto* mutex = new std::mutex();
    static auto* entries = new std::map<std::string, Entry>();  // by template name
    auto info = ensure_template(options);
    std::scoped_lock lock(*mutex);
    if (auto it = entries->find(info.name); it != entries->end()) return it->second.database;
    auto admin_url = detail::resolve_admin_url(options.admin_url);
    auto name = detail::next_clone_name();
    auto url = clone(options, admin_url, info.name, name);
    session::DatabaseOptions dbo;
    dbo.name = name;
    dbo.url = url;
    dbo.pool.size = 1;
    dbo.pool.max_overflow = 0;
    dbo.application_name = "strata-test";
    if (entries->empty()) {
        std::atexit([] {
            for (auto& [tpl, entry] : *entries) {
                try {
                    drop_now(entry.admin_url, entry.name);
                } catch (...) {}
            }
        });
    }
    auto [it, inserted] =
        entries->emplace(info.name, Entry{admin_url, name, session::Database::open(dbo)});
    return it->second.database;
}

std::string create_detached_clone(const TestDatabaseOptions& options) {
    auto info = ensure_template(options);
    auto admin_url = detail::resolve_admin_url(options.admin_url);
    return clone(options, admin_url, info.name, detail::next_cli_clone_name());
}

namespace {

void refuse_unless_test_database(const std::string& name) {
    if (!detail::is_test_database_name(name)) {
        throw UsageError(fmt::format(
            "refusing to drop database '{}': not a strata test database (strata_clone_*, "
            "strata_testdb_*, strata_tpl_*)",
            name));
    }
}

/// drop_test_database for a SQLite project: a file URL, or a name in admin_url's directory.
bool drop_sqlite_test_database(std::string_view url_or_name, const std::string& admin_url) {
    std::filesystem::path file;
    if (detail::is_sqlite_url(url_or_name)) {
        file = DatabaseUrl::parse(url_or_name, "test database URL").sqlite_path();
    } else {
        file = detail::sqlite_file(detail::sqlite_test_dir(admin_url), url_or_name);
    }
    refuse_unless_test_database(file.stem().string());
    return detail::remove_sqlite_database(file);
}

}  // namespace

bool drop_test_database(std::string_view url_or_name, const std::string& admin_url) {
    if (detail::is_sqlite_url(url_or_name) || detail::is_sqlite_url(admin_url)) {
        return drop_sqlite_test_database(url_or_name, admin_url);
    }
    auto name = detail::database_of(url_or_name);
    refuse_unless_test_database(name);
    auto url = detail::resolve_admin_url(admin_url);
    {
        auto conn = detail::admin_lease(url);
        if (!conn->query_value("SELECT 1 FROM pg_database WHERE datname = " +
                               sql::quote_literal(name))) {
            return false;
        }
        if (name.starts_with(detail::kTemplatePrefix)) {
            conn->exec(fmt::format("ALTER DATABASE {} IS_TEMPLATE false", quote_identifier(name)));
        }
    }
    drop_now(url, name);
    return true;
}

}  // namespace strata::testing
