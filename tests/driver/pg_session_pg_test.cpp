// PostgreSQL session behaviour: errors, cancellation, timeouts, notices, lost connections.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "driver/pg_events.hpp"
#include "driver/pg_test_support.hpp"
#include "strata/core/log.hpp"

namespace strata::driver {
namespace {

using namespace std::chrono_literals;
using pgtest::connect_fresh;

TEST(PgErrors, UniqueViolationCarriesConstraintTableAndQuery) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE u (email text CONSTRAINT u_email_key UNIQUE)");
    (void)c.query("INSERT INTO u VALUES ($1)", "a@x");
    try {
        (void)c.query("INSERT INTO u VALUES ($1)", "a@x");
        FAIL();
    } catch (const UniqueViolation& e) {
        EXPECT_EQ(e.sqlstate(), "23505");
        EXPECT_EQ(e.constraint(), "u_email_key");
        EXPECT_EQ(e.table(), "u");
        EXPECT_EQ(e.info().schema, "public");
        EXPECT_FALSE(e.detail().empty());
        EXPECT_EQ(e.query(), "INSERT INTO u VALUES ($1)");
        EXPECT_EQ(e.info().severity, "ERROR");
        EXPECT_NE(std::string(e.info().location.file_name()).find("pg_session_pg_test"),
                  std::string::npos);
    }
}

TEST(PgErrors, SyntaxErrorCarriesPosition) {
    auto c = connect_fresh();
    try {
        (void)c.query("SELECT FROM WHERE");
        FAIL();
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.sqlstate(), "42601");
        EXPECT_TRUE(e.info().position.has_value());
    }
    EXPECT_THROW((void)c.query("SELECT * FROM missing_table"), UndefinedTable);
}

TEST(PgTransactions, StateFollowsTheSession) {
    auto c = connect_fresh();
    EXPECT_EQ(c.transaction_state(), TransactionState::idle);
    c.execute_script("BEGIN");
    EXPECT_EQ(c.transaction_state(), TransactionState::in_transaction);
    EXPECT_THROW((void)c.query("SELECT 1/0"), SqlError);
    EXPECT_EQ(c.transaction_state(), TransactionState::failed);
    c.execute_script("ROLLBACK");
    EXPECT_EQ(c.transaction_state(), TransactionState::idle);
}

TEST(PgCancel, CancelFromAnotherThreadStopsASleepQuickly) {
    auto c = connect_fresh();
    auto handle = c.cancel_handle();
    auto admin = Connection::open(strata::testing::Server::instance().admin_url());
    const int pid = c.backend_pid();
    std::thread t([&] {
        // Cancel once the server shows the statement sleeping (not after a guessed delay).
        EXPECT_TRUE(pgtest::wait_for_wait_event(admin, pid, "PgSleep"));
        EXPECT_TRUE(handle->cancel());
    });
    EXPECT_THROW((void)c.query("SELECT pg_sleep(60)"), QueryCanceled);  // not the full minute
    t.join();
    EXPECT_EQ(c.query("SELECT 1").scalar<std::int32_t>(), 1);
}

TEST(PgTimeout, PerCallTimeoutCancelsAndDoesNotLeak) {
    for (bool prepare : {true, false}) {
        auto c = connect_fresh(prepare);
        const auto before = c.query("SHOW statement_timeout").scalar<std::string>();
        const auto start = std::chrono::steady_clock::now();
        EXPECT_THROW((void)c.execute("SELECT pg_sleep(5)", {}, {.timeout = 200ms, .prepare = {}}),
                     QueryCanceled);
        EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
        EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), before);
        EXPECT_EQ(c.execute("SELECT pg_sleep(0.3)::text, 1", {}, {.timeout = 2s, .prepare = {}})[0]
                      .get<std::int32_t>(1),
                  1);
        EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), before);
        (void)c.query("SELECT pg_sleep(0.5)");  // no timeout left behind
    }
}

TEST(PgTimeout, RestoresASessionLevelSetting) {
    auto c = connect_fresh();
    c.execute_script("SET statement_timeout = '45s'");
    (void)c.execute("SELECT 1", {}, {.timeout = 100ms, .prepare = {}});
    EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), "45s");
}

TEST(PgTimeout, InsideATransactionCancelsAndRestoresTheSetting) {
    auto c = connect_fresh();
    c.execute_script("BEGIN");
    (void)c.execute("SELECT 1", {}, {.timeout = 100ms, .prepare = {}});
    EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), "0");
    EXPECT_THROW((void)c.execute("SELECT pg_sleep(5)", {}, {.timeout = 200ms, .prepare = {}}),
                 QueryCanceled);
    c.execute_script("ROLLBACK");
    EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), "0");
}

// VACUUM refuses to run inside a transaction (or a pipeline segment with another statement):
// the timed call falls back to a session-level setting and still applies the timeout.
TEST(PgTimeout, AppliesToStatementsThatCannotRunInATransaction) {
    auto c = connect_fresh();
    c.execute_script("CREATE TABLE vac (id int); INSERT INTO vac SELECT generate_series(1, 100)");
    (void)c.execute("VACUUM vac", {}, {.timeout = 5s, .prepare = {}});
    EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), "0");
    (void)c.execute("CREATE INDEX CONCURRENTLY vac_id ON vac (id)", {},
                    {.timeout = 5s, .prepare = false});
    EXPECT_EQ(c.query("SELECT count(*) FROM pg_indexes WHERE indexname = 'vac_id'")
                  .scalar<std::int64_t>(),
              1);
    EXPECT_EQ(c.query("SHOW statement_timeout").scalar<std::string>(), "0");
}

