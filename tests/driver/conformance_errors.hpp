// Conformance: constraint violations, unknown objects and decode failures throw the same classes.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>

#include "driver/conformance.hpp"

namespace strata::driver::testing {

/// Runs fn, expecting exception E; returns it for further checks.
template <class E, class Fn>
E expect_throws(Fn&& fn) {
    try {
        fn();
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "threw the wrong exception " << typeid(e).name() << ": " << e.what();
        throw;
    }
    ADD_FAILURE() << "did not throw";
    throw std::logic_error("no exception");
}

inline void create_users(Connection& conn) {
    conn.execute_script(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, "
        "age integer CONSTRAINT age_positive CHECK (age > 0))");
    conn.execute_script(
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))");
    conn.query("INSERT INTO users (id, email, age) VALUES ($1, $2, $3)", std::int64_t{1},
               "ann@example.com", 30);
}

TEST_P(DriverConformance, UniqueViolationNamesTheConstraintAndTable) {
    create_users(conn());
    auto e = expect_throws<UniqueViolation>([&] {
        conn().query("INSERT INTO users (id, email) VALUES ($1, $2)", std::int64_t{2},
                     "ann@example.com");
    });
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), "users_email_key");
    EXPECT_EQ(e.table(), "users");
    EXPECT_NE(std::string(e.what()).find("INSERT INTO users"), std::string::npos) << e.what();
}

TEST_P(DriverConformance, PrimaryKeyViolationIsAUniqueViolation) {
    create_users(conn());
    auto e = expect_throws<UniqueViolation>([&] {
        conn().query("INSERT INTO users (id, email) VALUES ($1, $2)", std::int64_t{1}, "x@y.z");
    });
    EXPECT_EQ(e.constraint(), "users_pkey");
}

TEST_P(DriverConformance, NotNullViolationNamesTheColumn) {
    create_users(conn());
    auto e = expect_throws<NotNullViolation>([&] {
        conn().query("INSERT INTO users (id, email) VALUES ($1, $2)", std::int64_t{2},
                     std::nullopt);
    });
    EXPECT_EQ(e.sqlstate(), "23502");
    EXPECT_EQ(e.column(), "email");
    EXPECT_EQ(e.table(), "users");
}

TEST_P(DriverConformance, CheckViolationNamesTheConstraint) {
    create_users(conn());
    auto e = expect_throws<CheckViolation>([&] {
        conn().query("INSERT INTO users (id, email, age) VALUES ($1, $2, $3)", std::int64_t{2},
                     "bob@example.com", -1);
    });
    EXPECT_EQ(e.sqlstate(), "23514");
    EXPECT_EQ(e.constraint(), "age_positive");
}

TEST_P(DriverConformance, ForeignKeyViolationIsEnforced) {
    create_users(conn());
    auto e = expect_throws<ForeignKeyViolation>([&] {
        conn().query("INSERT INTO orders (id, user_id) VALUES ($1, $2)", std::int64_t{1},
                     std::int64_t{99});
    });
    EXPECT_EQ(e.sqlstate(), "23503");
    // Catchable as the common base on both backends.
    EXPECT_THROW(conn().query("INSERT INTO orders (id, user_id) VALUES ($1, $2)", std::int64_t{1},
                              std::int64_t{99}),
                 ConstraintViolation);
}

TEST_P(DriverConformance, UnknownTableAndColumnThrowTheirClasses) {
    create_users(conn());
    auto table = expect_throws<UndefinedTable>([&] { conn().execute("SELECT * FROM nope"); });
    EXPECT_EQ(table.sqlstate(), "42P01");
    auto column = expect_throws<UndefinedColumn>([&] { conn().execute("SELECT nope FROM users"); });
    EXPECT_EQ(column.sqlstate(), "42703");
    EXPECT_THROW(conn().execute("SELEC 1"), SyntaxError);
}

TEST_P(DriverConformance, ConnectionStaysUsableAfterAnError) {
    create_users(conn());
    EXPECT_THROW(conn().execute("SELECT * FROM nope"), SqlError);
    EXPECT_EQ(conn().execute("SELECT count(*) FROM users").scalar<std::int64_t>(), 1);
    EXPECT_FALSE(conn().is_broken());
}

TEST_P(DriverConformance, DecodeErrorNamesTheColumnAndBothTypes) {
    auto result = conn().execute("SELECT 'not a number' AS label");
    auto e = expect_throws<DecodeError>([&] { (void)result[0].get<std::int64_t>("label"); });
    std::string what = e.what();
    EXPECT_NE(what.find("label"), std::string::npos) << what;
    EXPECT_NE(what.find("int64"), std::string::npos) << what;
    for (char& c : what) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(what.find("text"), std::string::npos) << what;  // "text" / "sqlite TEXT"
}

// std::int8_t and the small unsigned types are named like int16, int32 and int64 ("uint8", not
// the compiler's "unsigned char").
TEST_P(DriverConformance, DecodeErrorNamesSmallIntegerTypesLikeTheOthers) {
    auto result =
        conn().execute("SELECT 300 AS level, 'high' AS label, 70000 AS port, -1 AS delta");
    const auto message = [](auto&& decode) {
        return std::string(expect_throws<DecodeError>(decode).what());
    };
    const auto uint8 = message([&] { (void)result[0].get<std::uint8_t>("level"); });
    EXPECT_NE(uint8.find("\"level\""), std::string::npos) << uint8;
    EXPECT_NE(uint8.find("into uint8:"), std::string::npos) << uint8;
    const auto int8 = message([&] { (void)result[0].get<std::int8_t>("label"); });
    EXPECT_NE(int8.find("\"label\""), std::string::npos) << int8;
    EXPECT_NE(int8.find("into int8:"), std::string::npos) << int8;
    const auto uint16 = message([&] { (void)result[0].get<std::uint16_t>("port"); });
    EXPECT_NE(uint16.find("into uint16:"), std::string::npos) << uint16;
    const auto uint32 = message([&] { (void)result[0].get<std::uint32_t>("delta"); });
    EXPECT_NE(uint32.find("into uint32:"), std::string::npos) << uint32;
    for (const auto& what : {uint8, int8, uint16, uint32}) {
        EXPECT_EQ(what.find(" char"), std::string::npos) << what;
        EXPECT_EQ(what.find("unsigned int"), std::string::npos) << what;
    }
}

TEST_P(DriverConformance, DecodingNullIntoANonOptionalThrows) {
    auto result = conn().execute("SELECT NULL AS maybe");
    auto e = expect_throws<DecodeError>([&] { (void)result[0].get<std::string>(0); });
    EXPECT_NE(std::string(e.what()).find("maybe"), std::string::npos) << e.what();
}

TEST_P(DriverConformance, UnknownColumnNameOnDecodeThrows) {
    auto result = conn().execute("SELECT 1 AS one");
    EXPECT_THROW((void)result[0].get<std::int64_t>("two"), Error);
}

}  // namespace strata::driver::testing
