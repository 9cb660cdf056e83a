// DatabaseUrl parsing: postgresql:// (libpq URI syntax) and sqlite: URLs.
#include "strata/core/url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/percent.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata {
namespace {

using core_detail::percent_decode;

constexpr std::string_view kUrlEncodeHint =
    "percent-encode these characters in the user name and password: '@' as %40, ':' as %3A, "
    "'/' as %2F, '?' as %3F, '#' as %23, '%' as %25";

/// An option name in quotes when it looks like one (libpq keywords are lower-case letters
/// and '_'); otherwise unquoted words: it may be the tail of a password with a raw '?'.
std::string quoted_option_name(std::string_view key) {
    const bool plain =
        !key.empty() && key.size() <= 40 &&
        key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos;
    return plain ? fmt::format("\"{}\"", key)
                 : fmt::format("(its name not shown; {})", kUrlEncodeHint);
}

class UrlParser {
public:
    UrlParser(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

    DatabaseUrl parse() {
        if (text_.empty()) fail("empty database URL");
        if (text_.starts_with("sqlite:")) return parse_sqlite(text_.substr(7));
        std::string_view rest;
        if (text_.starts_with("postgresql://")) {
            rest = text_.substr(13);
        } else if (text_.starts_with("postgres://")) {
            rest = text_.substr(11);
        } else {
            const auto colon = text_.find(':');
            if (colon == std::string_view::npos || colon > 20) {
                fail("not a URL (expected postgresql://..., postgres://... or sqlite:...)");
            }
            fail(
                fmt::format("unsupported scheme \"{}\" (expected postgresql://, postgres:// or "
                            "sqlite:)",
                            log::redact(text_.substr(0, colon))));
        }
        // Nothing of the authority (user info, hosts, ports) is ever quoted in an error: with a
        // raw '@', ':', '/', '?' or '#' in a password, what looks like a host or a port is the
        // password. The errors say what to percent-encode instead.
        const auto last_at = rest.rfind('@');
        const auto hash = rest.find('#');
        if (last_at != std::string_view::npos && hash != std::string_view::npos && hash < last_at) {
            fail(fmt::format("a raw '#' before the '@' that ends the user info; {}",
                             kUrlEncodeHint));
        }
        if (hash != std::string_view::npos) fail("URL fragments ('#') are not allowed");
        if (const auto q = rest.find('?'); last_at != std::string_view::npos && q < last_at) {
            fail(fmt::format("a raw '?' before the '@' that ends the user info; {}",
                             kUrlEncodeHint));
        }
        DatabaseUrl url;
        const auto question = rest.find('?');
        const std::string_view main = rest.substr(0, question);
        std::string_view userinfo;
        std::string_view hostpath = main;
        if (const auto at = find_userinfo_end(main); at != std::string_view::npos) {
            userinfo = main.substr(0, at);
            hostpath = main.substr(at + 1);
        }
        parse_userinfo(userinfo, url);
        const auto slash = hostpath.find('/');
        parse_hosts(hostpath.substr(0, slash), url);
        if (slash != std::string_view::npos) {
            url.set_dbname(decode(hostpath.substr(slash + 1), "database name"));
        }
        if (question != std::string_view::npos) parse_query(rest.substr(question + 1), url);
        // Hosts that are all empty and portless say nothing: libpq's defaults.
        const auto& hosts = url.hosts();
        if (std::all_of(hosts.begin(), hosts.end(),
                        [](const UrlHost& h) { return h == UrlHost{}; })) {
            url.set_hosts({});
        }
        return url;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw ConfigError(log::redact(fmt::format("{}: {}", origin_, problem)));
    }

    std::string decode(std::string_view part, std::string_view what) const {
        auto decoded = percent_decode(part);
        if (!decoded) fail(fmt::format("invalid percent-encoding in the {}", what));
        if (decoded->find('\0') != std::string::npos) fail(fmt::format("%00 in the {}", what));
        return std::move(*decoded);
    }

    // The last '@' before the path. A password containing a raw '/' would otherwise be read as
    // a host (and echoed in an error): when no '@' precedes the first '/', but one follows it,
    // that one ends the user info.
    static std::size_t find_userinfo_end(std::string_view main) {
        const auto slash = main.find('/');
        const auto at = main.substr(0, slash).rfind('@');
        if (at != std::string_view::npos || slash == std::string_view::npos) return at;
        return main.rfind('@');
    }

    void parse_userinfo(std::string_view userinfo, DatabaseUrl& url) const {
        if (userinfo.empty()) return;
        const auto colon = userinfo.find(':');
        url.set_user(decode(userinfo.substr(0, colon), "user name"));
        if (colon != std::string_view::npos) {
            url.set_password(decode(userinfo.substr(colon + 1), "password"));
        }
    }

    std::uint16_t parse_port(std::string_view text, std::string_view where) const {
        unsigned value = 0;
        const auto* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
            // The text is not quoted: without an '@', "user:password" reads as "host:port".
            fail(
                fmt::format("{} is not a number from 1 to 65535 (a password must come before "
                            "an '@' host, and a raw ':' '@' '/' '?' or '#' in it makes it look "
                            "like a port: {})",
                            where, kUrlEncodeHint));
        }
        return static_cast<std::uint16_t>(value);
    }

