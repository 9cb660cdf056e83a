// Mistakes in a mapping or a query fail to compile with a readable message (runs the compiler).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct Outcome {
    int status = 0;
    std::string output;
};

/// Compiles tests/orm/compile_fail/<name> with -fsyntax-only and returns status and diagnostics.
Outcome compile(const std::string& name) {
    const std::string cmd = std::string("LC_ALL=C c++ -std=c++23 -fsyntax-only -I") +
                            STRATA_SOURCE_DIR + "/include -I" + STRATA_BINARY_DIR + "/include " +
                            STRATA_SOURCE_DIR + "/tests/orm/compile_fail/" + name + " 2>&1";
    Outcome out;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) return {-1, "popen failed"};
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr)
        out.output += buf.data();
    out.status = ::pclose(pipe);
    return out;
}

/// The message the snippet's first line says to expect ("// expect: ...").
std::string expected_message(const std::string& name) {
    std::ifstream in(std::string(STRATA_SOURCE_DIR) + "/tests/orm/compile_fail/" + name);
    std::string first;
    std::getline(in, first);
    const std::string tag = "// expect: ";
    return first.rfind(tag, 0) == 0 ? first.substr(tag.size()) : std::string();
}

void expect_fails_with_message(const std::string& name) {
    const auto message = expected_message(name);
    ASSERT_FALSE(message.empty()) << name << " has no '// expect: ' first line";
    const auto r = compile(name);
    EXPECT_NE(r.status, 0) << name << " compiled but must not";
    EXPECT_NE(r.output.find(message), std::string::npos)
        << name << ": wanted \"" << message << "\" in:\n"
        << r.output.substr(0, 4000);
}

TEST(CompileFail, TheControlSnippetCompiles) {
    const auto r = compile("ok.cpp");
    EXPECT_EQ(r.status, 0) << r.output.substr(0, 4000);
}

TEST(CompileFail, AColumnNamedTwiceIsRejected) {
    expect_fails_with_message("duplicate_column.cpp");
}

/// Key mistakes give the one static_assert, not pages of overload candidates.
void expect_key_mistake_rejected_briefly(const std::string& name) {
    expect_fails_with_message(name);
    const auto r = compile(name);
    std::size_t errors = 0;
    for (auto at = r.output.find("error:"); at != std::string::npos;
         at = r.output.find("error:", at + 1))
        ++errors;
    EXPECT_EQ(errors, 1U) << r.output;
    EXPECT_LT(std::count(r.output.begin(), r.output.end(), '\n'), 15) << r.output;
}

TEST(CompileFail, AnIdOfTheWrongTupleShapeIsRejected) {
    expect_key_mistake_rejected_briefly("key_wrong_tuple_shape.cpp");
}

TEST(CompileFail, AnIdOfTheWrongTypeIsRejected) {
    expect_key_mistake_rejected_briefly("key_wrong_type.cpp");
}

TEST(CompileFail, UpsertWithoutColumnsOnAGeneratedKeyIsRejected) {
    expect_key_mistake_rejected_briefly("key_upsert_generated.cpp");
}

TEST(CompileFail, ARepositoryWithoutAPrimaryKeyIsRejected) {
    expect_key_mistake_rejected_briefly("key_missing.cpp");
}

TEST(CompileFail, LoadManyOnAnUnhashableKeyIsRejected) {
    expect_key_mistake_rejected_briefly("key_unhashable.cpp");
}

TEST(CompileFail, AMemberOfAnotherStructIsRejected) {
    expect_fails_with_message("member_of_other_struct.cpp");
}

TEST(CompileFail, AMemberOfAnUnstorableTypeIsRejected) {
    expect_fails_with_message("unstorable_member.cpp");
}

TEST(CompileFail, SetNullOnANotNullColumnIsRejected) {
    expect_fails_with_message("set_null_not_nullable.cpp");
}

TEST(CompileFail, ComparingAColumnWithAValueOfAnotherTypeIsRejected) {
    expect_fails_with_message("compare_wrong_type.cpp");
}

}  // namespace
