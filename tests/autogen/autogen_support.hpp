// Test helpers for autogen: catalogs loaded from SQL into scratch databases, and the Scratch
// verification uses, both on strata's test server.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "strata/autogen/plan.hpp"
#include "strata/autogen/verify.hpp"
#include "strata/driver/connection.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/testing/server.hpp"

namespace strata::autogen::test {

inline Scratch test_scratch() {
    return {[] { return testing::fresh_database_url("autogen"); },
            [](const std::string& url) {
                try {
                    testing::Server::instance().drop_database(url);
                } catch (const Error&) {  // reaped with the cluster
                }
            }};
}

/// Plan options as the CLI passes them: extension update paths asked of the test server.
inline PlanOptions test_plan_options(bool safe) {
    PlanOptions options;
    options.safe = safe;
    options.extension_update_path = server_update_paths(test_scratch());
    return options;
}

/// The catalog of sql loaded into a scratch database (dropped afterwards).
inline schema::Catalog load(const std::string& sql, const schema::IntrospectOptions& options = {}) {
    auto url = testing::fresh_database_url("autogen");
    schema::Catalog cat;
    {
        auto conn = driver::Connection::open(url);
        conn.execute_script(sql);
        cat = schema::introspect(conn, options);
    }
    testing::Server::instance().drop_database(url);
    return cat;
}

inline std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

/// A corpus case: "-- current" then "-- desired" sections of one file; a first line
/// "-- with: grants" reads owners and privileges too (as `strata diff --grants`).
struct Case {
    std::string current;
    std::string desired;
    schema::IntrospectOptions options;
};

inline Case split_case(const std::string& text) {
    auto c = text.find("-- current\n");
    auto d = text.find("-- desired\n");
    Case out{text.substr(c + 11, d - c - 11), text.substr(d + 11), {}};
    out.options.ownership = text.starts_with("-- with: grants\n");
    return out;
}

}  // namespace strata::autogen::test