    UrlHost parse_host(std::string_view spec) const {
        UrlHost host;
        std::string_view port;
        bool has_port = false;
        if (spec.starts_with('[')) {
            const auto close = spec.find(']');
            if (close == std::string_view::npos) {
                fail(fmt::format("an IPv6 address without its closing ']'; {}", kUrlEncodeHint));
            }
            host.host = decode(spec.substr(1, close - 1), "host");
            const auto after = spec.substr(close + 1);
            if (!after.empty()) {
                if (after[0] != ':')
                    fail(
                        fmt::format("unexpected text after an IPv6 address (expected "
                                    "]:PORT); {}",
                                    kUrlEncodeHint));
                port = after.substr(1);
                has_port = true;
            }
        } else {
            const auto colon = spec.find(':');
            host.host = decode(spec.substr(0, colon), "host");
            if (colon != std::string_view::npos) {
                port = spec.substr(colon + 1);
                has_port = true;
                if (port.find(':') != std::string_view::npos) {
                    fail(
                        fmt::format("a host with more than one ':' (put IPv6 addresses in "
                                    "brackets: [::1]:5432; {})",
                                    kUrlEncodeHint));
                }
            }
        }
        if (has_port) host.port = parse_port(port, "the port after a host");
        return host;
    }

    void parse_hosts(std::string_view spec, DatabaseUrl& url) const {
        if (spec.empty()) return;
        std::vector<UrlHost> hosts;
        std::size_t begin = 0;
        while (true) {
            const auto comma = spec.find(',', begin);
            hosts.push_back(parse_host(spec.substr(begin, comma - begin)));
            if (comma == std::string_view::npos) break;
            begin = comma + 1;
        }
        url.set_hosts(std::move(hosts));
    }

    void apply_host_list(std::string_view value, DatabaseUrl& url) const {
        std::vector<UrlHost> hosts;
        std::size_t begin = 0;
        while (true) {
            const auto comma = value.find(',', begin);
            hosts.push_back(UrlHost{std::string(value.substr(begin, comma - begin)), {}});
            if (comma == std::string_view::npos) break;
            begin = comma + 1;
        }
        // ?host= replaces the host names but keeps ports given in the authority.
        const auto& old = url.hosts();
        for (std::size_t i = 0; i < hosts.size() && i < old.size(); ++i)
            hosts[i].port = old[i].port;
        url.set_hosts(std::move(hosts));
    }

    void apply_port_list(std::string_view value, DatabaseUrl& url) const {
        std::vector<std::optional<std::uint16_t>> ports;
        std::size_t begin = 0;
        while (true) {
            const auto comma = value.find(',', begin);
            const auto item = value.substr(begin, comma - begin);
            ports.push_back(item.empty() ? std::nullopt
                                         : std::optional(parse_port(item, "a value of ?port=")));
            if (comma == std::string_view::npos) break;
            begin = comma + 1;
        }
        auto hosts = url.hosts();
        if (hosts.empty()) hosts.push_back({});
        if (ports.size() == 1) {
            for (auto& h : hosts) h.port = ports[0];
        } else if (ports.size() == hosts.size()) {
            for (std::size_t i = 0; i < ports.size(); ++i) hosts[i].port = ports[i];
        } else {
            fail(fmt::format("{} ports given for {} hosts", ports.size(), hosts.size()));
        }
        url.set_hosts(std::move(hosts));
    }

