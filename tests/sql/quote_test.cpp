// Tests for sql::quote_ident, quote_qualified and quote_literal, checked against the parser.
#include "strata/sql/quote.hpp"

#include <gtest/gtest.h>

#include "strata/core/error.hpp"
#include "strata/sql/parse_tree.hpp"

namespace strata::sql {
namespace {

// The column alias PostgreSQL reads from `SELECT 1 AS <quoted>`.
std::string parsed_alias(const std::string& quoted) {
    auto tree = parse("SELECT 1 AS " + quoted);
    const auto& body = statement_body(tree.statements().at(0).node);
    return body.at("targetList").at(0).at("ResTarget").at("name").get<std::string>();
}

// The string value PostgreSQL reads from `SELECT <literal>`.
std::string parsed_literal(const std::string& literal) {
    auto tree = parse("SELECT " + literal);
    const auto& body = statement_body(tree.statements().at(0).node);
    const auto& value = body.at("targetList").at(0).at("ResTarget").at("val").at("A_Const");
    return value.at("sval").value("sval", "");
}

TEST(QuoteIdent, LeavesLowerCaseSimpleIdentifiersBare) {
    EXPECT_EQ(quote_ident("users"), "users");
    EXPECT_EQ(quote_ident("_order_2"), "_order_2");
    EXPECT_EQ(quote_ident("name"), "name");  // an unreserved keyword
    EXPECT_EQ(quote_ident("zone"), "zone");
}

TEST(QuoteIdent, QuotesUpperCaseQuotesDigitsAndUnicode) {
    EXPECT_EQ(quote_ident("Users"), "\"Users\"");
    EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_ident("1st"), "\"1st\"");
    EXPECT_EQ(quote_ident("café"), "\"café\"");
    EXPECT_EQ(quote_ident("two words"), "\"two words\"");
    EXPECT_EQ(quote_ident("a$b"), "\"a$b\"");
}

TEST(QuoteIdent, QuotesReservedColumnNameAndTypeFunctionKeywords) {
    EXPECT_EQ(quote_ident("select"), "\"select\"");
    EXPECT_EQ(quote_ident("user"), "\"user\"");
    EXPECT_EQ(quote_ident("order"), "\"order\"");
    EXPECT_EQ(quote_ident("int"), "\"int\"");            // column-name keyword
    EXPECT_EQ(quote_ident("xmltable"), "\"xmltable\"");  // last of them alphabetically
    EXPECT_EQ(quote_ident("all"), "\"all\"");            // first of them alphabetically
    EXPECT_EQ(quote_ident("left"), "\"left\"");          // type/function-name keyword
}

TEST(QuoteIdent, RoundTripsThroughTheParser) {
    for (const char* name : {"users", "Users", "select", "user", "int", "a\"b", "\"", "café",
                             "Ünïcødé \"x\"", "with space", "x-y", "$1", "end", "name"}) {
        EXPECT_EQ(parsed_alias(quote_ident(name)), name) << quote_ident(name);
    }
}

TEST(QuoteIdent, RejectsEmptyNamesAndNulBytes) {
    EXPECT_THROW((void)quote_ident(""), UsageError);
    EXPECT_THROW((void)quote_ident(std::string("a\0b", 3)), UsageError);
}

TEST(QuoteQualified, QuotesEachPart) {
    EXPECT_EQ(quote_qualified("public", "Order"), "public.\"Order\"");
    EXPECT_EQ(quote_qualified("My Schema", "t"), "\"My Schema\".t");
    EXPECT_EQ(quote_qualified("", "t"), "t");
}

TEST(QuoteLiteral, DoublesQuotesAndUsesEStringsForBackslashes) {
    EXPECT_EQ(quote_literal("plain"), "'plain'");
    EXPECT_EQ(quote_literal("it's"), "'it''s'");
    EXPECT_EQ(quote_literal("a\\b"), "E'a\\\\b'");
    EXPECT_EQ(quote_literal("\\'"), "E'\\\\'''");
    EXPECT_EQ(quote_literal(""), "''");
}

TEST(QuoteLiteral, RoundTripsThroughTheParser) {
    for (const char* text :
         {"plain", "it's", "a\\b", "\\'", "'';--", "$$", "é ü 😀", "\\", "line\nbreak", ""}) {
        EXPECT_EQ(parsed_literal(quote_literal(text)), text) << quote_literal(text);
    }
}

TEST(QuoteLiteral, RejectsNulBytes) {
    EXPECT_THROW((void)quote_literal(std::string("a\0b", 3)), UsageError);
}

}  // namespace
}  // namespace strata::sql
