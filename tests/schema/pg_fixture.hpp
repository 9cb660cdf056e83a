// Test helper: a fresh PostgreSQL database per test, with a connection and an introspect()
// shortcut.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "strata/driver/connection.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace strata::schema::test {

/// Drops the subscriptions of the connection's database (a database with subscriptions cannot
/// be dropped), detaching them from their slots first: they never connected.
inline void drop_subscriptions(driver::Connection& conn) {
    auto names = conn.query(
        "SELECT quote_ident(subname) FROM pg_subscription WHERE subdbid = (SELECT oid FROM "
        "pg_database WHERE datname = current_database())");
    for (const auto& r : names) {
        auto name = r.get<std::string>(0);
        conn.execute("ALTER SUBSCRIPTION " + name + " DISABLE");
        conn.execute("ALTER SUBSCRIPTION " + name + " SET (slot_name = NONE)");
        conn.execute("DROP SUBSCRIPTION " + name);
    }
}

class PgSchemaTest : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = strata::testing::fresh_database_url("schema");
        conn_.emplace(driver::Connection::open(url_));
    }
    void TearDown() override {
        drop_subscriptions(*conn_);
        conn_.reset();
        strata::testing::Server::instance().drop_database(url_);
    }
    void run(std::string_view sql) { conn_->execute_script(sql); }
    Catalog read(const IntrospectOptions& options = {}) { return introspect(*conn_, options); }
    const Table& table(const Catalog& cat, std::string_view name,
                       std::string_view schema = "public") {
        const auto* t = cat.find_table(schema, name);
        if (!t) throw std::runtime_error("no table " + std::string(name));
        return *t;
    }

    std::string url_;
    std::optional<driver::Connection> conn_;
};

}  // namespace strata::schema::test
