// Every column the golden snapshots call non-null, attacked with real data: each schema is
// seeded with rows that make NULLs wherever they can come (schemas/<s>/adversarial.sql), every
// row-returning query runs with generic parameters, and no non-null column may be NULL.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "codegen/golden_support.hpp"
#include "strata/core/error.hpp"

namespace strata::codegen::golden {
namespace {

// A parameter value likely to match row 1 of the adversarial data.
driver::Value generic_value(driver::Connection& conn, const AnalyzedParam& p,
                            const Snapshot& snapshot) {
    std::string type = p.pg_type;
    bool array = false;
    if (auto t = snapshot.types.find(type);
        t != snapshot.types.end() && t->second.kind == "array") {
        type = t->second.base;
        array = true;
    } else if (type.starts_with("_")) {
        type = type.substr(1);
        array = true;
    }
    while (snapshot.types.contains(type) && snapshot.types.at(type).kind == "domain") {
        type = snapshot.types.at(type).base;
    }
    std::string label = "x";
    if (snapshot.types.contains(type) && snapshot.types.at(type).kind == "enum") {
        label = conn.query(
                        "SELECT enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = "
                        "e.enumtypid WHERE t.typname = $1 ORDER BY enumsortorder LIMIT 1",
                        type)
                    .scalar<std::string>();
    }
    const bool offset = p.name.find("offset") != std::string::npos;
    const std::int64_t n =
        offset ? 0
        : (p.name.find("lim") != std::string::npos || p.name.find("size") != std::string::npos)
            ? 100
            : 1;
    if (type == "int2") {
        return array ? driver::Value(std::vector<std::int16_t>{1}) : driver::Value(std::int16_t{1});
    }
    if (type == "int4") {
        return array ? driver::Value(std::vector<std::int32_t>{1})
                     : driver::Value(static_cast<std::int32_t>(n));
    }
    if (type == "int8") {
        return array ? driver::Value(std::vector<std::int64_t>{1}) : driver::Value(n);
    }
    if (type == "float4") return driver::Value(1.0F);
    if (type == "float8") return driver::Value(1.0);
    if (type == "bool") return driver::Value(true);
    if (type == "numeric") return driver::Value(Numeric("1"));
    if (type == "uuid") return driver::Value(Uuid::parse("00000000-0000-0000-0000-000000000001"));
    if (type == "date") return driver::Value(Date::parse("2000-01-01"));
    if (type == "timestamptz") return driver::Value(Timestamptz::parse("2000-01-01T00:00:00Z"));
    if (type == "jsonb" || type == "json") return driver::Value(Json(nlohmann::json::object()));
    if (type == "bytea") return driver::Value(Bytes(std::string_view("x")));
    return array ? driver::Value(std::vector<std::string>{label}) : driver::Value(label);
}

// The snapshot SQL as the generated code sends it (enum arrays cast, see emit.cpp).
std::string sent(const AnalyzedQuery& q, const Snapshot& s) {
    std::string sql = q.sql;
    for (const auto& p : q.params) {
        auto t = s.types.find(p.pg_type);
        if (t == s.types.end() || t->second.kind != "array") continue;
        const std::string token = "$" + std::to_string(p.number);
        const auto at = sql.find(token);
        if (at != std::string::npos) sql.insert(at + token.size(), "::" + t->second.base + "[]");
    }
    return sql;
}

class NonNull : public ::testing::TestWithParam<std::string> {};

TEST_P(NonNull, NoColumnCalledNonNullComesBackNull) {
    const auto snapshot =
        parse_snapshot(read_file(kGolden / GetParam() / "strata_gen.json"), "strata_gen.json");
    auto db = schema_database(GetParam());
    auto conn = driver::Connection::open(db.url());
    conn.execute_script(read_file(kSchemas / GetParam() / "adversarial.sql"));
    // `AS "name!"` is the author's claim, not strata's: those columns are not strata's to prove.
    std::map<std::string, std::set<std::string>> asserted;
    for (const auto& src : schema_queries(GetParam())) {
        for (const auto& [column, o] : src.overrides) {
            if (o.not_null) asserted[src.name].insert(column);
        }
    }
    conn.execute_script("BEGIN");
    std::size_t row_queries = 0, with_rows = 0, checked = 0;
    std::set<std::string> seen_null_able;  // nullable columns actually seen NULL
    for (const auto& q : snapshot.queries) {
        if (q.columns.empty() || q.kind == QueryKind::execresult) continue;
        ++row_queries;
        std::vector<driver::Value> params;
        for (const auto& p : q.params) params.push_back(generic_value(conn, p, snapshot));
        conn.execute_script("SAVEPOINT q");
        driver::Result r;
        try {
            r = conn.execute(sent(q, snapshot), params);
        } catch (const SqlError&) {  // a generic value broke a constraint: nothing to check
            conn.execute_script("ROLLBACK TO SAVEPOINT q");
            continue;
        }
        conn.execute_script("RELEASE SAVEPOINT q");
        if (!r.empty()) ++with_rows;
        for (const auto& row : r) {
            std::size_t col = 0;
            for (const auto& c : q.columns) {
                const auto members = c.embed.empty() ? std::vector<AnalyzedColumn>{c} : c.embed;
                bool all_null = true;
                for (std::size_t k = 0; k < members.size(); ++k)
                    all_null = all_null && row.is_null(col + k);
                for (const auto& m : members) {
                    const bool parent_nullable = !c.embed.empty() && c.nullable && all_null;
                    if (!m.nullable && !parent_nullable && !asserted[q.name].contains(m.name)) {
                        ++checked;
                        EXPECT_FALSE(row.is_null(col))
                            << q.file << ":" << q.line << " " << q.name << " column " << m.name
                            << " is called non-null but came back NULL";
                    } else if (row.is_null(col)) {
                        seen_null_able.insert(q.name + "." + m.name);
                    }
                    ++col;
                }
            }
        }
    }
    conn.execute_script("ROLLBACK");
    // The attack must have reached most queries, or this test proves nothing.
    EXPECT_GE(with_rows * 10, row_queries * 7) << with_rows << " of " << row_queries;
    EXPECT_GT(checked, 30U);
    EXPECT_GT(seen_null_able.size(), 5U);  // the data does make NULLs where strata allows them
}

INSTANTIATE_TEST_SUITE_P(Schemas, NonNull, ::testing::Values("library", "shop", "blog"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace strata::codegen::golden
