// PgConnection: connecting, single statements through the statement cache, scripts, status.
#include "driver/pg/pg_connection.hpp"

#include <fmt/format.h>

#include <mutex>

#include "driver/pg/pg_error.hpp"
#include "driver/pg/pg_result.hpp"
#include "driver/pg/pg_types.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"

namespace strata::driver::pg {

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

/// DISCARD / DEALLOCATE drop server-side prepared statements: never cache them, and forget
/// the cache after they run.
bool resets_session(std::string_view sql) {
    while (!sql.empty() && (sql[0] == ' ' || sql[0] == '\n' || sql[0] == '\t' || sql[0] == '\r')) {
        sql.remove_prefix(1);
    }
    auto starts = [&](std::string_view word) {
        if (sql.size() < word.size()) return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (lower(sql[i]) != word[i]) return false;
        }
        return true;
    };
    return starts("discard") || starts("deallocate");
}

void notice_receiver(void*, const PGresult* r) {
    const char* sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const std::string_view s = sev ? sev : "NOTICE";
    const std::string_view m = msg ? msg : "";
    if (s == "WARNING") {
        log::warn("postgres {}: {}", s, m);
    } else if (s == "DEBUG") {
        log::debug("postgres {}: {}", s, m);
    } else {
        log::info("postgres {}: {}", s, m);
    }
}

/// The notice receiver of a PgConnection: logs, and remembers a FATAL the server sent while the
/// connection was idle (pg_terminate_backend, a shutdown): its goodbye, which arrives before the
/// end of file does.
void pg_notice_receiver(void* self, const PGresult* r) {
    notice_receiver(nullptr, r);
    const char* sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (self != nullptr && sev != nullptr &&
        (std::string_view(sev) == "FATAL" || std::string_view(sev) == "PANIC")) {
        static_cast<PgConnection*>(self)->saw_goodbye();
    }
}

class PgCancelHandle final : public CancelHandle {
public:
    explicit PgCancelHandle(PGcancel* c) : cancel_(c) {}
    ~PgCancelHandle() override {
        if (cancel_) PQfreeCancel(cancel_);
    }
    bool cancel() override {
        std::lock_guard lock(mutex_);
        if (!cancel_) return false;
        char err[256];
        return PQcancel(cancel_, err, sizeof err) == 1;
    }

private:
    std::mutex mutex_;
    PGcancel* cancel_;
};

void register_password(PGconn* conn) {
    PQconninfoOption* opts = PQconninfo(conn);
    if (!opts) return;
    for (auto* o = opts; o->keyword; ++o) {
        if (std::string_view(o->keyword) == "password" && o->val && *o->val) {
            log::register_secret(o->val);
        }
    }
    PQconninfoFree(opts);
}

}  // namespace

std::unique_ptr<ConnectionImpl> connect(const ConnectOptions& options) {
    const DatabaseUrl url = DatabaseUrl::parse(options.url, "database URL");
    if (const auto& password = url.password()) log::register_secret(*password);
    const std::string redacted = url.to_string();
    const std::string conninfo = url.libpq_conninfo();
    const auto secs = std::max<long long>(1, (options.connect_timeout.count() + 999) / 1000);
    const std::string timeout = std::to_string(secs);
    // Later entries override earlier ones, so the URL's own settings win over these defaults.
    const char* keys[] = {"application_name", "connect_timeout", "dbname", nullptr};
    const char* vals[] = {options.application_name.c_str(), timeout.c_str(), conninfo.c_str(),
                          nullptr};
    PGconn* conn = PQconnectdbParams(keys, vals, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
        if (conn) PQfinish(conn);
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        throw ConnectionError(
            log::redact(fmt::format("could not connect to {}: {}", redacted, msg)), true);
    }
    register_password(conn);
    PQsetNoticeReceiver(conn, notice_receiver, nullptr);
    const bool prepare = options.prepare && url.prepare().value_or(true);
    auto impl = std::make_unique<PgConnection>(conn, options, prepare, redacted);
    log::debug("connected to {} (backend pid {}, {})", redacted, PQbackendPID(conn),
               prepare ? "prepared statements" : "pooler-safe, unnamed statements");
    return impl;
}

