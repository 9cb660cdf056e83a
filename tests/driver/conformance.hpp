// The driver conformance suite: behaviour both backends must share, instantiated per backend.
//
// A backend's test file defines its factory and instantiates the suite:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DriverConformance,
//                            ::testing::Values(strata::driver::testing::sqlite_backend()),
//                            strata::driver::testing::backend_name);
// The tests live in conformance_{values,errors,features}.hpp, included at the end.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "strata/driver/connection.hpp"

namespace strata::driver::testing {

/// A backend under test: a name and a factory returning the URL of a fresh, empty database.
struct BackendUnderTest {
    std::string name;
    Backend backend;
    std::function<std::string()> fresh_url;
};

inline void PrintTo(const BackendUnderTest& backend, std::ostream* os) {
    *os << backend.name;
}

inline std::string backend_name(const ::testing::TestParamInfo<BackendUnderTest>& info) {
    return info.param.name;
}

/// Opens a connection to a fresh database per test.
class DriverConformance : public ::testing::TestWithParam<BackendUnderTest> {
protected:
    void SetUp() override {
        url_ = GetParam().fresh_url();
        conn_.emplace(Connection::open(url_));
    }

    Connection& conn() { return *conn_; }
    [[nodiscard]] bool is_pg() const { return GetParam().backend == Backend::postgres; }
    [[nodiscard]] const std::string& url() const { return url_; }

    /// A column type that holds the strata value on this backend. SQLite keeps PostgreSQL's
    /// names as declared types except where affinity would change the stored value: exact
    /// decimals and arrays are declared TEXT there (docs/sqlite.md).
    [[nodiscard]] std::string type(std::string_view pg_type) const {
        if (is_pg()) return std::string(pg_type);
        if (pg_type == "numeric" || pg_type.ends_with("[]")) return "TEXT";
        return std::string(pg_type);
    }

    /// A statement that runs for minutes unless canceled.
    [[nodiscard]] std::string long_running_sql() const {
        if (is_pg()) return "SELECT pg_sleep(60)";
        return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
               "WHERE x < 1000000000) SELECT count(*) FROM c";
    }

    std::int64_t count(std::string_view table) {
        return conn()
            .execute(std::string("SELECT count(*) FROM ") + std::string(table))
            .scalar<std::int64_t>();
    }

private:
    std::string url_;
    std::optional<Connection> conn_;
};

}  // namespace strata::driver::testing

#include "driver/conformance_errors.hpp"    // IWYU pragma: export
#include "driver/conformance_features.hpp"  // IWYU pragma: export
#include "driver/conformance_values.hpp"    // IWYU pragma: export
