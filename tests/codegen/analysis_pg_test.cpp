// analyze(): errors located at file:line with the query name; checks; nothing executed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strata/codegen/analysis.hpp"
#include "strata/testing/server.hpp"

namespace strata::codegen {
namespace {

using ::testing::HasSubstr;

driver::Connection analysis_db() {
    auto conn = driver::Connection::open(strata::testing::fresh_database_url("codegen"));
    conn.execute_script(
        "CREATE TABLE items (id int8 PRIMARY KEY, name text NOT NULL, note text, "
        "doc tsvector, deleted_at timestamptz);"
        "INSERT INTO items VALUES (1, 'kept', NULL, NULL, NULL);");
    return conn;
}

std::string analysis_error(const std::string& text) {
    auto conn = analysis_db();
    try {
        (void)analyze(conn, parse_queries(text, "db/queries/items.sql"));
    } catch (const CodegenError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Analyze, MissingColumnNamesFileLineAndQuery) {
    EXPECT_EQ(analysis_error("-- name: Ok :one\nSELECT id FROM items WHERE id = $1;\n"
                             "-- name: Bad :many\nSELECT nope FROM items;\n"),
              "db/queries/items.sql:3: query Bad: column \"nope\" does not exist");
}

TEST(Analyze, UninferableParameterType) {
    EXPECT_THAT(
        analysis_error("-- name: What :many\nSELECT id FROM items WHERE $1 IS NULL;\n"),
        HasSubstr("items.sql:1: query What: could not determine data type of parameter $1"));
}

TEST(Analyze, UnmappedTypeNamesColumnAndTheOverrideThatFixesIt) {
    EXPECT_EQ(
        analysis_error("-- name: Docs :many\nSELECT doc FROM items WHERE deleted_at IS NULL;\n"),
        "db/queries/items.sql:1: query Docs: column `doc` has type tsvector, which strata "
        "does not map; write `AS \"doc: YourType\"` in the query or add `tsvector = "
        "\"YourType\"` under [gen.overrides] in strata.toml");
    auto conn = analysis_db();
    const auto s = analyze(
        conn, parse_queries("-- name: Docs :many\nSELECT doc AS \"doc: app::Tsv\" FROM items "
                            "WHERE deleted_at IS NULL;\n",
                            "q.sql"));
    EXPECT_EQ(s.queries[0].columns[0].cpp_type, "app::Tsv");
}

TEST(Analyze, KindNeedsRowsAndCopyfromNeedsPlainInsert) {
    EXPECT_THAT(analysis_error("-- name: One :one\nDELETE FROM items WHERE id = $1;\n"),
                HasSubstr("query One: :one needs a statement that returns rows"));
    EXPECT_THAT(analysis_error("-- name: Load :copyfrom\nINSERT INTO items (id, name) VALUES "
                               "($1, upper($2));\n"),
                HasSubstr("query Load: :copyfrom values must all be parameters"));
}

TEST(Analyze, NeverExecutesQueriesNorLeavesATransactionOpen) {
    auto conn = analysis_db();
    const auto s = analyze(conn, parse_queries("-- name: Wipe :execrows\nDELETE FROM items;\n"
                                               "-- name: Crit :many\n-- strata:critical\n"
                                               "DELETE FROM items WHERE note = $1 RETURNING id;\n",
                                               "q.sql"));
    EXPECT_EQ(conn.query("SELECT count(*) FROM items").scalar<std::int64_t>(), 1);
    EXPECT_EQ(conn.transaction_state(), driver::TransactionState::idle);
    ASSERT_EQ(s.queries.size(), 2U);
    EXPECT_TRUE(s.queries[0].soft_delete_unfiltered);  // DELETE target without deleted_at
    bool seqscan = false;
    for (const auto& f : s.queries[1].findings) seqscan = seqscan || f.rule == "seqscan";
    EXPECT_TRUE(seqscan) << (s.queries[1].findings.empty() ? std::string("no findings")
                                                           : s.queries[1].findings[0].message);
}

TEST(Analyze, SoftDeleteCheckHonoursPredicatesAndTheAnnotation) {
    auto conn = analysis_db();
    const auto s = analyze(
        conn,
        parse_queries("-- name: A :many\nSELECT i.id FROM items i WHERE i.deleted_at IS NULL;\n"
                      "-- name: B :many\nSELECT id FROM items;\n"
                      "-- name: C :many\n-- strata:include-deleted\nSELECT id FROM items;\n"
                      "-- name: D :many\nSELECT x.id FROM items x JOIN items y ON y.id = x.id "
                      "AND y.deleted_at IS NULL WHERE x.deleted_at IS NULL;\n"
                      "-- name: E :many\nSELECT id FROM items WHERE deleted_at IS NULL AND "
                      "id IN (SELECT id FROM items);\n",
                      "q.sql"));
    EXPECT_FALSE(s.queries[0].soft_delete_unfiltered);
    EXPECT_TRUE(s.queries[1].soft_delete_unfiltered);
    EXPECT_EQ(s.queries[1].findings.at(0).rule, "soft-delete");
    EXPECT_FALSE(s.queries[2].soft_delete_unfiltered);
    EXPECT_TRUE(s.queries[2].findings.empty());
    EXPECT_FALSE(s.queries[3].soft_delete_unfiltered);
    EXPECT_TRUE(s.queries[4].soft_delete_unfiltered);  // the subquery's level has no filter
}

}  // namespace
}  // namespace strata::codegen
