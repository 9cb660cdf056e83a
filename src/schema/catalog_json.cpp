// Catalog <-> JSON with nlohmann's field macros; std::optional as null.
#include "strata/schema/catalog_json.hpp"

#include <fmt/format.h>

#include <optional>

#include "strata/core/error.hpp"

namespace nlohmann {
template <class T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& v) {
        if (v) {
            j = *v;
        } else {
            j = nullptr;
        }
    }
    static void from_json(const json& j, std::optional<T>& v) {
        if (j.is_null()) {
            v.reset();
        } else {
            v = j.get<T>();
        }
    }
};
}  // namespace nlohmann

namespace strata::schema {

NLOHMANN_JSON_SERIALIZE_ENUM(ConstraintKind, {{ConstraintKind::primary_key, "primary_key"},
                                              {ConstraintKind::unique, "unique"},
                                              {ConstraintKind::foreign_key, "foreign_key"},
                                              {ConstraintKind::check, "check"},
                                              {ConstraintKind::exclusion, "exclusion"}})
NLOHMANN_JSON_SERIALIZE_ENUM(TableKind, {{TableKind::ordinary, "ordinary"},
                                         {TableKind::partitioned, "partitioned"},
                                         {TableKind::foreign, "foreign"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Grant, grantee, privilege, grantable, revoked)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Schema, name, comment, owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Extension, name, schema, version, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(EnumType, schema, name, labels, comment, owner,
                                                grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Check, name, expression, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Domain, schema, name, base_type, not_null,
                                                default_expr, collation, checks, comment, owner,
                                                grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CompositeAttribute, name, type, collation, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(CompositeType, schema, name, attributes, comment,
                                                owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Sequence, schema, name, type, start, increment,
                                                min_value, max_value, cache, cycle, owned_by_table,
                                                owned_by_column, identity, comment, owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Column, name, type, not_null, default_expr,
                                                collation, identity, generated, comment, statistics,
                                                storage, compression, options, inherited, grants,
                                                foreign_options)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Rule, name, definition, enabled, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Constraint, name, kind, definition, columns,
                                                referenced_table, referenced_columns, on_update,
                                                on_delete, match, deferrable, initially_deferred,
                                                validated, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Index, name, method, keys, opclasses, include,
                                                predicate, unique, nulls_not_distinct, definition,
                                                comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Trigger, name, definition, function, enabled,
                                                comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Policy, name, command, permissive, roles,
                                                using_expr, with_check, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Table, schema, name, kind, unlogged, partition_key,
                                                partition_of, partition_bound, columns, constraints,
                                                indexes, triggers, rls_enabled, rls_forced,
                                                policies, rules, options, access_method, inherits,
                                                replica_identity, server, foreign_options, comment,
                                                owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(View, schema, name, materialized, definition,
                                                options, columns, indexes, access_method, triggers,
                                                rules, depends_on, comment, owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Function, schema, name, identity_arguments,
                                                procedure, arguments, result, language, volatility,
                                                security_definer, strict, body, definition,
                                                settings, parallel, leakproof, cost, rows, comment,
                                                owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Object, kind, schema, name, identity, properties,
                                                comment, owner, grants)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HistoryRow, values)

nlohmann::json catalog_to_json(const Catalog& cat) {
    nlohmann::json j = nlohmann::json::object();
    j["format_version"] = kCatalogJsonVersion;
    j["backend"] = cat.backend;
    j["schemas"] = cat.schemas;
    j["extensions"] = cat.extensions;
    j["enums"] = cat.enums;
    j["domains"] = cat.domains;
    j["composites"] = cat.composites;
    j["sequences"] = cat.sequences;
    j["functions"] = cat.functions;
    j["tables"] = cat.tables;
    j["foreign_tables"] = cat.foreign_tables;
    j["views"] = cat.views;
    j["objects"] = cat.objects;
    j["dependencies"] = cat.dependencies;
    j["history_tables"] = cat.history_tables;
    j["history"] = cat.history;
    return j;
}

Catalog catalog_from_json(const nlohmann::json& j) {
    try {
        if (!j.is_object()) throw UsageError("a catalog JSON document must be an object");
        if (j.value("format_version", 0) != kCatalogJsonVersion) {
            throw UsageError(fmt::format("unsupported catalog format_version {} (expected {})",
                                         j.value("format_version", 0), kCatalogJsonVersion));
        }
        Catalog cat;
        cat.backend = j.value("backend", std::string("postgres"));
        auto take = [&](const char* key, auto& into) {
            if (j.contains(key)) j.at(key).get_to(into);
        };
        take("schemas", cat.schemas);
        take("extensions", cat.extensions);
        take("enums", cat.enums);
        take("domains", cat.domains);
        take("composites", cat.composites);
        take("sequences", cat.sequences);
        take("functions", cat.functions);
        take("tables", cat.tables);
        take("foreign_tables", cat.foreign_tables);
        take("views", cat.views);
        take("objects", cat.objects);
        take("dependencies", cat.dependencies);
        take("history_tables", cat.history_tables);
        take("history", cat.history);
        cat.normalize();
        return cat;
    } catch (const nlohmann::json::exception& e) {
        throw UsageError(fmt::format("malformed catalog JSON: {}", e.what()));
    }
}

}  // namespace strata::schema
