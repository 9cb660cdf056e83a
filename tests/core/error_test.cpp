// The SQLSTATE -> class table, throw_sql_error's dynamic type, predicates and messages.
#include "strata/core/error.hpp"

#include <gtest/gtest.h>

#include <typeindex>
#include <typeinfo>

#include "strata/core/log.hpp"

namespace strata {
namespace {

SqlErrorInfo info_for(std::string sqlstate) {
    SqlErrorInfo info;
    info.sqlstate = std::move(sqlstate);
    info.message = "boom";
    return info;
}

struct Case {
    const char* sqlstate;
    std::type_index type;
};

TEST(SqlErrorTable, MapsEverySqlstateToItsClass) {
    const Case cases[] = {
        {"23505", typeid(UniqueViolation)},
        {"23503", typeid(ForeignKeyViolation)},
        {"23502", typeid(NotNullViolation)},
        {"23514", typeid(CheckViolation)},
        {"23P01", typeid(ExclusionViolation)},
        {"23001", typeid(ConstraintViolation)},
        {"40001", typeid(SerializationFailure)},
        {"40P01", typeid(DeadlockDetected)},
        {"57014", typeid(QueryCanceled)},
        {"55P03", typeid(LockNotAvailable)},
        {"42P01", typeid(UndefinedTable)},
        {"42703", typeid(UndefinedColumn)},
        {"42501", typeid(InsufficientPrivilege)},
        {"42601", typeid(SyntaxError)},
        {"42883", typeid(UndefinedFunction)},
        {"42704", typeid(UndefinedObject)},
        {"42P07", typeid(DuplicateTable)},
        {"42701", typeid(DuplicateColumn)},
        {"42710", typeid(DuplicateObject)},
        {"42723", typeid(DuplicateFunction)},
        {"42P06", typeid(DuplicateSchema)},
        {"42P04", typeid(DuplicateDatabase)},
        {"42P05", typeid(DuplicatePreparedStatement)},
        {"42702", typeid(AmbiguousColumn)},
        {"42804", typeid(DatatypeMismatch)},
        {"42809", typeid(WrongObjectType)},
        {"42P10", typeid(InvalidColumnReference)},
        {"42803", typeid(SyntaxOrAccessError)},
        {"42000", typeid(SyntaxOrAccessError)},
        {"26000", typeid(InvalidStatementName)},
        {"08006", typeid(ServerConnectionFailure)},
        {"08001", typeid(ServerConnectionFailure)},
        {"57P01", typeid(ServerConnectionFailure)},
        {"57P02", typeid(ServerConnectionFailure)},
        {"57P03", typeid(ServerConnectionFailure)},
        {"22012", typeid(SqlError)},
        {"XX000", typeid(SqlError)},
        {"", typeid(SqlError)},
    };
    for (const auto& c : cases) {
        const auto error = make_sql_error(info_for(c.sqlstate));
        const SqlError& ref = *error;
        EXPECT_EQ(std::type_index(typeid(ref)), c.type) << c.sqlstate;
        EXPECT_EQ(error->sqlstate(), c.sqlstate);
    }
}

TEST(SqlErrorTable, ThrowSqlErrorThrowsTheConcreteDynamicType) {
    const Case cases[] = {
        {"23505", typeid(UniqueViolation)},
        {"23000", typeid(ConstraintViolation)},
        {"40001", typeid(SerializationFailure)},
        {"57014", typeid(QueryCanceled)},
        {"08003", typeid(ServerConnectionFailure)},
        {"42601", typeid(SyntaxError)},
        {"P0001", typeid(SqlError)},
    };
    for (const auto& c : cases) {
        try {
            throw_sql_error(info_for(c.sqlstate));
            FAIL() << "did not throw";
        } catch (const Error& e) {
            EXPECT_EQ(std::type_index(typeid(e)), c.type) << c.sqlstate;
        }
    }
}

TEST(SqlErrorTable, UniqueViolationIsCaughtAsConstraintViolation) {
    EXPECT_THROW(throw_sql_error(info_for("23505")), ConstraintViolation);
    EXPECT_THROW(throw_sql_error(info_for("23505")), SqlError);
}

TEST(SqlErrorPredicates, RetryableOnlyForSerializationFailureAndDeadlock) {
    EXPECT_TRUE(make_sql_error(info_for("40001"))->is_retryable());
    EXPECT_TRUE(make_sql_error(info_for("40P01"))->is_retryable());
    for (const char* code : {"23505", "57014", "55P03", "42601", "08006", "XX000"}) {
        EXPECT_FALSE(make_sql_error(info_for(code))->is_retryable()) << code;
    }
}

TEST(SqlErrorPredicates, ConnectionFailuresPoisonTheConnection) {
    for (const char* code : {"08006", "08000", "57P01", "57P02", "57P03"}) {
        EXPECT_TRUE(make_sql_error(info_for(code))->poisons_connection()) << code;
    }
    for (const char* code : {"23505", "40001", "57014", "42P01"}) {
        EXPECT_FALSE(make_sql_error(info_for(code))->poisons_connection()) << code;
    }
    EXPECT_TRUE(ConnectionError("lost").poisons_connection());
    EXPECT_TRUE(ConnectionError("lost", true).is_retryable());
    EXPECT_FALSE(ConfigError("x").poisons_connection());
}

TEST(SqlErrorMessage, ReadsLikeTheServerReportWithObjectQueryAndCallSite) {
    SqlErrorInfo info;
    info.sqlstate = "23505";
    info.severity = "ERROR";
    info.message = "duplicate key value violates unique constraint \"uq_users_email\"";
    info.detail = "Key (email)=(a@example.com) already exists.";
    info.hint = "Use another email.";
    info.constraint = "uq_users_email";
    info.table = "users";
    info.schema = "public";
    info.query = "INSERT INTO users (email)\n    VALUES ($1)";
    info.location = std::source_location::current();
    const int line = static_cast<int>(info.location.line());
    const UniqueViolation error(info);
    EXPECT_EQ(std::string(error.what()),
              "ERROR 23505: duplicate key value violates unique constraint \"uq_users_email\" "
              "(constraint uq_users_email on table users) DETAIL: Key (email)=(a@example.com) "
              "already exists. HINT: Use another email. [query: INSERT INTO users (email) VALUES "
              "($1)] at error_test.cpp:" +
                  std::to_string(line));
    EXPECT_EQ(error.constraint(), "uq_users_email");
    EXPECT_EQ(error.table(), "users");
}

TEST(SqlErrorMessage, NamesColumnAndPositionWhenGiven) {
    SqlErrorInfo info = info_for("42703");
    info.message = "column \"nme\" does not exist";
    info.column = "nme";
    info.table = "users";
    info.query = "SELECT nme FROM users";
    info.position = 8;
    const std::string what = make_sql_error(info)->what();
    EXPECT_NE(what.find("(column nme of table users)"), std::string::npos) << what;
    EXPECT_NE(what.find("[query, at character 8: SELECT nme FROM users]"), std::string::npos)
        << what;
}

TEST(SqlErrorMessage, IsRedacted) {
    log::register_secret("hunter2-error-test");
    SqlErrorInfo info = info_for("28P01");
    info.message = "password authentication failed";
    info.query = "ALTER ROLE app PASSWORD 'hunter2-error-test'";
    const std::string what = make_sql_error(info)->what();
    EXPECT_EQ(what.find("hunter2-error-test"), std::string::npos) << what;
    EXPECT_NE(what.find("****"), std::string::npos) << what;
    log::clear_secrets();
}

}  // namespace
}  // namespace strata
