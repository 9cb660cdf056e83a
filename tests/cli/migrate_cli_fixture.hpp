// Fixture for the migration command tests: one initialised project per test, on SQLite or on a
// fresh PostgreSQL database, the strata binary run against it, and direct checks of the database.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "strata/driver/connection.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli_test {

enum class Db { sqlite, pg };

inline std::string db_param_name(const ::testing::TestParamInfo<Db>& info) {
    return info.param == Db::pg ? "PostgreSQL" : "SQLite";
}

/// Children started by spawn_cli, waited for by wait_cli.
struct Spawned {
    pid_t pid = -1;
    std::filesystem::path out_path;
    std::filesystem::path err_path;
};

/// Starts STRATA_CLI_PATH with args in cwd without waiting (stdout/stderr to files named by tag).
inline Spawned spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::string& tag) {
    Spawned s;
    s.out_path = cwd / (".spawn-" + tag + ".out");
    s.err_path = cwd / (".spawn-" + tag + ".err");
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME", "LANG", "TMPDIR"}) {
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    }
    std::vector<std::string> argv_strings{STRATA_CLI_PATH};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    s.pid = ::fork();
    if (s.pid < 0) throw std::runtime_error("fork failed");
    if (s.pid == 0) {
        if (::chdir(cwd.c_str()) != 0) ::_exit(126);
        const int out = ::open(s.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(s.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0) ::_exit(126);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return s;
}

inline CliResult wait_cli(const Spawned& s) {
    int status = 0;
    ::waitpid(s.pid, &status, 0);
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(s.out_path);
    r.err = read_file(s.err_path);
    std::error_code ec;
    std::filesystem::remove(s.out_path, ec);
    std::filesystem::remove(s.err_path, ec);
    return r;
}

/// A project after `strata init`, with its database (SQLite file or fresh PostgreSQL database).
class MigrateCli : public ::testing::TestWithParam<Db> {
protected:
    void SetUp() override {
        const auto r = run_cli({"init"}, dir());
        ASSERT_EQ(r.exit_code, 0) << r.all();
        url_ = GetParam() == Db::pg ? strata::testing::fresh_database_url("cli")
                                    : "sqlite:///" + (dir() / "app.db").string();
    }

    [[nodiscard]] const std::filesystem::path& dir() const { return project_.dir(); }
    [[nodiscard]] bool pg() const { return GetParam() == Db::pg; }
    [[nodiscard]] const std::string& url() const { return url_; }
    [[nodiscard]] std::filesystem::path migrations() const { return dir() / "db" / "migrations"; }

    /// strata --url <the database> args...
    CliResult strata(std::vector<std::string> args, const EnvList& env = {}) const {
        args.insert(args.begin(), {"--url", url_});
        return run_cli(args, dir(), env);
    }

    void migration(const std::string& file, const std::string& content) const {
        std::ofstream(migrations() / file, std::ios::binary) << content;
    }
    void seed_file(const std::string& file, const std::string& content) const {
        std::ofstream(dir() / "db" / "seeds" / file, std::ios::binary) << content;
    }

    /// Three migrations, a < b < c, each with a down section; a has a header comment.
    void write_three() const {
        migration("20240101000000_create_a.sql",
                  "-- Creates table a.\n-- Second header line.\n-- migrate:up\n"
                  "CREATE TABLE a (id integer PRIMARY KEY);\n-- migrate:down\nDROP TABLE a;\n");
        migration("20240102000000_create_b.sql",
                  "-- migrate:up\nCREATE TABLE b (id integer PRIMARY KEY);\n"
                  "-- migrate:down\nDROP TABLE b;\n");
        migration("20240103000000_create_c.sql",
                  "-- migrate:up\nCREATE TABLE c (id integer PRIMARY KEY);\n"
                  "-- migrate:down\nDROP TABLE c;\n");
    }

    /// 20240101000000_long.sql: 9 MB of comments around one CREATE TABLE after_the_comments,
    /// long to read (the commands say first that they are reading it), quick to lint and apply.
    void write_nine_megabyte_migration() const {
        std::string text = "-- A long file.\n-- migrate:up\n";
        const std::string comment = "-- " + std::string(96, 'x') + "\n";
        while (text.size() < (std::size_t{9} << 20)) text += comment;
        text +=
            "CREATE TABLE after_the_comments (id bigint PRIMARY KEY);\n-- migrate:down\n"
            "DROP TABLE after_the_comments;\n";
        migration("20240101000000_long.sql", text);
    }

    [[nodiscard]] driver::Connection connect() const { return driver::Connection::open(url_); }

    [[nodiscard]] bool table_exists(const std::string& name) const {
        auto conn = connect();
        if (pg()) return conn.query("SELECT to_regclass($1) IS NOT NULL", name).scalar<bool>();
        return conn.query("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1",
                          name)
                   .scalar<std::int64_t>() > 0;
    }

    [[nodiscard]] std::int64_t count(const std::string& table) const {
        return connect().query("SELECT count(*) FROM " + table).scalar<std::int64_t>();
    }

    /// Versions in the history table by apply order; empty when the table does not exist.
    [[nodiscard]] std::vector<std::string> applied() const {
        if (!table_exists("strata_migrations")) return {};
        auto rows = connect().query("SELECT version FROM strata_migrations ORDER BY apply_order");
        std::vector<std::string> out;
        for (const auto& row : rows) out.push_back(row.get<std::string>(0));
        return out;
    }

private:
    TempProject project_;
    std::string url_;
};

}  // namespace strata::cli_test
