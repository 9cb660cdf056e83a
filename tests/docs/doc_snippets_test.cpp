// Every ```cpp block of docs/*.md and README.md is a snippet of a file the suite compiles and runs.
//
// The line before the fence names it: `<!-- snippet: tests/docs/<file>#<name> -->`; in that file
// the code sits between `// snippet:begin <name>` and `// snippet:end <name>`, dedented by the
// begin line's indentation; several regions of one name are one snippet.
// STRATA_UPDATE_DOC_SNIPPETS=1 rewrites the blocks from the files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir{STRATA_SOURCE_DIR};

std::vector<std::string> read_lines(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& line : lines) out << line << '\n';
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

/// The lines of snippet `name` in `file` (its regions in file order), or an error naming what is
/// missing.
struct Snippet {
    std::vector<std::string> lines;
    std::string error;
};

Snippet read_snippet(const std::string& file, const std::string& name) {
    const fs::path path = kSourceDir / file;
    if (!fs::exists(path)) return {{}, "the snippet file " + file + " does not exist"};
    const std::string begin = "// snippet:begin " + name;
    const std::string end = "// snippet:end " + name;
    Snippet snippet;
    bool found = false;
    std::optional<std::size_t> indent;  // inside a region: the begin line's indentation
    for (const auto& line : read_lines(path)) {
        if (!indent) {
            if (trim(line) == begin) indent = line.find_first_not_of(" \t");
            found = found || indent.has_value();
            continue;
        }
        if (trim(line) == end) {
            indent.reset();
        } else if (trim(line).empty()) {
            snippet.lines.emplace_back();
        } else if (line.find_first_not_of(" \t") < *indent) {
            return {{},
                    file + ": a line of snippet " + name + " is indented less than its begin line"};
        } else {
            snippet.lines.push_back(line.substr(*indent));
        }
    }
    if (!found) return {{}, file + " has no '" + begin + "' line"};
    if (indent) return {{}, file + ": snippet " + name + " has no '" + end + "' line"};
    return snippet;
}

/// The Markdown files whose ```cpp blocks must be snippets.
std::vector<fs::path> markdown_files() {
    std::vector<fs::path> files{kSourceDir / "README.md"};
    for (const auto& entry : fs::directory_iterator(kSourceDir / "docs")) {
        if (entry.path().extension() == ".md") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

constexpr std::string_view kMarkerPrefix = "<!-- snippet: ";
constexpr std::string_view kMarkerSuffix = " -->";

/// Checks (or with `update`, rewrites) every ```cpp block of one Markdown file; returns problems.
std::vector<std::string> check_markdown(const fs::path& path, bool update) {
    auto lines = read_lines(path);
    const auto where = [&](std::size_t index) {
        return fs::relative(path, kSourceDir).string() + ":" + std::to_string(index + 1);
    };
    std::vector<std::string> problems;
    bool changed = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]) != "```cpp") continue;
        std::size_t close = i + 1;
        while (close < lines.size() && !trim(lines[close]).starts_with("```")) ++close;
        if (close == lines.size()) {
            problems.push_back(where(i) + ": a ```cpp block without a closing fence");
            break;
        }
        if (trim(lines[close]) != "```") {
            problems.push_back(where(close) + ": text after a closing fence");
        }
        const std::string_view marker = i > 0 ? trim(lines[i - 1]) : std::string_view{};
        if (!marker.starts_with(kMarkerPrefix) || !marker.ends_with(kMarkerSuffix)) {
            problems.push_back(
                where(i) +
                ": a ```cpp block without a '<!-- snippet: file#name -->' line before it");
            i = close;
            continue;
        }
        const auto reference = marker.substr(
            kMarkerPrefix.size(), marker.size() - kMarkerPrefix.size() - kMarkerSuffix.size());
        const auto hash = reference.find('#');
        if (hash == std::string_view::npos) {
            problems.push_back(where(i - 1) + ": the snippet marker needs file#name");
            i = close;
            continue;
        }
        const auto snippet = read_snippet(std::string(reference.substr(0, hash)),
                                          std::string(reference.substr(hash + 1)));
        if (!snippet.error.empty()) {
            problems.push_back(where(i - 1) + ": " + snippet.error);
            i = close;
            continue;
        }
        const std::vector<std::string> block(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                             lines.begin() + static_cast<std::ptrdiff_t>(close));
        if (block != snippet.lines) {
            if (update) {
                lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                            lines.begin() + static_cast<std::ptrdiff_t>(close));
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                             snippet.lines.begin(), snippet.lines.end());
                close = i + 1 + snippet.lines.size();
                changed = true;
            } else {
                std::size_t k = 0;
                while (k < block.size() && k < snippet.lines.size() && block[k] == snippet.lines[k])
                    ++k;
                problems.push_back(
                    where(i + 1 + k) + ": differs from " + std::string(reference) + " (doc: '" +
                    (k < block.size() ? block[k] : "<end>") + "', file: '" +
                    (k < snippet.lines.size() ? snippet.lines[k] : "<end>") +
                    "'); STRATA_UPDATE_DOC_SNIPPETS=1 build/dev/tests/docs_unit_tests "
                    "rewrites the docs from the files");
            }
        }
        i = close;
    }
    if (changed) write_lines(path, lines);
    return problems;
}

