// AdvisoryLock: a PostgreSQL session-level advisory lock held on a dedicated connection (RAII).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "strata/session/database.hpp"

namespace strata::session {

/// The stable 64-bit key for a lock name: FNV-1a 64 over the name's UTF-8 bytes, as a signed
/// bigint. The same function as strata::migrate::advisory_key, so the same name is the same lock
/// in every process, language and strata version. Thread-safety: pure function.
[[nodiscard]] std::int64_t advisory_key(std::string_view name);

/// pg_advisory_lock(advisory_key(name)) on a connection of its own (Database::connect_dedicated:
/// outside the pool, TCP keepalives on); pg_advisory_unlock and close on destruction. Mutual
/// exclusion holds across processes and machines sharing the database. Not reentrant across
/// objects: a second AdvisoryLock on the same name in the same process waits like any other
/// session. Move-only; one thread at a time.
///
/// What a session-level lock can and cannot promise. The server holds it exactly as long as
/// the session lives: when the connection dies (the backend is terminated, the server
/// restarts, the network drops and keepalives give up) the server releases it, and another
/// session may take it at once, while this process may not have noticed yet. So:
/// - held() is a local, round-trip-free answer: false once the connection is seen to be lost
///   (it reads what the server already sent, e.g. the notice of a terminated session). True
///   means "not known to be lost", not "still exclusive".
/// - verify() asks the server (pg_locks): true only when this session still holds the lock at
///   that moment. Work that must not overlap another holder's should call it before it
///   commits anything irreversible, and write under a transaction-level lock or a fencing
///   token when overlap would corrupt data: no client-side check can close the window between
///   the last verify() and the next write.
/// - Behind a transaction-mode pooler (PgBouncer) session-level locks do not work at all; use
///   xact_lock() there.
///
///     strata::AdvisoryLock lock{db, "rebuild-search"};   // blocks until taken
///     for (auto& batch : batches) {
///         if (!lock.verify()) throw LostLock{};           // another worker may hold it now
///         rebuild(batch);
///     }
class AdvisoryLock {
public:
    /// Blocks until the lock is taken. Throws UsageError on SQLite.
    AdvisoryLock(Database& db, std::string_view name);
    /// Tries for up to timeout (polling pg_try_advisory_lock; zero = one attempt); nullopt when
    /// another session holds it throughout.
    [[nodiscard]] static std::optional<AdvisoryLock> try_lock(
        Database& db, std::string_view name,
        std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

    AdvisoryLock(AdvisoryLock&& other) noexcept;
    AdvisoryLock& operator=(AdvisoryLock&& other) noexcept;
    AdvisoryLock(const AdvisoryLock&) = delete;
    AdvisoryLock& operator=(const AdvisoryLock&) = delete;
    ~AdvisoryLock();

    /// Releases now (the destructor then does nothing). Never throws.
    void unlock() noexcept;
    /// False after unlock() or once the connection is seen to be lost (no round trip; see the
    /// class comment for what true can promise).
    [[nodiscard]] bool held() const;
    /// Asks the server whether this session still holds the lock (pg_locks). False, and held()
    /// false from then on, when it does not or the connection is lost. Never throws for a lost
    /// connection.
    [[nodiscard]] bool verify();
    [[nodiscard]] std::int64_t key() const { return key_; }
    [[nodiscard]] const std::string& name() const { return name_; }
    /// The backend process holding the lock (pg_backend_pid); 0 once released or lost.
    [[nodiscard]] int backend_pid() const;
    /// The dedicated connection's URL, password redacted (shows its keepalive settings).
    [[nodiscard]] std::string connection_url() const;

private:
    AdvisoryLock(std::unique_ptr<driver::Connection> conn, std::string name, std::int64_t key)
        : conn_(std::move(conn)), name_(std::move(name)), key_(key) {}
    void drop() const noexcept;

    mutable std::unique_ptr<driver::Connection> conn_;  // null once released or lost
    std::string name_;
    std::int64_t key_ = 0;
};

/// pg_advisory_xact_lock(advisory_key(name)) in s's transaction: held until it commits or rolls
/// back (safe behind a transaction-mode pooler). Blocks until taken.
void xact_lock(Session& s, std::string_view name);
/// pg_try_advisory_xact_lock: true when taken.
[[nodiscard]] bool try_xact_lock(Session& s, std::string_view name);

}  // namespace strata::session

namespace strata {
using session::advisory_key;
using session::AdvisoryLock;
using session::try_xact_lock;
using session::xact_lock;
}  // namespace strata
