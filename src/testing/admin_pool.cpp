// A process-wide pool of libpq admin connections per server URL.
#include "testing/admin_pool.hpp"

#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.hpp"
#include "strata/core/quote.hpp"
#include "strata/sql/quote.hpp"
#include "strata/testing/server.hpp"

namespace strata::testing::detail {
namespace {

struct Pool {
    std::mutex mutex;
    std::map<std::string, std::vector<std::unique_ptr<AdminConnection>>> idle;
};

Pool& pool() {
    static Pool* p = new Pool();  // leaked: leases may be returned from static destructors
    return *p;
}

}  // namespace

AdminLease::AdminLease(std::string url, std::unique_ptr<AdminConnection> conn)
    : url_(std::move(url)), conn_(std::move(conn)) {}

AdminLease::~AdminLease() {
    if (!conn_) return;
    auto& p = pool();
    std::scoped_lock lock(p.mutex);
    auto& list = p.idle[url_];
    if (list.size() < 4) list.push_back(std::move(conn_));
}

AdminLease admin_lease(const std::string& url) {
    {
        auto& p = pool();
        std::scoped_lock lock(p.mutex);
        auto& list = p.idle[url];
        if (!list.empty()) {
            auto conn = std::move(list.back());
            list.pop_back();
            return AdminLease(url, std::move(conn));
        }
    }
    return AdminLease(url, std::make_unique<AdminConnection>(url));
}

bool wait_for_backends(AdminConnection& admin, const std::string& name, std::size_t expected,
                       std::chrono::milliseconds limit) {
    const auto query = fmt::format(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = {} AND pid <> pg_backend_pid()",
        sql::quote_literal(name));
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::stoul(admin.query_value(query).value_or("0")) > expected) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

void drop_database_quickly(AdminConnection& conn, const std::string& name) {
    const char* wait = std::getenv("STRATA_TEST_DROP_WAIT");  // "0": off, for comparisons
    if (wait == nullptr || std::string_view(wait) != "0") {
        using std::chrono::milliseconds;
        if (!wait_for_backends(conn, name, 0, milliseconds(20))) {
            conn.exec(fmt::format(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {} AND "
                "pid <> pg_backend_pid()",
                sql::quote_literal(name)));
            (void)wait_for_backends(conn, name, 0, milliseconds(180));
        }
    }
    conn.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_identifier(name)));
}

std::string resolve_admin_url(const std::string& url) {
    return url.empty() ? Server::instance().admin_url() : url;
}

std::string create_from_template_sql(const std::string& name, const std::string& tpl,
                                     const std::string& configured_admin_url) {
    std::string strategy;
    if (configured_admin_url.empty()) {
        strategy = Server::instance().clone_strategy();
    } else if (const char* env = std::getenv("STRATA_TEST_CLONE_STRATEGY"); env != nullptr) {
        for (const char* c = env; *c != '\0'; ++c)
            strategy += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
        if (strategy == "DEFAULT") strategy.clear();
        if (!strategy.empty() && strategy != "WAL_LOG" && strategy != "FILE_COPY") {
            throw UsageError(fmt::format(
                "STRATA_TEST_CLONE_STRATEGY={}: expected WAL_LOG, FILE_COPY or default", env));
        }
    }
    auto sql = fmt::format("CREATE DATABASE {} TEMPLATE {}", quote_identifier(name),
                           quote_identifier(tpl));
    if (!strategy.empty()) sql += " STRATEGY " + strategy;
    return sql;
}

}  // namespace strata::testing::detail