TEST(PgNotices, ReachTheLogSink) {
    std::mutex m;
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) {
        std::lock_guard lock(m);
        lines.emplace_back(line);
    });
    {
        auto c = connect_fresh();
        c.execute_script("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$");
    }
    log::set_sink(nullptr);
    bool seen = false;
    for (const auto& l : lines) seen = seen || l.find("hello from plpgsql") != std::string::npos;
    EXPECT_TRUE(seen);
}

TEST(PgEcho, LogsStatementsWithDurationAndParameters) {
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) { lines.emplace_back(line); });
    ConnectOptions o;
    o.url = strata::testing::fresh_database_url("driver");
    o.echo = true;
    o.echo_params = true;
    auto c = Connection::open(o);
    (void)c.query("SELECT $1::int4", 42);
    log::set_sink(nullptr);
    bool seen = false;
    for (const auto& l : lines) {
        seen = seen || (l.find("SELECT $1::int4") != std::string::npos &&
                        l.find("$1=42") != std::string::npos && l.find("s)") != std::string::npos);
    }
    EXPECT_TRUE(seen);
}

TEST(PgEcho, LogsAFailingStatementWithItsParametersAndError) {
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) { lines.emplace_back(line); });
    ConnectOptions o;
    o.url = strata::testing::fresh_database_url("driver");
    o.echo = true;
    o.echo_params = true;
    auto c = Connection::open(o);
    EXPECT_THROW((void)c.query("SELECT $1::int4 / 0", 42), SqlError);
    EXPECT_THROW(c.execute_script("SELECT * FROM no_such_table_echo"), UndefinedTable);
    const Statement batch[] = {{"SELECT $1::int4", {to_value(1)}},
                               {"SELECT 1 / $1::int4", {to_value(0)}}};
    EXPECT_THROW((void)c.pipeline(batch), SqlError);
    log::set_sink(nullptr);
    auto seen = [&](std::initializer_list<std::string_view> parts) {
        for (const auto& l : lines) {
            bool all = true;
            for (auto p : parts) all = all && l.find(p) != std::string::npos;
            if (all) return true;
        }
        return false;
    };
    EXPECT_TRUE(seen({"sql failed", "SELECT $1::int4 / 0", "$1=42", "22012"}));
    EXPECT_TRUE(seen({"sql failed", "no_such_table_echo", "42P01"}));
    EXPECT_TRUE(seen({"sql failed", "SELECT 1 / $1::int4", "$1=0", "22012"}));
}

TEST(PgEcho, LogsAFailingStatementWithoutParametersUnlessAsked) {
    std::vector<std::string> lines;
    log::set_sink([&](log::Level, std::string_view line) { lines.emplace_back(line); });
    ConnectOptions o;
    o.url = strata::testing::fresh_database_url("driver");
    o.echo = true;
    auto c = Connection::open(o);
    EXPECT_THROW((void)c.query("SELECT $1::text, 1 / 0", "secret-ish-value"), SqlError);
    log::set_sink(nullptr);
    bool failed_line = false;
    for (const auto& l : lines) {
        if (l.find("sql failed") == std::string::npos) continue;
        failed_line = true;
        EXPECT_EQ(l.find("secret-ish-value"), std::string::npos) << l;  // not in the echo
    }
    EXPECT_TRUE(failed_line);
}

TEST(PgConnectionLoss, TerminatedBackendBreaksTheConnection) {
    auto c = connect_fresh();
    auto admin = Connection::open(strata::testing::Server::instance().admin_url());
    EXPECT_TRUE(pgtest::terminate_backend(admin, c.backend_pid()));
    EXPECT_THROW((void)c.query("SELECT 1"), ConnectionError);
    EXPECT_TRUE(c.is_broken());
    EXPECT_FALSE(c.ping());
    EXPECT_EQ(c.transaction_state(), TransactionState::unknown);
    EXPECT_THROW((void)c.query("SELECT 1"), ConnectionError);
}

TEST(PgConnect, FailureIsAConnectionErrorWithoutThePassword) {
    try {
        (void)Connection::open(
            "postgresql://bob:s3cretpw@/nodb?host=/nonexistent-dir&connect_timeout=1");
        FAIL();
    } catch (const ConnectionError& e) {
        EXPECT_EQ(std::string(e.what()).find("s3cretpw"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)Connection::open("mysql://x"), UsageError);
}

TEST(PgConnect, ReportsServerFacts) {
    auto c = connect_fresh();
    EXPECT_EQ(c.backend(), Backend::postgres);
    EXPECT_GE(c.server_version(), 150000);
    EXPECT_GT(c.backend_pid(), 0);
    EXPECT_TRUE(c.ping());
    EXPECT_EQ(c.query("SELECT current_setting('application_name')").scalar<std::string>(),
              "strata");
}

}  // namespace
}  // namespace strata::driver
