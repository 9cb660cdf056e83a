// strata::testing_gtest alone (with GoogleTest's main): the DatabaseTest fixture on SQLite.
#include <cstdint>

#include <strata/testing/database_test.hpp>

class Items : public strata::testing::DatabaseTest {
    strata::testing::TestDatabaseOptions options() const override {
        return {.migrations_dir = PACKAGE_DIR "/db/migrations",
                .admin_url = "sqlite:///testing-gtest.db"};
    }
};

TEST_F(Items, StartEmptyAndTakeARow) {
    db().transact([](strata::Session& s) { s.execute("INSERT INTO item (name) VALUES ('a')"); });
    EXPECT_EQ(db().transact([](strata::Session& s) {
        return s.query("SELECT count(*) FROM item").scalar<std::int64_t>();
    }),
              1);
}
