// NullabilityProver: the join tree and predicates of a parse tree, and the proof rules.
#include "codegen/nullability.hpp"

#include <array>

#include "codegen/tree.hpp"

namespace strata::codegen {
namespace {

using tree::Json;

std::string dotted(const Json& ref) {
    std::string out;
    for (const auto& n : tree::names_of(tree::child(tree::body_of(ref), "fields"))) {
        if (!out.empty()) out += '.';
        out += n;
    }
    return out;
}

bool is_strict_predicate(const Json& body, const std::string& type) {
    if (type == "NullTest") return body.value("nulltesttype", "") == "IS_NOT_NULL";
    if (type != "A_Expr") return false;
    const auto kind = body.value("kind", "");
    if (kind == "AEXPR_OP") {
        static const std::set<std::string> ops{"=", "<>", "!=", "<", ">", "<=", ">="};
        const auto names = tree::names_of(tree::child(body, "name"));
        return names.size() == 1 && ops.contains(names[0]);
    }
    return kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE" || kind == "AEXPR_IN" ||
           kind == "AEXPR_OP_ANY" || kind == "AEXPR_BETWEEN";
}

}  // namespace

NullabilityProver::NullabilityProver(const Json& statement, CatalogInfo& catalog)
    : catalog_(&catalog) {
    const std::string type = tree::type_of(statement);
    const Json& body = tree::body_of(statement);
    tree::for_each_node(statement, [&](const std::string& t, const Json& b, const Json&) {
        if (t == "RangeVar") relnames_.insert(b.value("relname", ""));
        if (t == "GroupingSet") grouping_sets_ = true;
        if (t == "CommonTableExpr") {
            cte_names_.insert(b.value("ctename", ""));
            ctes_[b.value("ctename", "")] = &b;
        }
    });
    // Outer joins anywhere (subqueries, CTEs included): their nullable sides.
    tree::for_each_node(statement, [&](const std::string& t, const Json& b, const Json&) {
        if (t != "JoinExpr") return;
        const auto jt = b.value("jointype", "");
        if (jt == "JOIN_LEFT" || jt == "JOIN_FULL") mark_nullable_inside(tree::child(b, "rarg"));
        if (jt == "JOIN_RIGHT" || jt == "JOIN_FULL") mark_nullable_inside(tree::child(b, "larg"));
    });
    if (type == "SelectStmt" && !body.contains("larg")) {
        for (const auto& item : tree::child(body, "fromClause")) read_from(item, false);
        targets_ = body.contains("targetList") ? &body["targetList"] : nullptr;
    } else if (type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt") {
        const auto& rel = tree::child(body, "relation");
        const auto name = rel.value("relname", "");
        const auto alias = rel.contains("alias") ? rel["alias"].value("aliasname", name) : name;
        from_.push_back({.alias = alias, .relname = name, .nullable = false});
        relnames_.insert(name);  // the target is a bare RangeVar, not a {"RangeVar": ...} node
        for (const char* key : {"fromClause", "usingClause"}) {
            for (const auto& item : tree::child(body, key)) read_from(item, false);
        }
        targets_ = body.contains("returningList") ? &body["returningList"] : nullptr;
        if (type == "UpdateStmt") {
            for (const auto& t : tree::child(body, "targetList")) {
                const auto& rt = tree::body_of(t);
                if (rt.contains("val")) assigned_[rt.value("name", "")] = &rt["val"];
            }
        }
        if (type == "InsertStmt" && !body.contains("onConflictClause")) {
            const auto& lists =
                tree::child(tree::body_of(tree::child(body, "selectStmt")), "valuesLists");
            const auto& cols = tree::child(body, "cols");
            if (lists.is_array() && lists.size() == 1 && cols.is_array()) {
                const auto& items = tree::child(tree::body_of(lists[0]), "items");
                for (std::size_t i = 0; i < items.size() && i < cols.size(); ++i) {
                    assigned_[tree::body_of(cols[i]).value("name", "")] = &items[i];
                }
            }
        }
    }
    // Strict conjuncts of the top-level WHERE.
    if (body.contains("whereClause")) {
        std::vector<const Json*> conjuncts{&body["whereClause"]};
        const auto& w = body["whereClause"];
        if (tree::type_of(w) == "BoolExpr" && tree::body_of(w).value("boolop", "") == "AND_EXPR") {
            conjuncts.clear();
            for (const auto& a : tree::body_of(w)["args"]) conjuncts.push_back(&a);
        }
        for (const Json* c : conjuncts) {
            const auto t = tree::type_of(*c);
            const auto& b = tree::body_of(*c);
            if (!is_strict_predicate(b, t)) continue;
            for (const char* side : {"lexpr", "rexpr", "arg"}) {
                if (!b.contains(side)) continue;
                const Json& operand = tree::strip_casts(b[side]);
                if (tree::type_of(operand) == "ColumnRef") where_non_null_.insert(dotted(operand));
            }
        }
    }
}

void NullabilityProver::mark_nullable_inside(const Json& node) {
    tree::for_each_node(node, [&](const std::string& t, const Json& b, const Json&) {
        if (t != "RangeVar") return;
        const auto name = b.value("relname", "");
        nullable_relnames_.insert(name);
        if (auto it = ctes_.find(name); it != ctes_.end()) mark_nullable_inside(*it->second);
    });
}

void NullabilityProver::read_from(const Json& item, bool nullable) {
    const auto t = tree::type_of(item);
    const auto& b = tree::body_of(item);
    if (t == "JoinExpr") {
        const auto jt = b.value("jointype", "");
        read_from(tree::child(b, "larg"), nullable || jt == "JOIN_RIGHT" || jt == "JOIN_FULL");
        read_from(tree::child(b, "rarg"), nullable || jt == "JOIN_LEFT" || jt == "JOIN_FULL");
        return;
    }
    std::string alias = b.contains("alias") ? b["alias"].value("aliasname", "") : "";
    std::string relname;
    if (t == "RangeVar") {
        const auto name = b.value("relname", "");
        if (!cte_names_.contains(name) && !b.contains("schemaname")) relname = name;
        if (alias.empty()) alias = name;
    }
    from_.push_back({.alias = alias, .relname = relname, .nullable = nullable});
}

const FromEntry* NullabilityProver::entry(const std::string& alias) const {
    for (const auto& e : from_) {
        if (e.alias == alias) return &e;
    }
    return nullptr;
}

std::optional<std::size_t> NullabilityProver::star_width(const std::string& alias) const {
    std::size_t n = 0;
    for (const auto& e : from_) {
        if (!alias.empty() && e.alias != alias) continue;
        const RelationInfo* rel = e.relname.empty() ? nullptr : catalog_->relation(e.relname);
        if (rel == nullptr) return std::nullopt;
        n += rel->columns.size();
    }
    if (!alias.empty() && entry(alias) == nullptr) return std::nullopt;
    return n;
}

bool NullabilityProver::described_non_null(const driver::DescribedColumn& column) const {
    if (column.table_oid == 0 || grouping_sets_) return false;
    const RelationInfo* rel = catalog_->relation(column.table_oid);
    if (rel == nullptr || nullable_relnames_.contains(rel->name)) return false;
    const AttrInfo* attr = rel->column(column.column_number);
    return attr != nullptr && attr->not_null;
}

bool NullabilityProver::column_ref_non_null(const Json& ref) const {
    if (where_non_null_.contains(dotted(ref))) return true;
    if (grouping_sets_) return false;
    const auto names = tree::names_of(tree::child(tree::body_of(ref), "fields"));
    if (names.empty() || names.back() == "*") return false;
    const std::string& col = names.back();
    if (names.size() == 1) {  // an assigned RETURNING column, or a unique unqualified owner
        if (auto it = assigned_.find(col);
            it != assigned_.end() && expression_non_null(*it->second))
            return true;
    }
    const FromEntry* owner = nullptr;
    if (names.size() == 2) {
        owner = entry(names[0]);
    } else if (names.size() == 1) {
        for (const auto& e : from_) {
            const RelationInfo* rel = e.relname.empty() ? nullptr : catalog_->relation(e.relname);
            if (rel == nullptr) return false;  // a subquery might own it: unknown
            if (rel->column(col) == nullptr) continue;
            if (owner != nullptr) return false;
            owner = &e;
        }
    }
    if (owner == nullptr || owner->nullable || owner->relname.empty()) return false;
    const RelationInfo* rel = catalog_->relation(owner->relname);
    const AttrInfo* attr = rel == nullptr ? nullptr : rel->column(col);
    return attr != nullptr && attr->not_null;
}

bool NullabilityProver::expression_non_null(const Json& expr) const {
    const auto t = tree::type_of(expr);
    const auto& b = tree::body_of(expr);
    if (t == "A_Const") return !b.value("isnull", false);
    if (t == "ColumnRef") return column_ref_non_null(expr);
    if (t == "TypeCast") return expression_non_null(tree::child(b, "arg"));
    if (t == "SQLValueFunction") return true;
    if (t == "SubLink") return b.value("subLinkType", "") == "EXISTS_SUBLINK";
    if (t == "CoalesceExpr") {
        for (const auto& a : tree::child(b, "args")) {
            if (expression_non_null(a)) return true;
        }
        return false;
    }
    if (t == "NullTest" || t == "BooleanTest") return true;
    if (t == "CaseExpr") {
        if (!b.contains("defresult") || !expression_non_null(b["defresult"])) return false;
        for (const auto& w : tree::child(b, "args")) {
            if (!expression_non_null(tree::child(tree::body_of(w), "result"))) return false;
        }
        return true;
    }
    if (t == "FuncCall") {
        static const std::set<std::string> never_null{
            "count", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "now"};
        const auto names = tree::names_of(tree::child(b, "funcname"));
        return !names.empty() && never_null.contains(names.back()) &&
               (names.size() == 1 || names[0] == "pg_catalog");
    }
    if (t == "A_Expr" && b.value("kind", "") == "AEXPR_OP") {
        static const std::set<std::string> strict{"+", "-",  "*", "/", "%",  "||",
                                                  "=", "<>", "<", ">", "<=", ">="};
        const auto names = tree::names_of(tree::child(b, "name"));
        if (names.size() != 1 || !strict.contains(names[0])) return false;
        for (const char* side : {"lexpr", "rexpr"}) {
            if (b.contains(side) && !expression_non_null(b[side])) return false;
        }
        return true;
    }
    return false;
}

}  // namespace strata::codegen
