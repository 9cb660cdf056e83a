// The PostgreSQL examples of docs/testing.md, compiled and run as they are printed there.
#include <gtest/gtest.h>

#include <cstdint>

#include "docs/project_dir.hpp"
#include "strata/testing/test_database.hpp"

// clang-format off
// snippet:begin gtest
#include "strata/testing/database_test.hpp"

class Orders : public strata::testing::DatabaseTest {
    strata::testing::TestDatabaseOptions options() const override {
        return {.migrations_dir = PROJECT_DIR "/db/migrations"};
    }
};

TEST_F(Orders, StartOpen) {
    db().transact([](strata::Session& s) { s.execute("INSERT INTO orders DEFAULT VALUES"); });
}
// snippet:end gtest
// clang-format on

namespace {

TEST(TestingDocs, AnyOtherFramework) {
    const docs::InProjectCopy project("project");
    const bool failed = false;
    std::int64_t orders = 0;
    {
        // clang-format off
        // snippet:begin any-framework
        auto tdb = strata::testing::migrated_database({.migrations_dir = "db/migrations", .seed = false});
        tdb.database().transact([](strata::Session& s) { s.execute("INSERT INTO orders DEFAULT VALUES"); });
        if (failed) tdb.keep("why");   // otherwise dropped when tdb goes out of scope
        // snippet:end any-framework
        // clang-format on
        orders = tdb.database().transact([](strata::Session& s) {
            return s.query("SELECT count(*) FROM orders").scalar<std::int64_t>();
        });
    }
    EXPECT_EQ(orders, 1);
}

}  // namespace
