// parse_queries: sqlc's grammar, parameter numbering and naming, overrides, located errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "strata/codegen/query_source.hpp"

namespace strata::codegen {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& text) {
    try {
        (void)parse_queries(text, "db/queries/authors.sql");
    } catch (const CodegenError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ParseQueries, ReadsNameKindLineAndSql) {
    const auto qs = parse_queries(
        "-- authors\n\n-- name: GetAuthor :one\nSELECT * FROM authors\nWHERE id = $1 LIMIT 1;\n\n"
        "-- name: ListAuthors :many\nSELECT * FROM authors ORDER BY name;\n",
        "a.sql");
    ASSERT_EQ(qs.size(), 2U);
    EXPECT_EQ(qs[0].name, "GetAuthor");
    EXPECT_EQ(qs[0].kind, QueryKind::one);
    EXPECT_EQ(qs[0].line, 3);
    EXPECT_EQ(qs[0].sql, "SELECT * FROM authors\nWHERE id = $1 LIMIT 1");
    ASSERT_EQ(qs[0].params.size(), 1U);
    EXPECT_EQ(qs[0].params[0].name, "id");
    EXPECT_EQ(qs[1].kind, QueryKind::many);
    EXPECT_EQ(qs[1].line, 7);
    EXPECT_TRUE(qs[1].params.empty());
}

TEST(ParseQueries, AcceptsEveryKind) {
    std::string text;
    for (const char* k : {":one", ":many", ":exec", ":execrows", ":execresult", ":copyfrom",
                          ":batchexec", ":batchmany", ":batchone"}) {
        text += std::string("-- name: Q") + (k + 1) + " " + k + "\nSELECT 1;\n";
    }
    const auto qs = parse_queries(text, "k.sql");
    ASSERT_EQ(qs.size(), 9U);
    for (const auto& q : qs) EXPECT_EQ("Q" + std::string(kind_text(q.kind).substr(1)), q.name);
}

TEST(ParseQueries, NumbersNamedParametersByFirstAppearance) {
    const auto qs = parse_queries(
        "-- name: Find :many\nSELECT * FROM t WHERE b = @b AND a = sqlc.arg(a) AND c = "
        "sqlc.narg('c') AND d = @b;\n",
        "f.sql");
    const auto& q = qs.at(0);
    EXPECT_EQ(q.sql, "SELECT * FROM t WHERE b = $1 AND a = $2 AND c = $3 AND d = $1");
    ASSERT_EQ(q.params.size(), 3U);
    EXPECT_EQ(q.params[0].name, "b");
    EXPECT_EQ(q.params[1].name, "a");
    EXPECT_EQ(q.params[2].name, "c");
    EXPECT_TRUE(q.params[2].narg);
    EXPECT_FALSE(q.params[0].narg);
}

TEST(ParseQueries, NamesPositionalParametersLikeSqlc) {
    const auto q = parse_queries(
        "-- name: Page :many\nSELECT * FROM t WHERE owner_id = $1 AND $2 < created_at\n"
        "AND created_at < $3 AND lower(name) = $4 LIMIT $5 OFFSET $6;\n",
        "p.sql")[0];
    std::vector<std::string> names;
    for (const auto& p : q.params) names.push_back(p.name);
    EXPECT_EQ(names, (std::vector<std::string>{"owner_id", "created_at", "created_at_2", "p4",
                                               "limit", "offset"}));
}

TEST(ParseQueries, NamesInsertAndUpdateParametersAfterTheirColumns) {
    const auto qs = parse_queries(
        "-- name: Add :one\nINSERT INTO t (name, bio) VALUES ($1, $2) RETURNING id;\n"
        "-- name: Rename :exec\nUPDATE t SET name = $2 WHERE id = $1;\n",
        "i.sql");
    EXPECT_EQ(qs[0].params[0].name, "name");
    EXPECT_EQ(qs[0].params[0].assigned_column, "name");
    EXPECT_EQ(qs[0].params[1].assigned_column, "bio");
    EXPECT_EQ(qs[1].params[0].name, "id");
    EXPECT_EQ(qs[1].params[0].assigned_column, "");
    EXPECT_EQ(qs[1].params[1].name, "name");
    EXPECT_EQ(qs[1].params[1].assigned_column, "name");
}

TEST(ParseQueries, RewritesSliceToOneArrayParameter) {
    const auto q = parse_queries(
        "-- name: ByIds :many\nSELECT * FROM t WHERE id IN (sqlc.slice(ids)) AND kind NOT IN "
        "(sqlc.slice('kinds')) AND owner = @owner;\n",
        "s.sql")[0];
    EXPECT_EQ(q.sql, "SELECT * FROM t WHERE id = ANY($1) AND kind <> ALL($2) AND owner = $3");
    EXPECT_TRUE(q.params[0].slice);
    EXPECT_TRUE(q.params[1].slice);
    EXPECT_EQ(q.params[1].name, "kinds");
    EXPECT_FALSE(q.params[2].slice);
}

TEST(ParseQueries, ExpandsEmbedAndReadsOverrides) {
    const auto q = parse_queries(
        "-- name: WithAuthor :many\nSELECT b.id AS \"book_id!\", sqlc.embed(a), b.title AS "
        "\"title?\", b.meta AS \"meta: my::Meta\"\nFROM books b JOIN authors a ON a.id = "
        "b.author_id;\n",
        "e.sql")[0];
    EXPECT_EQ(q.sql,
              "SELECT b.id AS \"book_id\", a.*, b.title AS \"title\", b.meta AS \"meta\"\n"
              "FROM books b JOIN authors a ON a.id = b.author_id");
    ASSERT_EQ(q.embeds.size(), 1U);
    EXPECT_EQ(q.embeds[0].table, "a");
    EXPECT_EQ(q.embeds[0].position, 1U);
    EXPECT_TRUE(q.overrides.at("book_id").not_null);
    EXPECT_TRUE(q.overrides.at("title").nullable);
    EXPECT_EQ(q.overrides.at("meta").cpp_type, "my::Meta");
}

TEST(ParseQueries, ReadsStrataAnnotations) {
    const auto qs = parse_queries(
        "-- strata:critical\n-- name: A :one\nSELECT 1;\n-- name: B :many\n"
        "-- strata:include-deleted\nSELECT 2;\n",
        "a.sql");
    EXPECT_TRUE(qs[0].critical);
    EXPECT_FALSE(qs[0].include_deleted);
    EXPECT_TRUE(qs[1].include_deleted);
    EXPECT_FALSE(qs[1].critical);
}

TEST(ParseQueries, SyntaxErrorNamesFileLineColumnAndQuery) {
    EXPECT_EQ(error_of("-- name: Ok :one\nSELECT 1;\n\n-- name: Bad :one\nSELECT id,\nFROM t;\n"),
              "db/queries/authors.sql:6:1: query Bad: syntax error at or near \"FROM\"");
}

TEST(ParseQueries, ReportsUnknownKindAnnotationAndDuplicates) {
    EXPECT_EQ(error_of("\n-- name: A :some\nSELECT 1;\n"),
              "db/queries/authors.sql:2: query A: unknown kind `:some` (expected :one, :many, "
              ":exec, :execrows, :execresult, :copyfrom, :batchexec, :batchmany, :batchone)");
    EXPECT_THAT(error_of("-- name: A :one\n-- strata:fast\nSELECT 1;\n"),
                HasSubstr("authors.sql:2: query A: unknown annotation `-- strata:fast`"));
    EXPECT_EQ(error_of("-- name: A :one\nSELECT 1;\n-- name: A :many\nSELECT 2;\n"),
              "db/queries/authors.sql:3: query A: duplicate query name (first at line 1)");
    EXPECT_THAT(error_of("-- name: A :one\nSELECT $1 + @b;\n"), HasSubstr("query A: positional"));
    EXPECT_THAT(error_of("-- name: A :one\nSELECT sqlc.nope(x);\n"),
                HasSubstr("unknown macro sqlc.nope"));
    EXPECT_THAT(error_of("-- name: A :one\nSELECT 1; SELECT 2;\n"),
                HasSubstr("authors.sql:2: query A: more than one statement"));
    EXPECT_THAT(error_of("SELECT 1;\n"), HasSubstr("authors.sql:1: SQL before the first"));
    EXPECT_THAT(error_of("-- name: A :one\n-- nothing\n"), HasSubstr("query A: no SQL statement"));
}

}  // namespace
}  // namespace strata::codegen
