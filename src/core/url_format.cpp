// DatabaseUrl output: canonical (redacted) URL text, libpq conninfo, and libpq's keyword list.
#include <fmt/format.h>

#include "core/percent.hpp"
#include "strata/core/error.hpp"
#include "strata/core/url.hpp"

namespace strata {
namespace {

using core_detail::percent_encode;

// Keywords libpq (15..17) accepts in a URI query or conninfo string; host, port, user, password
// and dbname are URL components and handled separately. "ssl" is libpq's JDBC-compatible alias.
constexpr std::string_view kLibpqOptions[] = {"hostaddr",
                                              "passfile",
                                              "channel_binding",
                                              "connect_timeout",
                                              "client_encoding",
                                              "options",
                                              "application_name",
                                              "fallback_application_name",
                                              "keepalives",
                                              "keepalives_idle",
                                              "keepalives_interval",
                                              "keepalives_count",
                                              "tcp_user_timeout",
                                              "replication",
                                              "gssencmode",
                                              "sslmode",
                                              "sslnegotiation",
                                              "requiressl",
                                              "sslcompression",
                                              "sslcert",
                                              "sslkey",
                                              "sslpassword",
                                              "sslcertmode",
                                              "sslrootcert",
                                              "sslcrl",
                                              "sslcrldir",
                                              "sslsni",
                                              "requirepeer",
                                              "ssl_min_protocol_version",
                                              "ssl_max_protocol_version",
                                              "krbsrvname",
                                              "gsslib",
                                              "gssdelegation",
                                              "service",
                                              "target_session_attrs",
                                              "load_balance_hosts",
                                              "require_auth",
                                              "min_protocol_version",
                                              "max_protocol_version",
                                              "ssl",
                                              "host",
                                              "port",
                                              "dbname",
                                              "user",
                                              "password"};

std::string quote_conninfo(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

std::string authority_host(const UrlHost& h) {
    std::string out;
    if (h.host.find(':') != std::string::npos) {
        out = "[" + percent_encode(h.host, ":") + "]";
    } else {
        out = percent_encode(h.host);
    }
    if (h.port) out += fmt::format(":{}", *h.port);
    return out;
}

bool all_sockets(const std::vector<UrlHost>& hosts) {
    if (hosts.empty()) return false;
    for (const auto& h : hosts) {
        // libpq splits ?host= on ',' after decoding, so such a directory needs the authority.
        if (!h.host.starts_with('/') || h.host.find(',') != std::string::npos) return false;
    }
    return true;
}

}  // namespace

bool is_libpq_option(std::string_view key) {
    for (const auto k : kLibpqOptions) {
        if (k == key) return true;
    }
    return false;
}

std::string DatabaseUrl::to_string(Password password) const {
    std::vector<std::string> query;
    std::string out;
    if (is_sqlite()) {
        if (sqlite_path_ == ":memory:" && options_.empty()) return "sqlite::memory:";
        out = "sqlite:///" + percent_encode(sqlite_path_, "/:");
    } else {
        out = "postgresql://";
        if (!user_.empty() || password_) {
            out += percent_encode(user_);
            if (password_) {
                out += ":";
                out += password == Password::reveal ? percent_encode(*password_) : "****";
            }
            out += "@";
        }
        if (all_sockets(hosts_)) {
            // Unix-socket directories read better as ?host=/dir than as %2Fdir.
            std::string names;
            std::string ports;
            bool any_port = false;
            for (std::size_t i = 0; i < hosts_.size(); ++i) {
                if (i != 0) {
                    names += ',';
                    ports += ',';
                }
                names += percent_encode(hosts_[i].host, "/");
                if (const auto& port = hosts_[i].port) {
                    ports += std::to_string(*port);
                    any_port = true;
                }
            }
            query.push_back("host=" + names);
            if (any_port) query.push_back("port=" + percent_encode(ports, ","));
        } else {
            for (std::size_t i = 0; i < hosts_.size(); ++i) {
                out += (i ? "," : "") + authority_host(hosts_[i]);
            }
        }
        if (!dbname_.empty()) out += "/" + percent_encode(dbname_);
    }
    for (const auto& [k, v] : options_) {
        query.push_back(percent_encode(k) + "=" + percent_encode(v, "/,"));
    }
    if (prepare_) query.push_back(*prepare_ ? "prepare=on" : "prepare=off");
    for (std::size_t i = 0; i < query.size(); ++i) out += (i ? "&" : "?") + query[i];
    return out;
}

std::string DatabaseUrl::libpq_conninfo() const {
    if (is_sqlite()) {
        throw UsageError("libpq_conninfo() called on a sqlite URL: " + to_string());
    }
    std::vector<std::string> parts;
    if (!hosts_.empty()) {
        std::string names;
        std::string ports;
        bool any_port = false;
        for (std::size_t i = 0; i < hosts_.size(); ++i) {
            if (i != 0) {
                names += ',';
                ports += ',';
            }
            names += hosts_[i].host;
            if (const auto& port = hosts_[i].port) {
                ports += std::to_string(*port);
                any_port = true;
            }
        }
        if (hosts_.size() > 1 || !names.empty()) parts.push_back("host=" + quote_conninfo(names));
        if (any_port) parts.push_back("port=" + quote_conninfo(ports));
    }
    if (!user_.empty()) parts.push_back("user=" + quote_conninfo(user_));
    if (password_) parts.push_back("password=" + quote_conninfo(*password_));
    if (!dbname_.empty()) parts.push_back("dbname=" + quote_conninfo(dbname_));
    for (const auto& [k, v] : options_) parts.push_back(k + "=" + quote_conninfo(v));
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
    return out;
}

}  // namespace strata
