// Errors name the caller's line: Session::query, the builder's runners and Repository methods
// capture std::source_location where the user called them, not inside strata's headers.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "orm/models.hpp"
#include "strata/core/error.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/database.hpp"
#include "strata/testing/server.hpp"

namespace strata::orm::test {
namespace {

/// Runs fn, which must throw a SqlError, and checks the error names this file and line.
void expect_error_at(const std::function<void()>& fn, std::uint_least32_t line) {
    try {
        fn();
        ADD_FAILURE() << "no error";
    } catch (const SqlError& e) {
        const std::string file = e.info().location.file_name();
        EXPECT_TRUE(file.ends_with("call_site_pg_test.cpp")) << file << "\n" << e.what();
        EXPECT_EQ(e.info().location.line(), line) << e.what();
        EXPECT_NE(std::string(e.what()).find("call_site_pg_test.cpp:" + std::to_string(line)),
                  std::string::npos)
            << e.what();
    }
}

class CallSite : public ::testing::Test {
protected:
    void SetUp() override {
        db_.emplace(Database::open({.url = strata::testing::fresh_database_url("orm_call_site")}));
        db_->transact([](Session& s) {
            s.execute_script(
                "CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);"
                "INSERT INTO owners VALUES (1, 'ann')");
        });
    }
    std::optional<Database> db_;
};

// Each case runs in a transaction of its own (begin(): the failed one is rolled back when tx
// goes out of scope), so the error can be caught right at the call.
TEST_F(CallSite, SessionQueryNamesTheCallersLine) {
    {
        auto tx = db_->begin();
        Session& s = tx.session();
        expect_error_at([&] { (void)s.query("SELECT * FROM missing_table"); }, __LINE__);
    }
    {
        auto tx = db_->begin();
        Session& s = tx.session();
        expect_error_at([&] { (void)s.query("SELECT $1::int / 0", 1); }, __LINE__);
    }
}

TEST_F(CallSite, RepositoryMethodsNameTheCallersLine) {
    {
        auto tx = db_->begin();
        Repository<Owner> owners(tx.session());
        expect_error_at([&] { (void)owners.insert(Owner{1, "dup", {}}); }, __LINE__);
    }
    {
        auto tx = db_->begin();
        Repository<Owner> owners(tx.session());
        const Owner ann2{2, "ann", {}};
        expect_error_at([&] { (void)owners.upsert(ann2, {&Owner::id}, {&Owner::name}); }, __LINE__);
    }
    {
        auto tx = db_->begin();
        Repository<Owner> owners(tx.session());
        const auto patch = Patch<Owner>{}.set(&Owner::name, std::string(30, 'x'));
        tx.session().execute_script("ALTER TABLE owners ADD CHECK (length(name) < 10)");
        expect_error_at([&] { (void)owners.update_by_id(1, patch); }, __LINE__);
    }
    {
        auto tx = db_->begin();
        Repository<Owner> owners(tx.session());
        tx.session().execute_script("DROP TABLE owners");
        expect_error_at([&] { (void)owners.get_by_id(1); }, __LINE__);
    }
}

TEST_F(CallSite, TheBuildersRunnersNameTheCallersLine) {
    {
        auto tx = db_->begin();
        Session& s = tx.session();
        const auto q = select<Owner>().where(col(&Owner::id) == std::int64_t{1});
        s.execute_script("DROP TABLE owners");
        expect_error_at([&] { (void)fetch(s, q); }, __LINE__);
    }
    {
        auto tx = db_->begin();
        Session& s = tx.session();
        const auto ins = insert<Owner>().values(Owner{1, "x", {}});
        expect_error_at([&] { (void)execute(s, ins); }, __LINE__);
    }
}

}  // namespace
}  // namespace strata::orm::test
