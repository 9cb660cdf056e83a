// Compile-time guarantees of the session API: what a Session, Transaction and Lease can do.
#include <gtest/gtest.h>

#include <concepts>
#include <type_traits>

#include "strata/strata.hpp"

namespace {

using strata::Lease;
using strata::Session;
using strata::Transaction;

template <class T>
concept HasCommit = requires(T& t) { t.commit(); };
template <class T>
concept HasRollback = requires(T& t) { t.rollback(); };

TEST(Session, HasNoCommitOrRollback) {
    static_assert(!HasCommit<Session>);
    static_assert(!HasRollback<Session>);
    static_assert(!strata::session::CanEndTransaction<Session>);
    // The checks can fail: the service's Transaction does have them.
    static_assert(HasCommit<Transaction> && HasRollback<Transaction>);
    EXPECT_TRUE(strata::session::CanEndTransaction<Transaction>);
}

TEST(Session, CannotBeCopiedOrMovedOutOfItsTransaction) {
    static_assert(!std::is_copy_constructible_v<Session>);
    static_assert(!std::is_move_constructible_v<Session>);
    SUCCEED();
}

TEST(Transaction, IsMoveOnly) {
    static_assert(!std::is_copy_constructible_v<Transaction>);
    static_assert(std::is_nothrow_move_constructible_v<Transaction>);
    static_assert(std::is_nothrow_destructible_v<Transaction>);
    SUCCEED();
}

TEST(Lease, IsMoveOnly) {
    static_assert(!std::is_copy_constructible_v<Lease>);
    static_assert(std::is_nothrow_move_constructible_v<Lease>);
    SUCCEED();
}

TEST(Pool, RejectsAZeroHardCap) {
    EXPECT_THROW((void)strata::Pool::create("p", {.size = 0, .max_overflow = 0},
                                            [] { return strata::driver::Connection::open("x"); }),
                 strata::UsageError);
}

TEST(Database, OpeningConnectsNothing) {
    // A URL nobody listens on: open() succeeds, the first transaction fails.
    auto db = strata::Database::open({.url = "postgresql://nobody@127.0.0.1:1/none",
                                      .pool = {.timeout = std::chrono::milliseconds(500)}});
    EXPECT_EQ(db.stats().created, 0U);
    EXPECT_EQ(db.redacted_url(), "postgresql://nobody@127.0.0.1:1/none");
    EXPECT_THROW(db.transact([](Session&) {}), strata::ConnectionError);
    EXPECT_EQ(db.stats().open, 0U);
}

TEST(Database, NeverShowsThePasswordOfItsUrl) {
    auto db = strata::Database::open({.url = "postgresql://app:s3cret-pw@127.0.0.1:1/none"});
    EXPECT_EQ(db.redacted_url().find("s3cret-pw"), std::string::npos) << db.redacted_url();
    try {
        db.transact([](Session&) {});
        FAIL() << "connected to port 1";
    } catch (const strata::Error& e) {
        EXPECT_EQ(std::string(e.what()).find("s3cret-pw"), std::string::npos) << e.what();
    }
}

}  // namespace
