// Database: a named, lazily connected, pooled database and the transactions run on it.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "strata/core/settings.hpp"
#include "strata/session/pool.hpp"
#include "strata/session/session.hpp"
#include "strata/session/transaction.hpp"

namespace strata::session {

// Defined in strata/session/scoped.hpp, which this header includes at its end.
struct Claims;
struct ScopeOptions;
class ScopedDatabase;

/// Everything Database needs, spelled out (Database::open(name) fills it from configuration).
struct DatabaseOptions {
    /// Appears in logs, pool errors and `strata doctor` ("main").
    std::string name = "main";
    /// postgresql://..., sqlite:///file.db, sqlite::memory:. Empty: the embedded default the
    /// program installed (strata/session/embedded_default.hpp; strata::cluster's is the managed
    /// PostgreSQL under .strata/), outside production only; without one, a ConfigError on first
    /// use.
    std::string url;
    /// For sqlite::memory: the pool is forced to one connection and no overflow: every SQLite
    /// connection to :memory: is a separate, empty database.
    PoolOptions pool{};
    /// Log every statement with its duration (DB_ECHO). Parameters only with echo_params
    /// (DB_ECHO_PARAMS); registered secrets are redacted from parameter values too.
    bool echo = false;
    bool echo_params = false;
    /// Named prepared statements; off behind a transaction-mode pooler (also `?prepare=off`).
    bool prepare = true;
    std::chrono::milliseconds connect_timeout{10'000};
    std::string application_name = "strata";
    /// The project directory (its strata.toml, .env; .strata/ for the managed PostgreSQL when
    /// url is empty); empty: the current directory.
    std::filesystem::path project_dir{};
};

/// DatabaseOptions from one database's resolved settings (URL with its password, pool, echo,
/// prepare); project_dir locates .strata/ for the managed PostgreSQL.
[[nodiscard]] DatabaseOptions database_options(const DatabaseSettings& settings,
                                               const std::filesystem::path& project_dir = {});

/// A database the service talks to: a URL, a pool, and transactions that the service owns.
/// Opening connects nothing; the first transaction does. A Database is a cheap handle: copies
/// share one pool, which lives while any copy, Transaction or Lease does. Open it once and pass
/// it around.
///
///     auto db = strata::Database::open();    // "main" from env / .env / strata.toml
///     db.transact([&](strata::Session& s) { s.query("INSERT INTO t VALUES ($1)", 1); });
///     auto n = db.transact([&](strata::Session& s) {
///         return s.query("SELECT count(*) FROM t").scalar<std::int64_t>(); });
///
/// Thread-safety: every member is thread-safe; Transactions and Sessions it hands out are not.
class Database {
public:
    /// The database named name from strata's configuration (flags aside: env > .env >
    /// strata.toml > defaults): DATABASE_URL for "main", <NAME>_DATABASE_URL otherwise, pool
    /// and echo from DB_POOL_SIZE, DB_MAX_OVERFLOW, DB_POOL_RECYCLE, DB_POOL_TIMEOUT, DB_ECHO,
    /// DB_ECHO_PARAMS.
    /// Throws ConfigError for malformed configuration.
    [[nodiscard]] static Database open(std::string_view name = "main");
    /// The database named name from settings already loaded (the CLI, with its flags).
    [[nodiscard]] static Database open(const Settings& settings, std::string_view name = "main");
    /// A database from explicit options. Throws ConfigError/UsageError for a malformed URL.
    [[nodiscard]] static Database open(DatabaseOptions options);

    /// Runs fn(Session&) in a transaction: COMMIT when fn returns (its value is returned), ROLLBACK
    /// and rethrow when it throws. With options.retries = N, a retryable failure
    /// (SerializationFailure, DeadlockDetected, StaleStatement, a connection lost before COMMIT
    /// was sent, CommitRolledBack: lost during COMMIT and the server says it rolled back) rolls
    /// back and runs fn again, up to N times, after a jittered exponential backoff; then the
    /// last error is rethrown. fn must therefore be safe to run more than once. A pooled
    /// connection found dead as the transaction starts (the server's goodbye already received:
    /// Connection::poll_alive), before fn ran, is always replaced. On PostgreSQL BEGIN goes to
    /// the server with fn's first statement, in one round trip (Connection::defer).
    template <class Fn>
    auto transact(const TransactOptions& options, Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        using R = std::invoke_result_t<Fn&, Session&>;
        if constexpr (std::is_void_v<R>) {
            run(options, [&](Session& s) { fn(s); });
        } else {
            std::optional<R> out;
            run(options, [&](Session& s) { out.emplace(fn(s)); });
            return std::move(*out);
        }
    }
    template <class Fn>
    auto transact(Fn&& fn) -> std::invoke_result_t<Fn&, Session&> {
        return transact(TransactOptions{}, std::forward<Fn>(fn));
    }

    /// Starts a transaction the caller ends: RAII, rolled back on destruction unless committed.
    [[nodiscard]] Transaction begin(const TransactOptions& options = {});
    /// A raw pooled connection, outside any transaction (for VACUUM, CREATE DATABASE).
    /// Returned to the pool when the Lease is destroyed.
    [[nodiscard]] Lease acquire();
    /// A new connection outside the pool, owned by the caller, for session state that must
    /// outlive transactions (AdvisoryLock). PostgreSQL over TCP: keepalives on
    /// (keepalives_idle=10, keepalives_interval=5, keepalives_count=3, tcp_user_timeout=30000
    /// unless the URL sets them), so a silent peer is noticed in about half a minute.
    [[nodiscard]] driver::Connection connect_dedicated() const;

    /// This database restricted to one tenant: the same as strata::scoped(*this, claims,
    /// options) (strata/session/scoped.hpp). The handle shares this database's pool; *this
    /// stays the admin handle.
    ///
    ///     auto as_user = db.scoped({.user_id = uid, .org_id = oid});
    ///     as_user.transact([&](strata::Session& s) { /* only oid's rows */ });
    [[nodiscard]] ScopedDatabase scoped(Claims claims) const;
    [[nodiscard]] ScopedDatabase scoped(Claims claims, ScopeOptions options) const;

    [[nodiscard]] const std::string& name() const;
    /// The URL in use with its password replaced by "****" (resolved on first use for the
    /// managed local PostgreSQL; empty until then).
    [[nodiscard]] std::string redacted_url() const;
    [[nodiscard]] const DatabaseOptions& options() const;
    [[nodiscard]] Pool& pool() const;
    [[nodiscard]] PoolStats stats() const { return pool().stats(); }

private:
    struct State;
    explicit Database(std::shared_ptr<State> state) : state_(std::move(state)) {}
    void run(const TransactOptions& options, const std::function<void(Session&)>& fn);

    std::shared_ptr<State> state_;
};

}  // namespace strata::session

namespace strata {
using session::Database;
using session::DatabaseOptions;
using session::Lease;
using session::Pool;
using session::PoolOptions;
using session::PoolStats;
}  // namespace strata

// Database::scoped returns a ScopedDatabase: complete it for callers of this header. Either
// include order works (scoped.hpp includes this header first; #pragma once stops the cycle).
#include "strata/session/scoped.hpp"  // IWYU pragma: export
