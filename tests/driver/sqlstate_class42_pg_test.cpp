// SQLSTATE class 42 from a real PostgreSQL: each common code arrives as its own error class.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "driver/pg_test_support.hpp"

namespace strata::driver {
namespace {

using pgtest::connect_fresh;

/// Runs sql and returns the SQLSTATE of the error it must raise as E.
template <class E>
std::string sqlstate_of(Connection& c, const std::string& sql) {
    try {
        c.execute_script(sql);
    } catch (const E& e) {
        return e.sqlstate();
    } catch (const std::exception& e) {
        ADD_FAILURE() << sql << " raised the wrong class: " << e.what();
        return {};
    }
    ADD_FAILURE() << sql << " succeeded";
    return {};
}

class Class42 : public ::testing::Test {
protected:
    void SetUp() override {
        c_.execute_script(
            "CREATE TABLE t (id bigint PRIMARY KEY, v text);"
            "CREATE TABLE u (id bigint, v text);"
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
            "CREATE SCHEMA s; CREATE VIEW vw AS SELECT 1 AS one;"
            "ALTER TABLE t ADD CONSTRAINT t_v_check CHECK (v <> '')");
    }
    Connection c_ = connect_fresh();
};

TEST_F(Class42, DuplicatesHaveTheirOwnClasses) {
    EXPECT_EQ(sqlstate_of<DuplicateTable>(c_, "CREATE TABLE t (id int)"), "42P07");
    EXPECT_EQ(sqlstate_of<DuplicateColumn>(c_, "ALTER TABLE t ADD COLUMN v text"), "42701");
    EXPECT_EQ(sqlstate_of<DuplicateFunction>(
                  c_, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'"),
              "42723");
    EXPECT_EQ(sqlstate_of<DuplicateSchema>(c_, "CREATE SCHEMA s"), "42P06");
    EXPECT_EQ(
        sqlstate_of<DuplicateObject>(c_, "ALTER TABLE t ADD CONSTRAINT t_v_check CHECK (v <> 'x')"),
        "42710");
    EXPECT_EQ(
        sqlstate_of<DuplicatePreparedStatement>(c_, "PREPARE p AS SELECT 1; PREPARE p AS SELECT 2"),
        "42P05");
    // Every duplicate is also a DuplicateObject and a SyntaxOrAccessError, never a SyntaxError.
    EXPECT_EQ(sqlstate_of<DuplicateObject>(c_, "CREATE TABLE t (id int)"), "42P07");
    try {
        c_.execute_script("CREATE TABLE t (id int)");
    } catch (const SyntaxError& e) {
        ADD_FAILURE() << "a duplicate table is not a syntax error: " << e.what();
    } catch (const SyntaxOrAccessError&) {}
}

TEST_F(Class42, UndefinedNamesHaveTheirOwnClasses) {
    EXPECT_EQ(sqlstate_of<UndefinedTable>(c_, "SELECT * FROM missing"), "42P01");
    EXPECT_EQ(sqlstate_of<UndefinedColumn>(c_, "SELECT missing FROM t"), "42703");
    EXPECT_EQ(sqlstate_of<UndefinedFunction>(c_, "SELECT missing_fn(1)"), "42883");
    EXPECT_EQ(sqlstate_of<UndefinedObject>(c_, "SELECT 1::missing_type"), "42704");
    EXPECT_EQ(sqlstate_of<UndefinedObject>(c_, "SELECT * FROM missing"), "42P01");
}

TEST_F(Class42, OtherCommonCodesHaveTheirOwnClasses) {
    EXPECT_EQ(sqlstate_of<SyntaxError>(c_, "SELEC 1"), "42601");
    EXPECT_EQ(sqlstate_of<AmbiguousColumn>(c_, "SELECT id FROM t, u"), "42702");
    EXPECT_EQ(sqlstate_of<DatatypeMismatch>(c_, "INSERT INTO t (id) VALUES (true)"), "42804");
    EXPECT_EQ(sqlstate_of<WrongObjectType>(c_, "ALTER TABLE vw ADD COLUMN x int"), "42809");
    EXPECT_EQ(sqlstate_of<InvalidColumnReference>(
                  c_, "INSERT INTO u VALUES (1, 'a') ON CONFLICT (v) DO NOTHING"),
              "42P10");
    EXPECT_EQ(sqlstate_of<InvalidStatementName>(c_, "EXECUTE never_prepared"), "26000");
    // A code without a class of its own stays in the class-42 base, not SyntaxError.
    EXPECT_EQ(
        sqlstate_of<SyntaxOrAccessError>(c_, "SELECT count(*) FROM t GROUP BY v HAVING id > 0"),
        "42803");
}

TEST_F(Class42, InsufficientPrivilegeForARoleWithoutGrants) {
    c_.execute_script(
        "CREATE ROLE strata_class42_nobody NOLOGIN;"
        "GRANT USAGE ON SCHEMA public TO strata_class42_nobody");
    c_.execute_script("BEGIN; SET LOCAL ROLE strata_class42_nobody");
    EXPECT_EQ(sqlstate_of<InsufficientPrivilege>(c_, "SELECT * FROM t"), "42501");
    c_.execute_script(
        "ROLLBACK; DROP OWNED BY strata_class42_nobody; DROP ROLE strata_class42_nobody");
}

}  // namespace
}  // namespace strata::driver
