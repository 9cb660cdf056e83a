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

/// One mistake, one message: a diagnostic longer than this (g++ 12 prints 7 to 18 lines for
/// these snippets; a list of operator candidates ran to ~450) means the static_assert was lost.
constexpr std::size_t kMaxDiagnosticLines = 30;

void expect_fails_with_message(const std::string& name) {
    const auto message = expected_message(name);
    ASSERT_FALSE(message.empty()) << name << " has no '// expect: ' first line";
    const auto r = compile(name);
    EXPECT_NE(r.status, 0) << name << " compiled but must not";
    EXPECT_NE(r.output.find(message), std::string::npos)
        << name << ": wanted \"" << message << "\" in:\n"
        << r.output.substr(0, 4000);
    const auto lines = static_cast<std::size_t>(std::count(r.output.begin(), r.output.end(), '\n'));
    EXPECT_LT(lines, kMaxDiagnosticLines)
        << name << ": the diagnostic is " << lines << " lines long:\n"
        << r.output.substr(0, 4000);
    EXPECT_EQ(r.output.find("candidate"), std::string::npos)
        << name << ": the diagnostic lists overload candidates:\n"
        << r.output.substr(0, 4000);
}

TEST(CompileFail, TheControlSnippetCompiles) {
    const auto r = compile("ok.cpp");
    EXPECT_EQ(r.status, 0) << r.output.substr(0, 4000);
}

TEST(CompileFail, AColumnNamedTwiceIsRejected) {
    expect_fails_with_message("duplicate_column.cpp");
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

TEST(CompileFail, UpdateSetOfABoolMemberWithAnIntIsRejected) {
    expect_fails_with_message("update_set_bool_with_int.cpp");
}

TEST(CompileFail, UpdateSetOfABoolMemberWithAStringIsRejected) {
    expect_fails_with_message("update_set_bool_with_string.cpp");
}

TEST(CompileFail, UpdateSetOfAnIntegerMemberWithADoubleIsRejected) {
    expect_fails_with_message("update_set_integer_with_double.cpp");
}

TEST(CompileFail, PatchSetOfABoolMemberWithAnIntIsRejected) {
    expect_fails_with_message("patch_set_bool_with_int.cpp");
}

TEST(CompileFail, PatchSetOfABoolMemberWithAStringIsRejected) {
    expect_fails_with_message("patch_set_bool_with_string.cpp");
}

TEST(CompileFail, PatchSetOfAnOptionalOnANotNullMemberIsRejected) {
    expect_fails_with_message("patch_set_optional_on_not_null.cpp");
}

TEST(CompileFail, ComparingAColumnWithAValueOfAnotherTypeIsRejected) {
    expect_fails_with_message("compare_wrong_type.cpp");
}

TEST(CompileFail, ComparingABoolColumnWithAnIntIsRejected) {
    expect_fails_with_message("compare_bool_with_int.cpp");
}

TEST(CompileFail, ComparingABoolColumnWithAStringIsRejected) {
    expect_fails_with_message("compare_bool_with_string.cpp");
}

TEST(CompileFail, ComparingATextColumnWithAnOptionalIntIsRejected) {
    expect_fails_with_message("compare_text_with_optional_int.cpp");
}

TEST(CompileFail, ComparingTwoColumnsOfDifferentTypesIsRejected) {
    expect_fails_with_message("compare_columns_of_other_types.cpp");
}

TEST(CompileFail, AWhereOnATableNotInTheQueryIsRejected) {
    expect_fails_with_message("where_table_not_in_query.cpp");
}

TEST(CompileFail, AnUpdateWhereOnAnotherTableIsRejected) {
    expect_fails_with_message("update_where_table_not_in_query.cpp");
}

TEST(CompileFail, ADeleteWhereOnAnotherTableIsRejected) {
    expect_fails_with_message("delete_where_table_not_in_query.cpp");
}

TEST(CompileFail, AnOrderByOnATableNotInTheQueryIsRejected) {
    expect_fails_with_message("order_by_table_not_in_query.cpp");
}

TEST(CompileFail, AJoinConditionOnATableNotInTheQueryIsRejected) {
    expect_fails_with_message("join_on_table_not_in_query.cpp");
}

TEST(CompileFail, FetchingOnlyALeftJoinedTableIsRejected) {
    expect_fails_with_message("fetch_of_left_joined_table.cpp");
}

TEST(CompileFail, JoiningATableTwiceIsRejected) {
    expect_fails_with_message("self_join.cpp");
}

TEST(CompileFail, ALeftJoinOfATableWithoutPrimaryKeyIsRejected) {
    expect_fails_with_message("left_join_without_primary_key.cpp");
}

TEST(CompileFail, LikeOnANumberColumnIsRejected) {
    expect_fails_with_message("like_on_number.cpp");
}

}  // namespace
