// Test helper: runs the built strata binary in a directory with a controlled environment.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"
#include "strata/testing/server.hpp"

namespace strata::cli_test {

/// What one run of the command produced.
struct CliResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    [[nodiscard]] std::string all() const { return out + err; }
};

using EnvList = std::vector<std::pair<std::string, std::string>>;

/// A temporary project directory (mode 0755, so a server run as `postgres` can reach it),
/// removed at destruction.
class TempProject {
public:
    TempProject() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "strata-cli-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        ::chmod(tmpl.c_str(), 0755);
        dir_ = tmpl;
    }
    ~TempProject() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    TempProject(const TempProject&) = delete;
    TempProject& operator=(const TempProject&) = delete;

    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir_ / name) << text;
    }

private:
    std::filesystem::path dir_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The path `strata new` printed ("created <path>"); empty when it printed none.
inline std::filesystem::path created_path(const CliResult& r) {
    const auto pos = r.out.find("created ");
    if (pos == std::string::npos) return {};
    auto line = r.out.substr(pos + 8);
    return line.substr(0, line.find('\n'));
}

/// The test process's own server as the command's scratch server (STRATA_TEST_DATABASE_URL,
/// with the clone strategy it uses): `diff`, `autogen` and `drift` load schemas into scratch
/// databases of strata::testing::Server, and without it every such run started, and removed, a
/// private cluster of its own (a copy of the initdb cache, a server start and a shutdown
/// checkpoint per command). Empty when this process cannot have a server: the command then
/// looks for one itself, as it would anywhere else.
inline const EnvList& scratch_server_env() {
    static const EnvList env = []() -> EnvList {
        try {
            auto& server = strata::testing::Server::instance();
            const auto strategy = server.clone_strategy();
            return {{"STRATA_TEST_DATABASE_URL", server.admin_url()},
                    {"STRATA_TEST_CLONE_STRATEGY", strategy.empty() ? "default" : strategy}};
        } catch (const strata::Error&) {
            return {};
        }
    }();
    return env;
}

/// Runs STRATA_CLI_PATH with args in cwd. The child sees only PATH, HOME, LANG, STRATA_PG_BINDIR
/// (when set), scratch_server_env() and env (which wins): never the test process's DATABASE_URL.
inline CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const EnvList& env = {}) {
    const auto out_path = cwd / ".cli-stdout";
    const auto err_path = cwd / ".cli-stderr";
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME", "LANG", "STRATA_PG_BINDIR", "TMPDIR"}) {
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    }
    for (const auto& [k, v] : scratch_server_env()) {
        const bool overridden =
            std::any_of(env.begin(), env.end(), [&k](const auto& e) { return e.first == k; });
        if (!overridden) env_strings.push_back(k + "=" + v);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);

    std::vector<std::string> argv_strings{STRATA_CLI_PATH};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (::chdir(cwd.c_str()) != 0) ::_exit(126);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out < 0 || err < 0) ::_exit(126);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    std::error_code ec;
    std::filesystem::remove(out_path, ec);
    std::filesystem::remove(err_path, ec);
    return r;
}

}  // namespace strata::cli_test
