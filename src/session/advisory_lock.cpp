// Advisory locks: session-level on a dedicated connection, and transaction-level on a Session.
#include "strata/session/advisory_lock.hpp"

#include <algorithm>
#include <thread>

#include "strata/core/error.hpp"
#include "strata/core/fnv1a.hpp"
#include "strata/core/log.hpp"

namespace strata::session {

std::int64_t advisory_key(std::string_view name) {
    return static_cast<std::int64_t>(fnv1a_64(name));
}

namespace {

std::unique_ptr<driver::Connection> lock_connection(const Database& db) {
    auto conn = std::make_unique<driver::Connection>(db.connect_dedicated());
    if (conn->backend() != driver::Backend::postgres) {
        throw UsageError("advisory locks need PostgreSQL; SQLite has none (it serialises writers)");
    }
    return conn;
}

}  // namespace

AdvisoryLock::AdvisoryLock(Database& db, std::string_view name)
    : conn_(lock_connection(db)), name_(name), key_(advisory_key(name)) {
    (void)conn_->query("SELECT pg_advisory_lock($1)", key_);
}

std::optional<AdvisoryLock> AdvisoryLock::try_lock(Database& db, std::string_view name,
                                                   std::chrono::milliseconds timeout) {
    auto conn = lock_connection(db);
    const auto key = advisory_key(name);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds{5};
    for (;;) {
        if (conn->query("SELECT pg_try_advisory_lock($1)", key).scalar<bool>()) {
            return AdvisoryLock(std::move(conn), std::string(name), key);
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return std::nullopt;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds{100});
    }
}

AdvisoryLock::AdvisoryLock(AdvisoryLock&& other) noexcept
    : conn_(std::move(other.conn_)), name_(std::move(other.name_)), key_(other.key_) {}

AdvisoryLock& AdvisoryLock::operator=(AdvisoryLock&& other) noexcept {
    if (this != &other) {
        unlock();
        conn_ = std::move(other.conn_);
        name_ = std::move(other.name_);
        key_ = other.key_;
    }
    return *this;
}

AdvisoryLock::~AdvisoryLock() {
    unlock();
}

void AdvisoryLock::drop() const noexcept {
    if (!conn_) return;
    log::warn("advisory lock \"{}\": its connection was lost, so the server released the lock",
              name_);
    conn_.reset();
}

void AdvisoryLock::unlock() noexcept {
    if (!conn_) return;
    try {
        if (!conn_->query("SELECT pg_advisory_unlock($1)", key_).scalar<bool>()) {
            log::warn("advisory lock \"{}\": the server no longer held it at unlock", name_);
        }
    } catch (const std::exception& e) {
        // Closing the connection ends its session, which releases the lock anyway.
        log::warn("advisory lock \"{}\": unlock failed ({}); closing its connection", name_,
                  e.what());
    }
    conn_.reset();
}

bool AdvisoryLock::held() const {
    if (conn_ && !conn_->poll_alive()) drop();
    return conn_ != nullptr;
}

bool AdvisoryLock::verify() {
    if (!held()) return false;
    try {
        // A bigint key is classid = high 32 bits, objid = low 32 bits, objsubid = 1.
        const bool ours = conn_
                              ->query(
                                  "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = "
                                  "'advisory' AND pid = pg_backend_pid() AND granted AND "
                                  "objsubid = 1 AND classid = (($1::bigint >> 32) & "
                                  "4294967295)::oid AND objid = ($1::bigint & 4294967295)::oid)",
                                  key_)
                              .scalar<bool>();
        if (!ours) {
            log::warn("advisory lock \"{}\": the server says this session no longer holds it",
                      name_);
            conn_.reset();
        }
        return ours;
    } catch (const Error& e) {
        if (!e.poisons_connection() && !conn_->is_broken()) throw;
        drop();
        return false;
    }
}

int AdvisoryLock::backend_pid() const {
    return conn_ ? conn_->backend_pid() : 0;
}

std::string AdvisoryLock::connection_url() const {
    return conn_ ? conn_->redacted_url() : std::string();
}

void xact_lock(Session& s, std::string_view name) {
    if (s.backend() != driver::Backend::postgres)
        throw UsageError("advisory locks need PostgreSQL");
    s.query("SELECT pg_advisory_xact_lock($1)", advisory_key(name));
}

bool try_xact_lock(Session& s, std::string_view name) {
    if (s.backend() != driver::Backend::postgres)
        throw UsageError("advisory locks need PostgreSQL");
    return s.query("SELECT pg_try_advisory_xact_lock($1)", advisory_key(name)).scalar<bool>();
}

}  // namespace strata::session
