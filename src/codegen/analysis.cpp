// analyze(): describe each query on the scratch database, prove nullability, run the checks.
#include "strata/codegen/analysis.hpp"

#include <fmt/format.h>

#include "codegen/catalog_info.hpp"
#include "codegen/checks.hpp"
#include "codegen/nullability.hpp"
#include "codegen/tree.hpp"
#include "strata/driver/describe.hpp"

namespace strata::codegen {
namespace {

using tree::Json;

// Which target item (or star/embed) each result column comes from.
struct ColumnOrigin {
    const Json* expr = nullptr;  // a single-column item
    std::string star_alias;      // `alias.*` ("" for `*` or no star)
    bool star = false;
    int embed = -1;  // index into q.embeds
};

std::vector<ColumnOrigin> map_columns(const QuerySource& q, const NullabilityProver& prover,
                                      std::size_t ncols) {
    const Json* targets = prover.targets();
    if (targets == nullptr) return {};
    std::vector<std::optional<std::size_t>> widths{};
    std::size_t known = 0;
    std::size_t unknown = 0;
    for (const auto& t : *targets) {
        const auto& val = tree::child(tree::body_of(t), "val");
        const auto names = tree::names_of(tree::child(tree::body_of(val), "fields"));
        if (tree::type_of(val) == "ColumnRef" && !names.empty() && names.back() == "*") {
            widths.push_back(prover.star_width(names.size() == 2 ? names[0] : ""));
        } else {
            widths.emplace_back(1);
        }
        if (const auto& last = widths.back(); last.has_value()) {
            known += *last;
        } else {
            ++unknown;
        }
    }
    if (unknown > 1 || known > ncols || (unknown == 0 && known != ncols)) return {};
    std::vector<ColumnOrigin> out{};
    for (std::size_t i = 0; i < targets->size(); ++i) {
        const std::size_t w = widths[i].value_or(ncols - known);
        const auto& val = tree::child(tree::body_of((*targets)[i]), "val");
        int embed = -1;
        for (std::size_t e = 0; e < q.embeds.size(); ++e) {
            if (q.embeds[e].position == i) embed = static_cast<int>(e);
        }
        const auto names = tree::names_of(tree::child(tree::body_of(val), "fields"));
        const bool star =
            tree::type_of(val) == "ColumnRef" && !names.empty() && names.back() == "*";
        for (std::size_t k = 0; k < w; ++k) {
            out.push_back({.expr = star ? nullptr : &val,
                           .star_alias = star && names.size() == 2 ? names[0] : "",
                           .star = star,
                           .embed = embed});
        }
    }
    return out;
}

std::string override_hint(const std::string& column, const std::string& pg_type) {
    return fmt::format(
        "write `AS \"{}: YourType\"` in the query or add `{} = \"YourType\"` "
        "under [gen.overrides] in strata.toml",
        column, pg_type);
}

class QueryAnalyzer {
public:
    QueryAnalyzer(driver::Connection& conn, CatalogInfo& catalog, const AnalyzeOptions& options)
        : conn_(&conn), catalog_(&catalog), options_(&options) {}

    AnalyzedQuery run(const QuerySource& q) {
        driver::Description d;
        try {
            d = driver::describe(*conn_, q.sql);
        } catch (const SqlError& e) {
            throw CodegenError(q.file, q.line, q.name, e.info().message);
        }
        NullabilityProver prover(q.tree, *catalog_);
        std::set<std::uint32_t> oids;
        for (const auto& c : d.columns) oids.insert(c.table_oid);
        catalog_->load_relations(oids, prover.relation_names());
        AnalyzedQuery a{
            .name = q.name, .kind = q.kind, .file = q.file, .line = q.line, .sql = q.sql};
        read_params(q, d, a);
        read_columns(q, d, prover, a);
        a.table = whole_table(d, a);
        check_kind(q, a);
        const auto tables =
            unfiltered_soft_delete_tables(q.tree, *catalog_, options_->soft_delete_column);
        if (!tables.empty() && !q.include_deleted) {
            a.soft_delete_unfiltered = true;
            for (const auto& t : tables) {
                a.findings.push_back(
                    {.rule = "soft-delete",
                     .message = fmt::format("reads {} without a predicate on {}.{}; filter it or "
                                            "annotate `-- strata:include-deleted`",
                                            t, t, options_->soft_delete_column)});
            }
        }
        if (q.critical) {
            for (auto& f : critical_findings(*conn_, q.sql, q.tree, d.param_types.size()))
                a.findings.push_back(std::move(f));
        }
        return a;
    }

private:
    std::string cpp_of(const std::string& pg_type) {
        return cpp_type_for(pg_type, catalog_->types(), options_->overrides);
    }

