// DatabaseUrl: a parsed postgresql:// or sqlite: URL, printable without its password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata {

/// One host of a (possibly multi-host) PostgreSQL URL. A host starting with '/' is a unix-socket
/// directory; IPv6 addresses are stored without brackets.
struct UrlHost {
    std::string host;                   ///< empty: libpq's default
    std::optional<std::uint16_t> port;  ///< nullopt: libpq's default (5432)
    bool operator==(const UrlHost&) const = default;
};

/// A database URL as strata accepts it:
///   postgresql://[user[:password]@][host[:port][,host[:port]...]][/dbname][?key=value&...]
///   (postgres:// too; IPv6 hosts in brackets; unix sockets as ?host=/dir or %2Fdir; query keys
///   are libpq connection keywords, except strata's own `prepare=on|off`), and
///   sqlite:///relative.db, sqlite:////absolute.db, sqlite::memory:.
/// Components are stored percent-decoded. Thread-safety: a value type; const members are safe to
/// call concurrently.
class DatabaseUrl {
public:
    enum class Backend { postgres, sqlite };

    /// Parses text. Throws ConfigError "<origin>: <problem>" (never echoing the password), where
    /// origin names where the text came from, e.g. "DATABASE_URL" or "strata.toml:3".
    [[nodiscard]] static DatabaseUrl parse(std::string_view text,
                                           std::string_view origin = "database URL");
    /// A SQLite database at path (":memory:" for an in-memory one).
    [[nodiscard]] static DatabaseUrl sqlite(std::string path);
    /// An empty PostgreSQL URL (all libpq defaults), to be filled with the setters.
    DatabaseUrl() = default;

    [[nodiscard]] Backend backend() const noexcept { return backend_; }
    [[nodiscard]] bool is_sqlite() const noexcept { return backend_ == Backend::sqlite; }
    [[nodiscard]] bool is_postgres() const noexcept { return backend_ == Backend::postgres; }

    [[nodiscard]] const std::vector<UrlHost>& hosts() const noexcept { return hosts_; }
    [[nodiscard]] const std::string& user() const noexcept { return user_; }
    [[nodiscard]] const std::optional<std::string>& password() const noexcept { return password_; }
    [[nodiscard]] const std::string& dbname() const noexcept { return dbname_; }
    /// libpq keywords from the query string, in order (e.g. {"sslmode", "require"}).
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& options() const noexcept {
        return options_;
    }
    /// The value of one libpq option, if given.
    [[nodiscard]] std::optional<std::string> option(std::string_view key) const;
    /// strata's `prepare=on|off` option (not passed to libpq); nullopt when absent.
    [[nodiscard]] std::optional<bool> prepare() const noexcept { return prepare_; }
    /// The SQLite file path (":memory:" for in-memory); empty for PostgreSQL URLs.
    [[nodiscard]] const std::string& sqlite_path() const noexcept { return sqlite_path_; }

    /// Replaces the host list.
    void set_hosts(std::vector<UrlHost> hosts) { hosts_ = std::move(hosts); }
    /// Replaces all hosts with one.
    void set_host(std::string host);
    /// Sets the port of every host (adding an empty host when there is none).
    void set_port(std::uint16_t port);
    void set_user(std::string user) { user_ = std::move(user); }
    void set_password(std::optional<std::string> password) { password_ = std::move(password); }
    void set_dbname(std::string dbname) { dbname_ = std::move(dbname); }
    /// Sets (or replaces) a libpq option; "prepare" sets prepare(). Throws ConfigError naming
    /// origin for keys libpq does not know.
    void set_option(std::string key, std::string value, std::string_view origin = "database URL");

    enum class Password { redact, reveal };
    /// The URL in canonical form; the password as "****" unless reveal is asked for.
    [[nodiscard]] std::string to_string(Password password = Password::redact) const;
    /// A libpq conninfo string (keyword='value' pairs, quoted and escaped) for PQconnectdb.
    /// Contains the password: never print it (log::redact masks it if it is printed by mistake).
    [[nodiscard]] std::string libpq_conninfo() const;

    bool operator==(const DatabaseUrl&) const = default;

private:
    Backend backend_ = Backend::postgres;
    std::vector<UrlHost> hosts_;
    std::string user_;
    std::optional<std::string> password_;
    std::string dbname_;
    std::vector<std::pair<std::string, std::string>> options_;
    std::optional<bool> prepare_;
    std::string sqlite_path_;
};

/// True when key is a libpq connection keyword that a URL query may carry.
[[nodiscard]] bool is_libpq_option(std::string_view key);

}  // namespace strata
