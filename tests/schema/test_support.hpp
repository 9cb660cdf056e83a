// Test helpers: read files from the source tree, run pg_dump, temporary directories.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace strata::schema::test {

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

inline std::string source_file(const std::string& relative) {
    return read_text(std::filesystem::path(STRATA_SOURCE_DIR) / relative);
}

inline std::string pg_bin(const std::string& tool) {
    auto p = std::filesystem::path("/usr/lib/postgresql/15/bin") / tool;
    return std::filesystem::exists(p) ? p.string() : tool;
}

/// Output of a shell command; throws when it fails.
inline std::string run_command(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buffer[65536];
    while (auto n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("command failed: " + command);
    return out;
}

inline std::string pg_dump_schema(const std::string& url) {
    // psql meta-commands (\restrict in recent minor releases) are not SQL: drop them.
    auto text = run_command(pg_bin("pg_dump") + " --schema-only --no-tablespaces '" + url + "'");
    std::string out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("\\")) out += line + "\n";
    }
    return out;
}

/// A fresh directory under the system temp dir, removed with the object.
class TempDir {
public:
    TempDir() {
        path_ = std::filesystem::temp_directory_path() /
                ("strata-schema-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::filesystem::path path_;
};

}  // namespace strata::schema::test