PgConnection::PgConnection(PGconn* conn, const ConnectOptions& options, bool prepare,
                           std::string redacted_url)
    : conn_(conn),
      prepare_(prepare),
      echo_(options.echo),
      echo_params_(options.echo_params),
      redacted_url_(std::move(redacted_url)),
      opened_at_(std::chrono::steady_clock::now()),
      prepared_(options.statement_cache_size),
      formats_(options.statement_cache_size) {
    PQsetNoticeReceiver(conn_, pg_notice_receiver, this);
}

PgConnection::~PgConnection() {
    PQfinish(conn_);
}

void PgConnection::mark_if_bad() {
    if (PQstatus(conn_) == CONNECTION_BAD || goodbye_) broken_ = true;
}

void PgConnection::throw_if_broken(std::string_view query) const {
    if (broken_ || PQstatus(conn_) == CONNECTION_BAD) {
        throw ConnectionError(
            fmt::format("the connection to {} is broken; cannot run `{}`: open a new connection",
                        redacted_url_, query));
    }
}

void PgConnection::check(PGresult* result, std::string_view query,
                         const std::source_location& where) {
    const ExecStatusType st = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY ||
        st == PGRES_COPY_IN) {
        return;
    }
    mark_if_bad();
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(result, &PQclear);
    if (!result) throw_connection_error(conn_, fmt::format("libpq failed running `{}`", query));
    throw_result_error(conn_, result, query, where);
}

void PgConnection::deallocate(std::vector<CachedStatement>& evicted) {
    if (evicted.empty() || PQtransactionStatus(conn_) == PQTRANS_INERROR) return;
    std::string script;  // one round trip for any number of statements
    for (const auto& e : evicted) {
        if (!e.name.empty()) script += "DEALLOCATE " + e.name + ";";
    }
    evicted.clear();
    if (script.empty()) return;
    PGresult* r = PQexec(conn_, script.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        log::debug("{} failed: {}", script, PQresultErrorMessage(r));
    }
    PQclear(r);
}

CachedStatement* PgConnection::prepare_statement(std::string_view sql,
                                                 const std::source_location& where) {
    CachedStatement entry;
    entry.sql = std::string(sql);
    entry.name = fmt::format("s_{}", ++next_statement_);
    PGresult* prepared =
        PQprepare(conn_, entry.name.c_str(), entry.sql.c_str(), params_.count(), params_.types());
    check(prepared, sql, where);  // clears and throws on failure
    PQclear(prepared);
    PGresult* d = PQdescribePrepared(conn_, entry.name.c_str());
    check(d, sql, where);
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(d, &PQclear);
    const int np = PQnparams(d);
    entry.param_types.resize(static_cast<std::size_t>(np));
    for (int i = 0; i < np; ++i) entry.param_types[static_cast<std::size_t>(i)] = PQparamtype(d, i);
    entry.result_format = 1;
    for (int c = 0; c < PQnfields(d); ++c) {
        if (!binary_decodable(PQftype(d, c))) entry.result_format = 0;
    }
    CachedStatement& inserted = prepared_.insert(std::move(entry), evicted_);
    deallocate(evicted_);
    return &inserted;
}