    void read_params(const QuerySource& q, const driver::Description& d, AnalyzedQuery& a) {
        const auto& body = tree::body_of(q.tree);
        const auto& relation = tree::child(body, "relation");
        const auto target = relation.is_object() ? relation.value("relname", "") : "";
        const RelationInfo* rel = target.empty() ? nullptr : catalog_->relation(target);
        for (std::size_t i = 0; i < d.param_types.size(); ++i) {
            AnalyzedParam p{.name = fmt::format("p{}", i + 1), .number = static_cast<int>(i + 1)};
            if (i < q.params.size()) {
                const auto& src = q.params[i];
                p.name = src.name;
                p.slice = src.slice;
                p.nullable = src.narg;
                if (!src.assigned_column.empty() && rel != nullptr) {
                    const AttrInfo* attr = rel->column(src.assigned_column);
                    p.nullable = p.nullable || attr == nullptr || !attr->not_null;
                }
            }
            p.pg_type = catalog_->type_name(d.param_types[i]);
            if (cpp_of(p.pg_type).empty()) {
                throw CodegenError(q.file, q.line, q.name,
                                   fmt::format("parameter `{}` has type {}, which strata does "
                                               "not map; add `{} = \"YourType\"` under "
                                               "[gen.overrides] in strata.toml",
                                               p.name, p.pg_type, p.pg_type));
            }
            a.params.push_back(std::move(p));
        }
    }

    AnalyzedColumn plain_column(const QuerySource& q, const driver::DescribedColumn& c,
                                bool non_null) {
        AnalyzedColumn col{
            .name = c.name, .pg_type = catalog_->type_name(c.type_oid), .nullable = !non_null};
        if (const RelationInfo* rel = catalog_->relation(c.table_oid); rel != nullptr) {
            const AttrInfo* attr = rel->column(c.column_number);
            if (attr != nullptr) {
                auto it = options_->overrides.find(rel->name + "." + attr->name);
                if (it != options_->overrides.end()) col.cpp_type = it->second;
            }
        }
        if (auto o = q.overrides.find(c.name); o != q.overrides.end()) {
            if (o->second.not_null) col.nullable = false;
            if (o->second.nullable) col.nullable = true;
            if (!o->second.cpp_type.empty()) col.cpp_type = o->second.cpp_type;
        }
        if (col.cpp_type.empty() && cpp_of(col.pg_type).empty()) {
            throw CodegenError(
                q.file, q.line, q.name,
                fmt::format("column `{}` has type {}, which strata does not map; {}", col.name,
                            col.pg_type, override_hint(col.name, col.pg_type)));
        }
        return col;
    }

    void read_columns(const QuerySource& q, const driver::Description& d,
                      const NullabilityProver& prover, AnalyzedQuery& a) {
        const auto origins = map_columns(q, prover, d.columns.size());
        if (origins.empty() && !q.embeds.empty()) {
            throw CodegenError(q.file, q.line, q.name,
                               "sqlc.embed needs every `*` of the select list to name a table");
        }
        for (std::size_t i = 0; i < d.columns.size(); ++i) {
            const auto& c = d.columns[i];
            const ColumnOrigin* o = origins.empty() ? nullptr : &origins[i];
            bool non_null = prover.described_non_null(c);
            if (o != nullptr && o->expr != nullptr)
                non_null = non_null || prover.expression_non_null(*o->expr);
            if (o != nullptr && o->star && !o->star_alias.empty()) {
                const FromEntry* e = prover.entry(o->star_alias);
                const RelationInfo* rel = catalog_->relation(c.table_oid);
                const AttrInfo* attr = rel == nullptr ? nullptr : rel->column(c.column_number);
                non_null =
                    non_null || (e != nullptr && !e->nullable && rel != nullptr &&
                                 e->relname == rel->name && attr != nullptr && attr->not_null);
            }
            if (o == nullptr || o->embed < 0) {
                a.columns.push_back(plain_column(q, c, non_null));
                continue;
            }
            const auto& embed = q.embeds[static_cast<std::size_t>(o->embed)];
            const FromEntry* e = prover.entry(embed.table);
            if (a.columns.empty() || a.columns.back().embed.empty() ||
                a.columns.back().name != (e ? e->relname : embed.table) || i == 0 ||
                origins[i - 1].embed != o->embed) {
                if (e == nullptr || e->relname.empty()) {
                    throw CodegenError(q.file, q.line, q.name,
                                       fmt::format("sqlc.embed({}): {} is not a table of the "
                                                   "FROM clause",
                                                   embed.table, embed.table));
                }
                a.columns.push_back(
                    {.name = e->relname, .pg_type = e->relname, .nullable = e->nullable});
            }
            const RelationInfo* rel = catalog_->relation(c.table_oid);
            const AttrInfo* attr = rel == nullptr ? nullptr : rel->column(c.column_number);
            a.columns.back().embed.push_back(plain_column(q, c, attr != nullptr && attr->not_null));
        }
    }