std::string joined(const std::vector<std::string>& problems) {
    std::ostringstream out;
    for (const auto& p : problems) out << p << '\n';
    return out.str();
}

TEST(DocSnippets, EveryCppBlockOfTheDocsIsASnippetOfACompiledFileAndEqualsIt) {
    const char* update_env = std::getenv("STRATA_UPDATE_DOC_SNIPPETS");
    const bool update = update_env != nullptr && std::string_view(update_env) == "1";
    std::vector<std::string> problems;
    std::size_t files = 0;
    for (const auto& path : markdown_files()) {
        ++files;
        auto found = check_markdown(path, update);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    EXPECT_GT(files, 5U);
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

// The checker itself, on Markdown and a snippet file it did not come with.
class DocSnippetsChecker : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::path(STRATA_BINARY_DIR) / "doc-snippets-test";
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        write_lines(dir_ / "code.cpp",
                    {"TEST(X, Y) {", "    // snippet:begin greet", "    int a = 1;", "",
                     "    if (a) {", "        a = 2;", "    }", "    // snippet:end greet", "}"});
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::vector<std::string> check(const std::vector<std::string>& markdown, bool update = false) {
        write_lines(dir_ / "doc.md", markdown);
        return check_markdown(dir_ / "doc.md", update);
    }
    std::string marker(const std::string& name) const {
        return "<!-- snippet: " + fs::relative(dir_ / "code.cpp", kSourceDir).string() + "#" +
               name + " -->";
    }

    fs::path dir_;
};

TEST_F(DocSnippetsChecker, AMatchingBlockPassesDedentedByTheBeginLine) {
    EXPECT_TRUE(check({"text", marker("greet"), "```cpp", "int a = 1;", "", "if (a) {",
                       "    a = 2;", "}", "```"})
                    .empty());
}

TEST_F(DocSnippetsChecker, RegionsOfOneNameAreOneSnippet) {
    write_lines(dir_ / "code.cpp",
                {"// snippet:begin two", "#include <x>", "// snippet:end two", "int f() {",
                 "    // snippet:begin two", "    return 1;", "    // snippet:end two", "}"});
    EXPECT_TRUE(check({marker("two"), "```cpp", "#include <x>", "return 1;", "```"}).empty());
}

TEST_F(DocSnippetsChecker, AChangedLineIsNamedWithTheDocLine) {
    const auto problems = check({"text", marker("greet"), "```cpp", "int a = 1;", "", "if (a) {",
                                 "    a = 3;", "}", "```"});
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].find("doc.md:7: differs from"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("'    a = 3;'"), std::string::npos) << problems[0];
}

TEST_F(DocSnippetsChecker, ABlockWithoutMarkerOrWithAnUnknownSnippetIsNamed) {
    auto problems = check({"```cpp", "int x;", "```"});
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].find("doc.md:1: a ```cpp block without"), std::string::npos)
        << problems[0];
    problems = check({marker("missing"), "```cpp", "int x;", "```"});
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].find("has no '// snippet:begin missing' line"), std::string::npos)
        << problems[0];
}

TEST_F(DocSnippetsChecker, TextAfterAClosingFenceIsNamed) {
    const auto problems = check(
        {marker("greet"), "```cpp", "int a = 1;", "", "if (a) {", "    a = 2;", "}", "``` more"});
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].find("doc.md:8: text after a closing fence"), std::string::npos)
        << problems[0];
}

TEST_F(DocSnippetsChecker, UpdateRewritesTheBlockFromTheFile) {
    EXPECT_TRUE(check({"a", marker("greet"), "```cpp", "old", "```", "b"}, true).empty());
    EXPECT_EQ(read_lines(dir_ / "doc.md"),
              (std::vector<std::string>{"a", marker("greet"), "```cpp", "int a = 1;", "",
                                        "if (a) {", "    a = 2;", "}", "```", "b"}));
}

}  // namespace
