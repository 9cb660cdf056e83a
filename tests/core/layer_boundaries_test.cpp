// Layer boundaries checked on the sources: libpq only in driver; session cannot start a cluster.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = STRATA_SOURCE_DIR;

std::string read_source(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string fmt_location(const fs::path& path, int line) {
    return fs::relative(path, kRoot).string() + ":" + std::to_string(line) + ": ";
}

/// "<file>:<line>: <text>" for every line of the C++ sources under dirs matching pattern.
std::vector<std::string> lines_matching(const std::vector<std::string>& dirs,
                                        const std::regex& pattern) {
    std::vector<std::string> found;
    for (const auto& dir : dirs) {
        for (const auto& entry : fs::recursive_directory_iterator(kRoot / dir)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) {
                continue;
            }
            std::istringstream text(read_source(entry.path()));
            std::string line;
            for (int n = 1; std::getline(text, line); ++n) {
                if (std::regex_search(line, pattern)) {
                    found.push_back(fmt_location(entry.path(), n) + line);
                }
            }
        }
    }
    return found;
}

TEST(LayerBoundaries, LibpqIsSpokenOnlyInsideTheDriver) {
    // Includes of libpq's headers and calls/types of its API (PQexec, PGconn, ...).
    const std::regex libpq(
        R"((libpq-fe\.h|libpq-int\.h|\bPQ[a-z][A-Za-z]*\s*\(|\bPG(conn|result|cancel)\b))");
    std::vector<std::string> outside;
    for (const auto& hit : lines_matching({"src", "tools", "include", "examples"}, libpq)) {
        if (!hit.starts_with("src/driver/")) outside.push_back(hit);
    }
    EXPECT_THAT(outside, ::testing::IsEmpty())
        << "libpq belongs to src/driver: use driver::Connection (or add what is missing there)";
}

TEST(LayerBoundaries, TheSessionLayerCannotStartALocalCluster) {
    // session reaches a local database only through the embedded-default hook a program
    // installs; it includes nothing of the cluster layer and starts no process.
    const std::regex cluster(
        R"((cluster/|LocalCluster|\bfork\s*\(|\bexec[lv]p?e?\s*\(|initdb|posix_spawn))");
    EXPECT_THAT(lines_matching({"src/session", "include/strata/session"}, cluster),
                ::testing::IsEmpty());
}

TEST(LayerBoundaries, OnlyTheDriverLinksLibpq) {
    const std::string layers = read_source(kRoot / "src" / "CMakeLists.txt");
    std::istringstream text(layers);
    std::string line;
    std::vector<std::string> linking;
    while (std::getline(text, line)) {
        if (line.find("libpq") != std::string::npos && !line.starts_with("strata_layer(driver ") &&
            !line.starts_with("#")) {
            linking.push_back(line);
        }
    }
    EXPECT_THAT(linking, ::testing::IsEmpty());
}

}  // namespace
