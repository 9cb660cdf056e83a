// .env parsing: quoting, export, comments, expansion and errors with line numbers.
#include "strata/core/dotenv.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/core/error.hpp"

namespace strata {
namespace {

std::vector<DotenvEntry> parse(std::string_view text, EnvMap env = {}) {
    return parse_dotenv(text, ".env", map_env(std::move(env)));
}

std::string value_of(std::string_view text, std::string_view key, EnvMap env = {}) {
    for (const auto& e : parse(text, std::move(env))) {
        if (e.key == key) return e.value;
    }
    return "(missing)";
}

std::string error_of(std::string_view text) {
    try {
        (void)parse(text);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Dotenv, ParsesAssignmentsWithLineNumbers) {
    const auto entries = parse("# comment\n\nA=1\n  export B = two \nC=\n");
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0], (DotenvEntry{"A", "1", 3}));
    EXPECT_EQ(entries[1], (DotenvEntry{"B", "two", 4}));
    EXPECT_EQ(entries[2], (DotenvEntry{"C", "", 5}));
}

TEST(Dotenv, SkipsAUtf8ByteOrderMark) {
    // As Notepad and Visual Studio save UTF-8: EF BB BF first.
    const auto entries = parse(
        "\xEF\xBB\xBF"
        "DATABASE_URL=postgresql://h/app\nB=2\n");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0], (DotenvEntry{"DATABASE_URL", "postgresql://h/app", 1}));
    EXPECT_EQ(entries[1], (DotenvEntry{"B", "2", 2}));
    // Only at the very start: elsewhere it is not a name character.
    EXPECT_EQ(error_of("A=1\n\xEF\xBB\xBF"
                       "B=2\n")
                  .rfind(".env:2: expected KEY=value", 0),
              0u);
}

TEST(Dotenv, DropsTrailingCommentsOfUnquotedValuesOnly) {
    EXPECT_EQ(value_of("A=value # note", "A"), "value");
    EXPECT_EQ(value_of("A=va#lue", "A"), "va#lue");
    EXPECT_EQ(value_of("A='x # y' # note", "A"), "x # y");
    EXPECT_EQ(value_of("A=\"x # y\"  # note", "A"), "x # y");
}

TEST(Dotenv, SingleQuotesAreLiteral) {
    EXPECT_EQ(value_of(R"(A='p\n${HOME} "q"')", "A", {{"HOME", "/h"}}), R"(p\n${HOME} "q")");
}

TEST(Dotenv, DoubleQuotesUnescapeAndExpand) {
    EXPECT_EQ(value_of(R"(A="a\nb \"q\" \\ \$x ${HOME}")", "A", {{"HOME", "/h"}}),
              "a\nb \"q\" \\ $x /h");
}

TEST(Dotenv, QuotedValuesMaySpanLines) {
    const auto entries = parse("A=\"line1\nline2\"\nB=3\n");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].value, "line1\nline2");
    EXPECT_EQ(entries[1], (DotenvEntry{"B", "3", 3}));
}

TEST(Dotenv, ExpandsFromEarlierKeysThenTheEnvironment) {
    const char* text =
        "HOST=db\n"
        "URL=postgresql://${USER}@${HOST}:${PORT:-5432}/${NAME-app}\n";
    EXPECT_EQ(value_of(text, "URL", {{"USER", "alice"}, {"HOST", "ignored"}}),
              "postgresql://alice@db:5432/app");
    EXPECT_EQ(value_of("A=${MISSING}x", "A"), "x");
    EXPECT_EQ(value_of("E=\nA=${E:-d}${E-u}", "A"), "d");
    EXPECT_EQ(value_of("A=${X:-${Y:-deep}}", "A"), "deep");
    EXPECT_EQ(value_of("A=cost $5", "A"), "cost $5");
}

TEST(Dotenv, LaterAssignmentsReplaceEarlierOnes) {
    const auto entries = parse("A=1\nA=2\n");
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0], (DotenvEntry{"A", "2", 2}));
}

TEST(Dotenv, HandlesCrlfLineEndings) {
    EXPECT_EQ(value_of("A=1\r\nB='x'\r\n", "B"), "x");
    EXPECT_EQ(value_of("A=1\r\nB='x'\r\n", "A"), "1");
}

TEST(Dotenv, MalformedLinesNameFileAndLine) {
    EXPECT_EQ(error_of("A=1\nnot an assignment\n"), ".env:2: expected '=' after not (KEY=value)");
    EXPECT_EQ(error_of("A=1\n\n1A=2\n").rfind(".env:3: expected KEY=value", 0), 0u);
    EXPECT_EQ(error_of("A=1\nB=\"open\nC=2\n"), ".env:2: unterminated double-quoted value of B");
    EXPECT_EQ(error_of("B='open"), ".env:1: unterminated single-quoted value of B");
    EXPECT_EQ(error_of("A='x' y"), ".env:1: unexpected text after the closing quote of A");
    EXPECT_EQ(error_of("A=${B"), ".env:1: unterminated ${ in value (expected ${NAME})");
    EXPECT_EQ(error_of("\nA=${1}").rfind(".env:2: invalid variable reference", 0), 0u);
}

TEST(Dotenv, ErrorsNeverEchoTheValue) {
    const std::string message = error_of("PASSWORD='hunter2-dotenv");
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST(Dotenv, LoadsAFileAndNamesItInErrors) {
    const auto dir = std::filesystem::temp_directory_path() / "strata_dotenv_test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "bad.env";
    std::ofstream(path) << "OK=1\nbroken\n";
    try {
        (void)load_dotenv(path, map_env({}));
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":2: ", 0), 0u) << e.what();
    }
    EXPECT_THROW((void)load_dotenv(dir / "missing.env"), ConfigError);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata
