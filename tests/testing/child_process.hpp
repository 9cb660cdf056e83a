// Test helper: re-execute the running test binary as a child (crash, exit and template tests).
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace strata::test_support {

/// How a child run ended and what it said.
struct ChildRun {
    int exit_code = -1;  ///< exit status, or -1 when killed by a signal
    int signal = 0;      ///< the signal that ended it, 0 when it exited
    std::string output;  ///< the child's stdout and stderr
    std::string report;  ///< what the child wrote to the file named by its report variable

    /// The report's `key=value` lines as a map.
    [[nodiscard]] std::map<std::string, std::string> report_fields() const {
        std::map<std::string, std::string> fields;
        std::istringstream in(report);
        std::string line;
        while (std::getline(in, line)) {
            auto eq = line.find('=');
            if (eq != std::string::npos) fields[line.substr(0, eq)] = line.substr(eq + 1);
        }
        return fields;
    }
};

/// What to run in the child.
struct ChildSpec {
    std::string gtest_filter;                ///< e.g. "ServerChild.*"
    std::string report_var;                  ///< env variable that names the report file
    std::vector<std::string> drop_prefixes;  ///< parent variables not passed on
    std::vector<std::string> env;            ///< extra NAME=value entries
};

/// Runs this test binary again with spec's filter and environment; waits for it. Not
/// thread-safe with respect to changes of the environment, safe to call from several threads.
inline ChildRun rerun_self(const ChildSpec& spec) {
    char report_tmpl[] = "/tmp/strata-child-report-XXXXXX";
    ::close(::mkstemp(report_tmpl));
    char log_tmpl[] = "/tmp/strata-child-log-XXXXXX";
    const int log_fd = ::mkstemp(log_tmpl);
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        bool drop = entry.starts_with(spec.report_var + "=");
        for (const auto& prefix : spec.drop_prefixes) drop = drop || entry.starts_with(prefix);
        if (!drop) env.emplace_back(entry);
    }
    env.push_back(spec.report_var + "=" + report_tmpl);
    env.insert(env.end(), spec.env.begin(), spec.env.end());
    std::vector<char*> envp;
    envp.reserve(env.size() + 1);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    std::string filter = "--gtest_filter=" + spec.gtest_filter;
    std::vector<char*> argv{self.data(), filter.data(), nullptr};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(log_fd, 1);
        ::dup2(log_fd, 2);
        ::execve(self.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(log_fd);
    ChildRun run;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
    std::stringstream output, report;
    output << std::ifstream(log_tmpl).rdbuf();
    report << std::ifstream(report_tmpl).rdbuf();
    run.output = output.str();
    run.report = report.str();
    ::unlink(report_tmpl);
    ::unlink(log_tmpl);
    return run;
}

}  // namespace strata::test_support