    /// The table whose row the result is, column for column ("" when it is not one).
    std::string whole_table(const driver::Description& d, const AnalyzedQuery& a) const {
        if (d.columns.size() < 2 || a.columns.size() != d.columns.size()) return "";
        const RelationInfo* rel = catalog_->relation(d.columns[0].table_oid);
        if (rel == nullptr || (rel->kind != 'r' && rel->kind != 'p') ||
            rel->columns.size() != d.columns.size()) {
            return "";
        }
        for (std::size_t i = 0; i < d.columns.size(); ++i) {
            const auto& attr = rel->columns[i];
            const auto& col = a.columns[i];
            const auto o = options_->overrides.find(rel->name + "." + attr.name);
            const std::string model_type = o == options_->overrides.end() ? "" : o->second;
            if (d.columns[i].table_oid != rel->oid || d.columns[i].column_number != attr.number ||
                col.name != attr.name || col.nullable == attr.not_null || !col.embed.empty() ||
                col.cpp_type != model_type) {
                return "";
            }
        }
        return rel->name;
    }

    static void check_kind(const QuerySource& q, const AnalyzedQuery& a) {
        const bool returns_rows = q.kind == QueryKind::one || q.kind == QueryKind::many ||
                                  q.kind == QueryKind::batchone || q.kind == QueryKind::batchmany;
        if (returns_rows && a.columns.empty()) {
            throw CodegenError(
                q.file, q.line, q.name,
                fmt::format("{} needs a statement that returns rows", kind_text(q.kind)));
        }
        if (q.kind == QueryKind::copyfrom) {
            const auto& body = tree::body_of(q.tree);
            const auto& lists =
                tree::body_of(tree::child(body, "selectStmt")).value("valuesLists", Json::array());
            if (tree::type_of(q.tree) != "InsertStmt" || !body.contains("cols") ||
                lists.size() != 1 || body.contains("returningList") ||
                body.contains("onConflictClause")) {
                throw CodegenError(q.file, q.line, q.name,
                                   ":copyfrom needs `INSERT INTO t (columns) VALUES (params)`");
            }
            for (const auto& item : tree::child(tree::body_of(lists[0]), "items")) {
                if (tree::type_of(item) != "ParamRef") {
                    throw CodegenError(q.file, q.line, q.name,
                                       ":copyfrom values must all be parameters");
                }
            }
        }
        for (const auto& p : a.params) {
            if (p.slice && (q.kind == QueryKind::copyfrom)) {
                throw CodegenError(q.file, q.line, q.name, ":copyfrom takes no sqlc.slice");
            }
        }
    }

    driver::Connection* conn_;
    CatalogInfo* catalog_;
    const AnalyzeOptions* options_;
};

}  // namespace

Snapshot analyze(driver::Connection& conn, const std::vector<QuerySource>& queries,
                 const AnalyzeOptions& options) {
    CatalogInfo catalog(conn);
    QueryAnalyzer analyzer(conn, catalog, options);
    Snapshot out{};
    for (const auto& q : queries) out.queries.push_back(analyzer.run(q));
    out.types = catalog.types();
    return out;
}

}  // namespace strata::codegen
