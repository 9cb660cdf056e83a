// Verification on the database the current schema was read from (Scratch::current_database):
// nothing is rebuilt from the dump, the database is used and dropped, failures still name what
// did not converge.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autogen/autogen_support.hpp"

namespace strata::autogen::test {
namespace {

constexpr const char* kCurrent =
    "CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);\n"
    "CREATE TABLE login (id bigint PRIMARY KEY, account_id bigint REFERENCES account (id));\n";

/// A scratch database holding kCurrent (the current state), the catalog read from it, and a
/// Scratch whose create must not be called.
struct Given {
    std::string url = testing::fresh_database_url("given");
    schema::Catalog catalog;
    std::vector<std::string> dropped;
    int created = 0;

    Given() {
        auto conn = driver::Connection::open(url);
        conn.execute_script(kCurrent);
        catalog = schema::introspect(conn);
    }
    ~Given() {
        try {
            testing::Server::instance().drop_database(url);
        } catch (const Error&) {  // dropped by verification, as it should be
        }
    }
    Given(const Given&) = delete;
    Given& operator=(const Given&) = delete;

    Scratch scratch() {
        auto s = test_scratch();
        s.create = [this] {
            ++created;
            return testing::fresh_database_url("unexpected");
        };
        s.drop = [this](const std::string& u) {
            dropped.push_back(u);
            testing::Server::instance().drop_database(u);
        };
        s.current_database = [this] { return url; };
        return s;
    }
};

TEST(AutogenVerifyGiven, VerifiesOnTheGivenDatabaseWithoutRebuildingItAndDropsIt) {
    Given given;
    auto desired = load(std::string(kCurrent) +
                        "ALTER TABLE account ADD COLUMN created_at timestamptz;\n"
                        "CREATE INDEX login_account_id ON login (account_id);\n");
    auto plan = autogen::plan(given.catalog, desired, {});
    ASSERT_FALSE(plan.empty());
    auto verified = verify(plan, given.catalog, desired, given.scratch());
    EXPECT_GE(verified.up_statements, 2U);
    EXPECT_GE(verified.down_statements, 2U);
    EXPECT_EQ(given.created, 0) << "the current schema was rebuilt instead of used";
    EXPECT_THAT(given.dropped, ::testing::ElementsAre(given.url));
}

TEST(AutogenVerifyGiven, ADownThatDoesNotRestoreTheGivenDatabaseIsNamed) {
    Given given;
    auto desired = load(std::string(kCurrent) + "ALTER TABLE account ADD COLUMN note text;\n");
    auto plan = autogen::plan(given.catalog, desired, {});
    ASSERT_FALSE(plan.changes.empty());
    for (auto& change : plan.changes) change.down.clear();  // a down that forgets the column
    try {
        (void)verify(plan, given.catalog, desired, given.scratch());
        FAIL() << "a down that leaves the column was accepted";
    } catch (const VerificationError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("does not restore the current schema"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("account"));
    }
    EXPECT_EQ(given.created, 0);
    EXPECT_THAT(given.dropped, ::testing::ElementsAre(given.url));
}

}  // namespace
}  // namespace strata::autogen::test
