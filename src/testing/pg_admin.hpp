// Private administration helpers for the testing layer (creating/dropping databases, rewriting
// URLs).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace strata::testing::detail {

/// One driver connection (unnamed statements) used for administration. Reconnects once when the
/// server went away (e.g. after Server::restart()). Thread-safety: none; callers serialise.
class AdminConnection {
public:
    explicit AdminConnection(std::string url);
    ~AdminConnection();
    AdminConnection(const AdminConnection&) = delete;
    AdminConnection& operator=(const AdminConnection&) = delete;

    /// Runs sql (one or more statements); throws strata::Error with the server's message and
    /// SQLSTATE on failure.
    void exec(std::string_view sql);
    /// Runs a query returning at most one value; nullopt for no row or NULL.
    std::optional<std::string> query_value(std::string_view sql);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs one query on a new connection to url and returns its first value ("" when none).
std::string query_value_once(const std::string& url, std::string_view sql);

/// The URL with some connection parts replaced (empty arguments keep the original; a new user
/// drops the old password unless one is given). Throws ConfigError on a URL that does not
/// parse.
std::string rewrite_url(const std::string& url, std::string_view dbname, std::string_view user = {},
                        std::string_view password = {});

/// The database name in a URL, or the argument itself when it is not a URL.
std::string database_of(std::string_view url_or_name);

}  // namespace strata::testing::detail
