// DatabaseTest: a GoogleTest fixture giving each test a fresh migrated database.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "strata/core/error.hpp"
#include "strata/session/database.hpp"
#include "strata/session/transaction.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::testing {

/// Each test gets its own clone of the migrated template (see migrated_database): dropped after
/// a passing test, kept after a failing one with its URL printed on stderr. Override options()
/// to choose the migrations, seeds or transaction-rollback mode:
///
///     class Orders : public strata::testing::DatabaseTest {
///         TestDatabaseOptions options() const override {
///             return {.migrations_dir = "db/migrations"};
///         }
///     };
///     TEST_F(Orders, AreCreatedOpen) { db().transact([](strata::Session& s) { ... }); }
///
/// Rollback mode (options().transaction_rollback): one clone per process and template with a
/// pool of one connection; SetUp BEGINs, TearDown ROLLs BACK; use session(), never commit.
/// Link strata::testing_gtest (header-only; strata::testing itself needs no GoogleTest).
/// Thread-safety: like any fixture, one test per instance.
class DatabaseTest : public ::testing::Test {
protected:
    /// What the database is made from; default: $STRATA_TEST_MIGRATIONS_DIR or db/migrations.
    [[nodiscard]] virtual TestDatabaseOptions options() const { return {}; }

    void SetUp() override {
        auto opts = options();
        if (opts.transaction_rollback) {
            shared_ = &process_database(opts);
            transaction_.emplace(shared_->begin());
        } else {
            clone_.emplace(migrated_database(opts));
        }
    }

    void TearDown() override {
        if (transaction_) {
            transaction_->rollback();
            transaction_.reset();
        }
        if (clone_ && HasFailure()) {
            const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
            clone_->keep(info != nullptr
                             ? std::string(info->test_suite_name()) + "." + info->name() + " failed"
                             : std::string("test failed"));
        }
        clone_.reset();  // drops it unless kept
    }

    /// The test's database (rollback mode: the process's shared clone; use session()).
    [[nodiscard]] session::Database& db() { return clone_ ? clone_->database() : *shared_; }
    /// URL of the test's clone (empty in rollback mode).
    [[nodiscard]] std::string url() const { return clone_ ? clone_->url() : std::string(); }
    /// The test's clone (nullptr in rollback mode).
    [[nodiscard]] TestDatabase* clone() { return clone_ ? &*clone_ : nullptr; }
    /// Rollback mode: the session of the test's transaction (UsageError otherwise).
    [[nodiscard]] session::Session& session() {
        if (!transaction_) {
            throw UsageError("DatabaseTest::session() needs options().transaction_rollback");
        }
        return transaction_->session();
    }

private:
    std::optional<TestDatabase> clone_;
    session::Database* shared_ = nullptr;
    std::optional<session::Transaction> transaction_;
};

}  // namespace strata::testing