    void parse_query(std::string_view query, DatabaseUrl& url) const {
        std::size_t begin = 0;
        while (begin <= query.size()) {
            const auto amp = std::min(query.find('&', begin), query.size());
            const auto item = query.substr(begin, amp - begin);
            begin = amp + 1;
            if (item.empty()) continue;
            const auto eq = item.find('=');
            const std::string key = decode(item.substr(0, eq), "option name");
            if (eq == std::string_view::npos) {
                fail(fmt::format("option {} has no value (expected NAME=VALUE)",
                                 quoted_option_name(key)));
            }
            std::string value =
                decode(item.substr(eq + 1), "value of option " + quoted_option_name(key));
            // postgresql URLs map the libpq connection keys onto their parts; sqlite URLs keep
            // every key as an option.
            const bool pg = !url.is_sqlite();
            if (pg && key == "host") {
                apply_host_list(value, url);
            } else if (pg && key == "port") {
                apply_port_list(value, url);
            } else if (pg && key == "user") {
                url.set_user(std::move(value));
            } else if (pg && key == "password") {
                url.set_password(std::move(value));
            } else if (pg && key == "dbname") {
                url.set_dbname(std::move(value));
            } else {
                url.set_option(key, std::move(value), origin_);
            }
        }
    }

    DatabaseUrl parse_sqlite(std::string_view rest) const {
        if (rest == ":memory:") return DatabaseUrl::sqlite(":memory:");
        if (!rest.starts_with("//")) {
            fail(
                "expected sqlite:///relative/path.db, sqlite:////absolute/path.db or "
                "sqlite::memory:");
        }
        rest.remove_prefix(2);
        if (!rest.starts_with('/')) {
            fail(
                "sqlite URLs have no host: use sqlite:///relative/path.db or "
                "sqlite:////absolute/path.db");
        }
        rest.remove_prefix(1);
        const auto question = rest.find('?');
        const std::string path = decode(rest.substr(0, question), "path");
        if (path.empty()) fail("sqlite URL has an empty path");
        DatabaseUrl url = DatabaseUrl::sqlite(path);
        if (question != std::string_view::npos) parse_query(rest.substr(question + 1), url);
        return url;
    }

    std::string_view text_;
    std::string_view origin_;
};

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view text, std::string_view origin) {
    return UrlParser(text, origin).parse();
}

DatabaseUrl DatabaseUrl::sqlite(std::string path) {
    DatabaseUrl url;
    url.backend_ = Backend::sqlite;
    url.sqlite_path_ = std::move(path);
    return url;
}

std::optional<std::string> DatabaseUrl::option(std::string_view key) const {
    for (const auto& [k, v] : options_) {
        if (k == key) return v;
    }
    return std::nullopt;
}

void DatabaseUrl::set_host(std::string host) {
    hosts_.clear();
    hosts_.push_back(UrlHost{std::move(host), {}});
}

void DatabaseUrl::set_port(std::uint16_t port) {
    if (hosts_.empty()) hosts_.push_back({});
    for (auto& h : hosts_) h.port = port;
}

void DatabaseUrl::set_option(std::string key, std::string value, std::string_view origin) {
    if (key == "prepare") {
        std::string lower;
        for (const char c : value) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (lower == "on" || lower == "true" || lower == "1" || lower == "yes") {
            prepare_ = true;
        } else if (lower == "off" || lower == "false" || lower == "0" || lower == "no") {
            prepare_ = false;
        } else {
            throw ConfigError(log::redact(fmt::format(
                "{}: option prepare expects on or off (or true/false, 1/0, yes/no)", origin)));
        }
        return;
    }
    if (is_postgres()) {
        if (key == "user") return set_user(std::move(value));
        if (key == "password") return set_password(std::move(value));
        if (key == "dbname") return set_dbname(std::move(value));
        if (key == "host" || key == "port") {
            throw UsageError("DatabaseUrl::set_option: use set_host/set_port/set_hosts for " + key);
        }
    }
    if (is_postgres() && !is_libpq_option(key)) {
        throw ConfigError(
            log::redact(fmt::format("{}: unknown connection option {} (not a libpq keyword)",
                                    origin, quoted_option_name(key))));
    }
    for (auto& [k, v] : options_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    options_.emplace_back(std::move(key), std::move(value));
}

}  // namespace strata