PGresult* PgConnection::run(std::string_view sql, bool prepare, const ExecOptions& options,
                            const std::source_location& where, CachedStatement*& entry) {
    entry = nullptr;
    const int n = params_.count();
    if (prepare && !resets_session(sql)) {
        entry = prepared_.find(sql);
        if (entry) {
            bool same = entry->param_types.size() == static_cast<std::size_t>(n);
            for (int i = 0; same && i < n; ++i) {
                const auto t = params_.types()[i];
                same = t == 0 || t == entry->param_types[static_cast<std::size_t>(i)];
            }
            if (!same) {
                prepared_.erase(sql, evicted_);
                deallocate(evicted_);
                entry = nullptr;
            }
        }
        if (!entry) {
            send_deferred(where);  // its Parse runs inside the transaction, as it would have
            entry = prepare_statement(sql, where);
        }
        if (options.timeout) {
            send_deferred(where);
            return run_with_timeout(sql, entry, entry->result_format, *options.timeout, where);
        }
        if (!deferred_.empty()) {
            return run_after_deferred(&entry->sql, entry, entry->result_format, where);
        }
        return PQexecPrepared(conn_, entry->name.c_str(), n, params_.values(), params_.lengths(),
                              params_.formats(), entry->result_format);
    }
    const CachedStatement* known = formats_.find(sql);
    const int format = known && !options.text_results ? known->result_format : 0;
    PGresult* r = nullptr;
    if (options.timeout) {
        send_deferred(where);
        r = run_with_timeout(sql, nullptr, format, *options.timeout, where);
    } else if (!deferred_.empty()) {
        const std::string z(sql);
        r = run_after_deferred(&z, nullptr, format, where);
    } else {
        const std::string z(sql);
        r = PQexecParams(conn_, z.c_str(), n, params_.types(), params_.values(), params_.lengths(),
                         params_.formats(), format);
    }
    if (!known && r && PQresultStatus(r) == PGRES_TUPLES_OK) {
        CachedStatement learned;
        learned.sql = std::string(sql);
        learned.result_format = 1;
        for (int c = 0; c < PQnfields(r); ++c) {
            if (!binary_decodable(PQftype(r, c))) learned.result_format = 0;
        }
        std::vector<CachedStatement> dropped;
        formats_.insert(std::move(learned), dropped);
    }
    return r;
}

bool PgConnection::forget_if_stale(const PGresult* result, bool untyped_params) {
    if (result == nullptr || PQresultStatus(result) != PGRES_FATAL_ERROR ||
        PQstatus(conn_) != CONNECTION_OK) {
        return false;
    }
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    // 0A000 "cached plan must not change result type": a table changed under the statement
    // (ALTER TABLE, a migration). 42804 with untyped (NULL/text) parameters: the types the server
    // inferred when it prepared no longer fit (the table was recreated). The DDL that did it has
    // most likely changed other cached statements too, so the whole cache is forgotten: the next
    // use of each text prepares it again, and one rerun is enough.
    if (state == nullptr || !(std::string_view(state) == "0A000" ||
                              (untyped_params && std::string_view(state) == "42804"))) {
        return false;
    }
    prepared_.clear_into(evicted_);
    formats_.clear();
    deallocate(evicted_);
    return true;
}

void PgConnection::throw_stale(PGresult* result, std::string_view sql,
                               const std::source_location& where) {
    std::unique_ptr<PGresult, decltype(&PQclear)> guard(result, &PQclear);
    SqlErrorInfo info = error_info(result, sql, where);
    info.hint = fmt::format(
        "{}{}strata's cached prepared statements were forgotten after the table changed (DDL); "
        "this transaction had already failed, so run it again (transact(..., {{.retries = 1}}) "
        "does)",
        info.hint, info.hint.empty() ? "" : " ");
    throw StaleStatement(std::move(info));
}

Result PgConnection::execute(std::string_view sql, std::span<const Value> params,
                             const ExecOptions& options, const std::source_location& where) {
    throw_if_broken(sql);
    if (!echo_) return execute_unechoed(sql, params, options, where);
    const auto started = std::chrono::steady_clock::now();
    try {
        Result result = execute_unechoed(sql, params, options, where);
        echo(sql, params, std::chrono::steady_clock::now() - started);
        return result;
    } catch (const std::exception& e) {
        echo(sql, params, std::chrono::steady_clock::now() - started, e.what());
        throw;
    }
}

Result PgConnection::execute_unechoed(std::string_view sql, std::span<const Value> params,
                                      const ExecOptions& options,
                                      const std::source_location& where) {
    const bool prepare = !options.text_results && options.prepare.value_or(prepare_);
    params_.encode(params);
    CachedStatement* entry = nullptr;
    PGresult* r = run(sql, prepare, options, where, entry);
    bool untyped = false;
    for (int i = 0; i < params_.count(); ++i) untyped |= params_.types()[i] == 0;
    if (entry && forget_if_stale(r, untyped)) {
        // Outside a transaction block nothing else was undone: run it again.
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) throw_stale(r, sql, where);
        PQclear(r);
        r = run(sql, prepare, options, where, entry);
    }
    check(r, sql, where);
    if (resets_session(sql)) {
        prepared_.clear();
        evicted_.clear();
    }
    return Result(std::make_unique<PgResult>(r), std::string(sql));
}

