// Tests for sql::is_transaction_unsafe: each statement PostgreSQL refuses in a transaction.
#include "strata/sql/transaction_safety.hpp"

#include <gtest/gtest.h>

#include "strata/sql/parse_tree.hpp"

namespace strata::sql {
namespace {

std::optional<TransactionUnsafe> check(const std::string& sql,
                                       int version = kDefaultServerVersion) {
    auto tree = parse(sql);
    EXPECT_EQ(tree.statements().size(), 1U) << sql;
    return is_transaction_unsafe(tree.statements().at(0).node, version);
}

struct UnsafeCase {
    const char* sql;
    const char* statement;
};

TEST(TransactionSafety, FlagsEveryStatementTheServerRefusesInATransaction) {
    const UnsafeCase cases[] = {
        {"CREATE INDEX CONCURRENTLY i ON t (a)", "CREATE INDEX CONCURRENTLY"},
        {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", "CREATE INDEX CONCURRENTLY"},
        {"DROP INDEX CONCURRENTLY i", "DROP INDEX CONCURRENTLY"},
        {"REINDEX INDEX CONCURRENTLY i", "REINDEX CONCURRENTLY"},
        {"REINDEX (CONCURRENTLY) TABLE t", "REINDEX CONCURRENTLY"},
        {"REINDEX (VERBOSE, CONCURRENTLY true) TABLE t", "REINDEX CONCURRENTLY"},
        {"REINDEX SCHEMA s", "REINDEX SCHEMA"},
        {"REINDEX DATABASE d", "REINDEX DATABASE"},
        {"REINDEX SYSTEM d", "REINDEX SYSTEM"},
        {"CREATE DATABASE d", "CREATE DATABASE"},
        {"DROP DATABASE IF EXISTS d", "DROP DATABASE"},
        {"ALTER DATABASE d SET TABLESPACE fast", "ALTER DATABASE SET TABLESPACE"},
        {"VACUUM", "VACUUM"},
        {"VACUUM t", "VACUUM"},
        {"VACUUM (ANALYZE) t", "VACUUM"},
        {"VACUUM FULL t", "VACUUM"},
        {"CREATE TABLESPACE fast LOCATION '/ssd'", "CREATE TABLESPACE"},
        {"DROP TABLESPACE fast", "DROP TABLESPACE"},
        {"ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM"},
        {"CLUSTER", "CLUSTER"},
        {"ALTER TABLE t DETACH PARTITION p CONCURRENTLY",
         "ALTER TABLE ... DETACH PARTITION CONCURRENTLY"},
        {"DISCARD ALL", "DISCARD ALL"},
        {"COMMIT PREPARED 'tx1'", "COMMIT PREPARED"},
        {"ROLLBACK PREPARED 'tx1'", "ROLLBACK PREPARED"},
        {"CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p",
         "CREATE SUBSCRIPTION ... WITH (create_slot = true)"},
        {"ALTER SUBSCRIPTION s REFRESH PUBLICATION", "ALTER SUBSCRIPTION ... REFRESH"},
        {"ALTER SUBSCRIPTION s SET PUBLICATION p", "ALTER SUBSCRIPTION with refresh"},
        {"DROP SUBSCRIPTION s", "DROP SUBSCRIPTION"},
    };
    for (const auto& c : cases) {
        auto result = check(c.sql);
        ASSERT_TRUE(result.has_value()) << c.sql;
        EXPECT_EQ(result->statement, c.statement) << c.sql;
        EXPECT_FALSE(result->reason.empty()) << c.sql;
    }
}

TEST(TransactionSafety, AllowsTheirTransactionalCounterparts) {
    const char* cases[] = {
        "CREATE INDEX i ON t (a)",
        "DROP INDEX i",
        "DROP TABLE t",
        "REINDEX INDEX i",
        "REINDEX (CONCURRENTLY false) TABLE t",
        "REINDEX (CONCURRENTLY off) TABLE t",
        "ANALYZE",
        "ANALYZE t (a)",
        "CLUSTER t",
        "CLUSTER t USING t_pkey",
        "ALTER DATABASE d SET work_mem = '64MB'",
        "ALTER DATABASE d CONNECTION LIMIT 5",
        "ALTER TABLE t DETACH PARTITION p",
        "ALTER TABLE t ADD COLUMN b int",
        "DISCARD PLANS",
        "BEGIN",
        "COMMIT",
        "PREPARE TRANSACTION 'tx1'",
        "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = false)",
        "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (connect = false)",
        "ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)",
        "ALTER SUBSCRIPTION s DISABLE",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
        "ALTER TYPE mood ADD VALUE 'meh'",
        "SELECT 1",
    };
    for (const char* sql : cases) {
        auto result = check(sql);
        EXPECT_FALSE(result.has_value()) << sql << ": " << result->statement;
    }
}

TEST(TransactionSafety, FlagsAddingAnEnumValueOnlyBeforePostgres12) {
    auto old_server = check("ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok'", 110022);
    ASSERT_TRUE(old_server.has_value());
    EXPECT_EQ(old_server->statement, "ALTER TYPE ... ADD VALUE");
    EXPECT_FALSE(check("ALTER TYPE mood ADD VALUE 'meh'", 120000).has_value());
    EXPECT_FALSE(check("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", 110022).has_value());
}

TEST(TransactionSafety, ReadsTheRawStmtWrapperToo) {
    auto raw = nlohmann::json::parse(R"({"stmt": {"CreatedbStmt": {"dbname": "d"}}})");
    auto result = is_transaction_unsafe(raw);
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->statement, "CREATE DATABASE");
}

}  // namespace
}  // namespace strata::sql
