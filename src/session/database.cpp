// Database: options -> pool of connections, and transact()'s retry loop.
#include "strata/session/database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

#include "session/embedded_default.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"

namespace strata::session {

namespace {

/// url with TCP keepalive options added where it does not set them (PostgreSQL only; libpq
/// ignores them on unix sockets).
std::string with_keepalives(const std::string& url) {
    auto parsed = DatabaseUrl::parse(url, "database URL");
    if (!parsed.is_postgres()) return url;
    for (const auto& [key, value] : {std::pair{"keepalives", "1"},
                                     {"keepalives_idle", "10"},
                                     {"keepalives_interval", "5"},
                                     {"keepalives_count", "3"},
                                     {"tcp_user_timeout", "30000"}}) {
        if (!parsed.option(key)) parsed.set_option(key, value);
    }
    return parsed.to_string(DatabaseUrl::Password::reveal);
}

/// Opens connections for one Database; resolves the managed local URL on first use.
class Connector {
public:
    explicit Connector(const DatabaseOptions& options) : options_(options) {
        if (!options.url.empty()) set_url(options.url);
    }

    driver::Connection open(bool keepalive = false) {
        driver::ConnectOptions c;
        c.url = keepalive ? with_keepalives(url()) : url();
        c.prepare = options_.prepare;
        c.connect_timeout = options_.connect_timeout;
        c.application_name = options_.application_name;
        c.echo = options_.echo;
        c.echo_params = options_.echo_params;
        return driver::Connection::open(c);
    }

    std::string url() {
        std::lock_guard lock(mutex_);
        if (url_.empty()) {
            std::string url = embedded_default_url(options_.name, options_.project_dir);
            register_url_secret(url);
            redacted_ = log::redact(url);
            url_ = std::move(url);
        }
        return url_;
    }

    std::string redacted() const {
        std::lock_guard lock(mutex_);
        return redacted_;
    }

private:
    void set_url(const std::string& url) {
        register_url_secret(url);
        url_ = url;
        redacted_ = log::redact(url);
    }
    void register_url_secret(const std::string& url) {
        const auto parsed =
            DatabaseUrl::parse(url, fmt::format("database '{}' URL", options_.name));
        if (const auto& password = parsed.password()) log::register_secret(*password);
    }

    DatabaseOptions options_;
    mutable std::mutex mutex_;
    std::string url_;
    std::string redacted_;
};

bool is_sqlite_memory(const std::string& url) {
    if (url.empty()) return false;
    const auto parsed = DatabaseUrl::parse(url, "database URL");
    return parsed.is_sqlite() && parsed.sqlite_path() == ":memory:";
}

std::chrono::milliseconds backoff(const TransactOptions& options, int attempt) {
    thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    const double base = static_cast<double>(options.backoff.count()) *
                        static_cast<double>(1U << std::min(attempt - 1, 16));
    const double ms = std::min(base, 1000.0) * jitter(rng);
    return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

constexpr int kBeginAttempts = 3;  // dead pooled connections replaced before fn runs

}  // namespace

DatabaseOptions database_options(const DatabaseSettings& settings,
                                 const std::filesystem::path& project_dir) {
    DatabaseOptions o;
    o.name = settings.name;
    if (settings.url) o.url = settings.url->to_string(DatabaseUrl::Password::reveal);
    o.pool.size = static_cast<std::size_t>(std::max(settings.pool.size, 0));
    o.pool.max_overflow = static_cast<std::size_t>(std::max(settings.pool.max_overflow, 0));
    o.pool.recycle = settings.pool.recycle;
    o.pool.recycle_jitter = static_cast<double>(settings.pool.recycle_jitter_percent) / 100.0;
    o.pool.idle_timeout = settings.pool.idle_timeout;
    o.pool.timeout = settings.pool.timeout;
    o.pool.pre_ping = settings.pool.pre_ping;
    o.echo = settings.echo;
    o.echo_params = settings.echo_params;
    o.prepare = settings.prepare;
    o.project_dir = project_dir;
    return o;
}

Database Database::open(std::string_view name) {
    return open(Settings::load(), name);
}

Database Database::open(const Settings& settings, std::string_view name) {
    auto db = settings.database(name);
    // Refused at open, before any connection: a production service must not come up at all
    // on a database nobody configured.
    if (!db.url) settings.refuse_managed_database_in_production(name);
    return open(database_options(db, settings.project_dir()));
}

struct Database::State {
    DatabaseOptions options;
    std::shared_ptr<Connector> connector;
    std::shared_ptr<Pool> pool;
};

Database Database::open(DatabaseOptions options) {
    if (is_sqlite_memory(options.url)) {
        options.pool.size = 1;
        options.pool.max_overflow = 0;
    }
    auto state = std::make_shared<State>();
    state->connector = std::make_shared<Connector>(options);
    state->pool = Pool::create(options.name, options.pool,
                               [connector = state->connector] { return connector->open(); });
    state->options = std::move(options);
    return Database(std::move(state));
}

const std::string& Database::name() const {
    return state_->options.name;
}
std::string Database::redacted_url() const {
    return state_->connector->redacted();
}
const DatabaseOptions& Database::options() const {
    return state_->options;
}
Pool& Database::pool() const {
    return *state_->pool;
}

Lease Database::acquire() {
    return state_->pool->acquire();
}

driver::Connection Database::connect_dedicated() const {
    return state_->connector->open(/*keepalive=*/true);
}

Transaction Database::begin(const TransactOptions& options) {
    for (int attempt = 1;; ++attempt) {
        Lease lease = state_->pool->acquire();  // failing to connect is not retried here
        try {
            return Transaction(std::move(lease), options);
        } catch (const Error& e) {
            // The pooled connection died since its last use (server restart, terminated
            // backend): nothing has run yet, so a fresh connection is always safe.
            if (!is_connection_lost(e) || attempt >= kBeginAttempts) throw;
            log::info("database '{}': connection lost at BEGIN; retrying on a new connection",
                      name());
        }
    }
}

void Database::run(const TransactOptions& options, const std::function<void(Session&)>& fn) {
    for (int attempt = 0;; ++attempt) {
        Transaction tx = begin(options);
        try {
            fn(tx.session());
            tx.commit();
            return;
        } catch (const CommitOutcomeUnknown&) {
            throw;
        } catch (const Error& e) {
            const bool retry =
                attempt < options.retries && (e.is_retryable() || is_connection_lost(e));
            try {
                tx.rollback();  // before sleeping: locks and the connection go back now
            } catch (...) {}
            if (!retry) throw;
            const auto wait = backoff(options, attempt + 1);
            log::info("database '{}': retry {} of {} in {} ms after: {}", name(), attempt + 1,
                      options.retries, wait.count(), e.what());
            std::this_thread::sleep_for(wait);
        }
    }
}

ScopedDatabase Database::scoped(Claims claims) const {
    return session::scoped(*this, std::move(claims), ScopeOptions{});
}

ScopedDatabase Database::scoped(Claims claims, ScopeOptions options) const {
    return session::scoped(*this, std::move(claims), std::move(options));
}

}  // namespace strata::session