void PgConnection::execute_script(std::string_view sql, const std::source_location& where) {
    throw_if_broken(sql);
    send_deferred(where);
    const auto started = std::chrono::steady_clock::now();
    const std::string z(sql);
    PGresult* r = PQexec(conn_, z.c_str());
    try {
        check(r, sql, where);
    } catch (const std::exception& e) {
        if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - started, e.what());
        throw;
    }
    PQclear(r);
    if (contains_ci(sql, "discard all") || contains_ci(sql, "deallocate all")) {
        prepared_.clear();
        evicted_.clear();
    }
    if (echo_) echo(sql, {}, std::chrono::steady_clock::now() - started);
}

void PgConnection::echo(std::string_view sql, std::span<const Value> params,
                        std::chrono::steady_clock::duration took, const char* failure) const {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    const std::string when = us < 1000 ? fmt::format("{} µs", us)
                                       : fmt::format("{:.3f} ms", static_cast<double>(us) / 1000.0);
    std::string shown;
    if (echo_params_ && !params.empty()) {
        shown = " [";
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (i) shown += ", ";
            shown += fmt::format("${}={}", i + 1, param_for_log(params[i]));
        }
        shown += "]";
    }
    if (failure != nullptr) {
        log::info("sql failed ({}): {}{}: {}", when, sql, shown, failure);
    } else {
        log::info("sql ({}): {}{}", when, sql, shown);
    }
}

std::shared_ptr<CancelHandle> PgConnection::cancel_handle() {
    if (!cancel_) cancel_ = std::make_shared<PgCancelHandle>(PQgetCancel(conn_));
    return cancel_;
}

bool PgConnection::ping() {
    if (broken_) return false;
    PGresult* r = PQexec(conn_, "");
    const bool ok = r && PQresultStatus(r) == PGRES_EMPTY_QUERY;
    PQclear(r);
    mark_if_bad();
    return ok && !broken_;
}

bool PgConnection::poll_alive() {
    if (broken_) return false;
    // libpq's socket is non-blocking: this reads what is there (a FATAL notice, end of file, a
    // keepalive timeout) and returns at once. A terminated backend leaves its FATAL message
    // and then the end of file: one read may take only the message, the second sees the end.
    // The FATAL message comes before it (and before the backend leaves pg_stat_activity):
    // PQisBusy parses it, and the notice receiver remembers it.
    if (PQtransactionStatus(conn_) != PQTRANS_ACTIVE) {
        for (int reads = 0; reads < 2 && PQconsumeInput(conn_) == 1; ++reads) {}
        if (PQstatus(conn_) == CONNECTION_OK) (void)PQisBusy(conn_);
    }
    mark_if_bad();
    return !broken_;
}

TransactionState PgConnection::transaction_state() const {
    if (broken_) return TransactionState::unknown;
    switch (PQtransactionStatus(conn_)) {
        case PQTRANS_IDLE:
            return deferred_.empty() ? TransactionState::idle : TransactionState::in_transaction;
        case PQTRANS_ACTIVE:
            return TransactionState::active;
        case PQTRANS_INTRANS:
            return TransactionState::in_transaction;
        case PQTRANS_INERROR:
            return TransactionState::failed;
        default:
            return TransactionState::unknown;
    }
}

bool PgConnection::is_broken() const {
    return broken_ || PQstatus(conn_) == CONNECTION_BAD;
}

std::size_t PgConnection::prepared_statements() const {
    return prepared_.size();
}

}  // namespace strata::driver::pg

namespace strata::driver {
std::unique_ptr<ConnectionImpl> open_pg(const ConnectOptions& options) {
    return pg::connect(options);
}
}  // namespace strata::driver
