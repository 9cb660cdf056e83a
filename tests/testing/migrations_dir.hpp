// Test helper: a migrations directory of its own per test, removed with its template.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "strata/testing/templates.hpp"
#include "strata/testing/test_database.hpp"

namespace strata::test_support {

/// A migrations directory of its own per test, removed with its template at the end. Files
/// written by write_widgets carry the directory's name, so every test has its own template even
/// on a shared or external server that keeps templates between runs.
class MigrationsDir {
public:
    /// pg_template: drop the directory's PostgreSQL template at the end (SQLite tests keep
    /// theirs inside the directory, and must not start a PostgreSQL server).
    explicit MigrationsDir(bool pg_template = true) : pg_template_(pg_template) {
        std::string tmpl = "/tmp/strata-tpl-test-XXXXXX";
        path_ = ::mkdtemp(tmpl.data());
    }
    ~MigrationsDir() {
        try {
            if (!pg_template_) throw std::runtime_error("no PostgreSQL template");
            auto fingerprint = strata::testing::template_fingerprint({.migrations_dir = path_});
            strata::testing::drop_test_database("strata_tpl_" + fingerprint.substr(0, 16));
        } catch (const std::exception&) {
            // no template (failed or never built)
        }
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    void write(const std::string& file, const std::string& sql) const {
        std::ofstream(path_ / file) << sql;
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    bool pg_template_ = true;
};

inline void write_widgets(const MigrationsDir& dir) {
    dir.write("20240101000000_widgets.sql",
              "-- " + dir.path().string() +
                  "\n-- migrate:up\nCREATE TABLE widgets (id bigint PRIMARY KEY, name text NOT "
                  "NULL);\n");
}

}  // namespace strata::test_support
