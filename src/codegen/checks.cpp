// unfiltered_soft_delete_tables() and critical_findings().
#include "codegen/checks.hpp"

#include <fmt/format.h>

#include <set>

#include "codegen/tree.hpp"

namespace strata::codegen {
namespace {

using tree::Json;

// RangeVars of one level's FROM (joins followed, subqueries not) as (alias, relname).
void level_tables(const Json& item, std::vector<std::pair<std::string, std::string>>& out,
                  std::vector<const Json*>& quals) {
    const auto t = tree::type_of(item);
    const auto& b = tree::body_of(item);
    if (t == "JoinExpr") {
        level_tables(tree::child(b, "larg"), out, quals);
        level_tables(tree::child(b, "rarg"), out, quals);
        if (b.contains("quals")) quals.push_back(&b["quals"]);
    } else if (t == "RangeVar") {
        const auto name = b.value("relname", "");
        out.emplace_back(b.contains("alias") ? b["alias"].value("aliasname", name) : name, name);
    }
}

// Dotted names of the ColumnRefs in node, not descending into subqueries.
void level_column_refs(const Json& node, std::set<std::string>& out) {
    if (node.is_array()) {
        for (const auto& i : node) level_column_refs(i, out);
        return;
    }
    if (!node.is_object()) return;
    const auto t = tree::type_of(node);
    if (t == "SelectStmt") return;
    if (t == "ColumnRef") {
        std::string d;
        for (const auto& n : tree::names_of(tree::child(tree::body_of(node), "fields"))) {
            d += (d.empty() ? "" : ".") + n;
        }
        out.insert(d);
        return;
    }
    for (const auto& [k, v] : (t.empty() ? node : node.begin().value()).items()) {
        level_column_refs(v, out);
    }
}

bool leading_wildcard(const Json& pattern) {
    const Json& p = tree::strip_casts(pattern);
    const auto t = tree::type_of(p);
    const auto& b = tree::body_of(p);
    if (t == "A_Const" && b.contains("sval")) return b["sval"].value("sval", "").starts_with("%");
    if (t == "A_Expr" && tree::names_of(tree::child(b, "name")) == std::vector<std::string>{"||"}) {
        return leading_wildcard(tree::child(b, "lexpr"));
    }
    return false;
}

void seq_scans(const Json& plan, std::vector<Finding>& out) {
    if (plan.is_array()) {
        for (const auto& p : plan) seq_scans(p, out);
        return;
    }
    if (!plan.is_object()) return;
    if (plan.value("Node Type", "") == "Seq Scan") {
        const auto filter = plan.value("Filter", "");
        out.push_back({.rule = "seqscan",
                       .message = fmt::format(
                           "sequential scan on {} with enable_seqscan = off{}: no index serves it",
                           plan.value("Relation Name", "?"),
                           filter.empty() ? std::string() : " (filter: " + filter + ")")});
    }
    const auto type = plan.value("Node Type", "");
    if ((type == "Index Scan" || type == "Index Only Scan") && !plan.contains("Index Cond")) {
        // With seqscans off the planner may walk a whole index instead: no better.
        const auto filter = plan.value("Filter", "");
        out.push_back({.rule = "seqscan",
                       .message = fmt::format(
                           "full scan of index {} on {} with enable_seqscan = off{}: no index "
                           "serves the predicate",
                           plan.value("Index Name", "?"), plan.value("Relation Name", "?"),
                           filter.empty() ? std::string() : " (filter: " + filter + ")")});
    }
    if (plan.contains("Plan")) seq_scans(plan["Plan"], out);
    if (plan.contains("Plans")) seq_scans(plan["Plans"], out);
}

}  // namespace

std::vector<std::string> unfiltered_soft_delete_tables(const Json& stmt, const CatalogInfo& catalog,
                                                       const std::string& column) {
    std::set<std::string> ctes;
    tree::for_each_node(stmt, [&](const std::string& t, const Json& b, const Json&) {
        if (t == "CommonTableExpr") ctes.insert(b.value("ctename", ""));
    });
    std::vector<std::string> out;
    tree::for_each_node(stmt, [&](const std::string& t, const Json& b, const Json&) {
        std::vector<std::pair<std::string, std::string>> tables;
        std::vector<const Json*> scope;
        if (t == "SelectStmt") {
            for (const auto& item : tree::child(b, "fromClause")) level_tables(item, tables, scope);
        } else if (t == "UpdateStmt" || t == "DeleteStmt") {
            level_tables(Json{{"RangeVar", tree::child(b, "relation")}}, tables, scope);
            for (const char* key : {"fromClause", "usingClause"}) {
                for (const auto& item : tree::child(b, key)) level_tables(item, tables, scope);
            }
        } else {
            return;
        }
        if (b.contains("whereClause")) scope.push_back(&b["whereClause"]);
        std::set<std::string> refs;
        for (const Json* s : scope) level_column_refs(*s, refs);
        for (const auto& [alias, relname] : tables) {
            if (ctes.contains(relname)) continue;
            const RelationInfo* rel = catalog.relation(relname);
            if (rel == nullptr || rel->column(column) == nullptr) continue;
            std::string qualified = alias;
            qualified += '.';
            qualified += column;
            if (refs.contains(qualified) || refs.contains(column)) continue;
            if (std::find(out.begin(), out.end(), relname) == out.end()) out.push_back(relname);
        }
    });
    return out;
}

std::vector<Finding> critical_findings(driver::Connection& conn, const std::string& sql,
                                       const Json& stmt, std::size_t param_count) {
    std::vector<Finding> out;
    tree::for_each_node(stmt, [&](const std::string& t, const Json& b, const Json&) {
        const auto kind = b.value("kind", "");
        if (t == "A_Expr" && (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") &&
            leading_wildcard(tree::child(b, "rexpr"))) {
            out.push_back({.rule = "like-wildcard",
                           .message = "a LIKE pattern starting with `%` cannot use a b-tree "
                                      "index (consider a trigram index or a prefix match)"});
        }
    });
    std::string args;
    for (std::size_t i = 0; i < param_count; ++i) args += i == 0 ? "NULL" : ", NULL";
    conn.execute_script(
        "BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_generic_plan");
    bool prepared = false;
    try {
        conn.execute_script("PREPARE strata_gen_critical AS " + sql);
        prepared = true;
        const auto r =
            conn.execute(fmt::format("EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE strata_gen_critical{}",
                                     param_count == 0 ? std::string() : "(" + args + ")"));
        const auto plan = nlohmann::json::parse(r[0].get<std::string>(0));
        seq_scans(plan, out);
    } catch (...) {
        conn.execute_script(prepared ? "ROLLBACK; DEALLOCATE strata_gen_critical" : "ROLLBACK");
        throw;
    }
    conn.execute_script("ROLLBACK; DEALLOCATE strata_gen_critical");
    return out;
}

}  // namespace strata::codegen
