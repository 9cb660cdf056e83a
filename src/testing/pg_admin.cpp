// libpq-backed administration helpers for strata::testing (the driver is not used here on
// purpose: the test server must work before, and independently of, the code it tests).
#include "testing/pg_admin.hpp"

#include <libpq-fe.h>

#include <map>

#include <fmt/format.h>

#include "session/local_cluster_internal.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::testing::detail {
namespace {

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

PGconn* connect(const std::string& url) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
        PQfinish(conn);
        throw ConnectionError(log::redact(fmt::format("cannot connect to {}: {}", url, message)));
    }
    return conn;
}

[[noreturn]] void throw_result_error(const PGresult* r, PGconn* conn, std::string_view sql) {
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn);
    throw Error(log::redact(
        fmt::format("{} [SQLSTATE {}] in: {}", message, state != nullptr ? state : "?", sql)));
}

}  // namespace

struct AdminConnection::Impl {
    std::string url;
    PGconn* conn = nullptr;

    PGconn* live() {
        if (conn != nullptr && PQstatus(conn) == CONNECTION_OK) return conn;
        if (conn != nullptr) PQfinish(conn);
        conn = nullptr;
        conn = connect(url);
        return conn;
    }

    ResultPtr run(std::string_view sql) {
        std::string text(sql);
        for (int attempt = 0;; ++attempt) {
            PGconn* c = live();
            ResultPtr r(PQexec(c, text.c_str()));
            auto status = r != nullptr ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
            if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
            // A server restart leaves this connection dead: reconnect once and retry.
            if (attempt == 0 && PQstatus(c) != CONNECTION_OK) continue;
            throw_result_error(r.get(), c, sql);
        }
    }
};

AdminConnection::AdminConnection(std::string url) : impl_(std::make_unique<Impl>()) {
    impl_->url = std::move(url);
}

AdminConnection::~AdminConnection() {
    if (impl_->conn != nullptr) PQfinish(impl_->conn);
}

void AdminConnection::exec(std::string_view sql) {
    (void)impl_->run(sql);
}

std::optional<std::string> AdminConnection::query_value(std::string_view sql) {
    auto r = impl_->run(sql);
    if (PQntuples(r.get()) == 0 || PQnfields(r.get()) == 0 || PQgetisnull(r.get(), 0, 0) != 0) {
        return std::nullopt;
    }
    return std::string(PQgetvalue(r.get(), 0, 0));
}

std::string query_value_once(const std::string& url, std::string_view sql) {
    AdminConnection conn(url);
    return conn.query_value(sql).value_or("");
}

std::string rewrite_url(const std::string& url, std::string_view dbname, std::string_view user,
                        std::string_view password) {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
    if (parsed == nullptr) {
        std::string message = error != nullptr ? error : "out of memory";
        PQfreemem(error);
        throw UsageError(
            log::redact(fmt::format("cannot parse database URL {}: {}", url, message)));
    }
    std::map<std::string, std::string> parts;
    for (auto* o = parsed; o->keyword != nullptr; ++o) {
        if (o->val != nullptr && *o->val != '\0') parts[o->keyword] = o->val;
    }
    PQconninfoFree(parsed);
    if (!dbname.empty()) parts["dbname"] = dbname;
    if (!user.empty()) parts["user"] = user;
    if (!password.empty()) parts["password"] = password;
    if (!user.empty() && password.empty()) parts.erase("password");

    using strata::detail::url_encode;
    std::string out = "postgresql://";
    if (auto it = parts.find("user"); it != parts.end()) {
        out += url_encode(it->second);
        if (auto pw = parts.find("password"); pw != parts.end())
            out += ":" + url_encode(pw->second);
        out += "@";
    }
    std::string host = parts.count("host") != 0 ? parts["host"] : "";
    bool host_in_authority = !host.empty() && host.find_first_of("/,:") == std::string::npos;
    if (host_in_authority) {
        out += host;
        if (parts.count("port") != 0) out += ":" + parts["port"];
    }
    out += "/" + url_encode(parts.count("dbname") != 0 ? parts["dbname"] : "");
    char sep = '?';
    for (const auto& [key, value] : parts) {
        if (key == "user" || key == "password" || key == "dbname") continue;
        if (host_in_authority && (key == "host" || key == "port")) continue;
        out += sep + key + "=" + url_encode(value);
        sep = '&';
    }
    return out;
}

std::string database_of(std::string_view url_or_name) {
    std::string text(url_or_name);
    if (text.find("://") == std::string::npos && text.find('=') == std::string::npos) return text;
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(text.c_str(), &error);
    if (parsed == nullptr) {
        PQfreemem(error);
        throw UsageError(log::redact(fmt::format("cannot parse database URL {}", text)));
    }
    std::string name;
    for (auto* o = parsed; o->keyword != nullptr; ++o) {
        if (std::string_view(o->keyword) == "dbname" && o->val != nullptr) name = o->val;
    }
    PQconninfoFree(parsed);
    return name;
}

}  // namespace strata::testing::detail
