// Administration helpers for strata::testing over driver::Connection (no libpq outside driver).
#include "testing/pg_admin.hpp"

#include <fmt/format.h>

#include <optional>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"

namespace strata::testing::detail {

struct AdminConnection::Impl {
    std::string url;
    std::optional<driver::Connection> conn;

    driver::Connection& live() {
        if (conn && !conn->is_broken()) return *conn;
        conn.reset();
        driver::ConnectOptions options;
        options.url = url;
        options.prepare = false;  // administration: nothing worth caching, DDL everywhere
        options.application_name = "strata_testing";
        conn.emplace(driver::Connection::open(options));
        return *conn;
    }

    /// Runs fn on a live connection; a server restart leaves the connection dead: reconnect
    /// once and run again.
    template <class Fn>
    auto run(Fn&& fn) {
        for (int attempt = 0;; ++attempt) {
            driver::Connection& c = live();
            try {
                return fn(c);
            } catch (const Error&) {
                if (attempt == 0 && c.is_broken()) continue;
                throw;
            }
        }
    }
};

AdminConnection::AdminConnection(std::string url) : impl_(std::make_unique<Impl>()) {
    impl_->url = std::move(url);
}

AdminConnection::~AdminConnection() = default;

void AdminConnection::exec(std::string_view sql) {
    impl_->run([&](driver::Connection& c) { c.execute_script(sql); });
}

std::optional<std::string> AdminConnection::query_value(std::string_view sql) {
    return impl_->run([&](driver::Connection& c) -> std::optional<std::string> {
        driver::ExecOptions options;
        options.text_results = true;  // every type as the server prints it ("t", "42")
        const auto result = c.execute(sql, {}, options);
        if (result.empty() || result.columns() == 0) return std::nullopt;
        const driver::Cell cell = result[0].cell(0);
        if (cell.is_null()) return std::nullopt;
        return std::string(cell.data);
    });
}

std::string query_value_once(const std::string& url, std::string_view sql) {
    AdminConnection conn(url);
    return conn.query_value(sql).value_or("");
}

std::string rewrite_url(const std::string& url, std::string_view dbname, std::string_view user,
                        std::string_view password) {
    DatabaseUrl parsed = DatabaseUrl::parse(url, "database URL");
    if (!dbname.empty()) parsed.set_dbname(std::string(dbname));
    if (!user.empty()) {
        parsed.set_user(std::string(user));
        // Another user never inherits the original user's password.
        parsed.set_password(password.empty() ? std::nullopt : std::optional<std::string>(password));
    } else if (!password.empty()) {
        parsed.set_password(std::string(password));
    }
    return parsed.to_string(DatabaseUrl::Password::reveal);
}

std::string database_of(std::string_view url_or_name) {
    if (url_or_name.find("://") == std::string_view::npos) return std::string(url_or_name);
    return DatabaseUrl::parse(url_or_name, "database URL").dbname();
}

}  // namespace strata::testing::detail
