// PostgreSQL introspection of the kinds kept as generic Objects (aggregates, collations, range
// types, text search objects) and of the dependency graph (pg_depend) that orders the dump.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "schema/pg_objects.hpp"
#include "schema/pg_queries.hpp"

namespace strata::schema::pg {
namespace {

/// "schema.name" quoted, of the object oid in a catalog with a name and a namespace column.
std::string qualified_name(const char* catalog, const char* name, const char* nsp,
                           const std::string& oid) {
    return fmt::format(
        "(SELECT quote_ident(qn.nspname) || '.' || quote_ident(qo.{1}::text) FROM {0} qo "
        "JOIN pg_namespace qn ON qn.oid = qo.{2} WHERE qo.oid = {3})",
        catalog, name, nsp, oid);
}

/// regproc text of a function column, NULL when unset (0).
std::string proc(const char* column) {
    return fmt::format("CASE WHEN {0}::oid <> 0 THEN {0}::regproc::text END", column);
}

std::string collations_sql(bool ownership, int version) {
    const char* locale = version >= 170000   ? "c.colllocale"
                         : version >= 150000 ? "c.colliculocale"
                                             : "c.collcollate";
    const char* rules = version >= 160000 ? "c.collicurules" : "NULL::text";
    return fmt::format(
        "SELECT 'collation', n.nspname::text, c.collname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('provider', CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN "
        "'builtin' WHEN 'd' THEN 'default' ELSE 'libc' END, "
        "'deterministic', CASE WHEN NOT c.collisdeterministic THEN 'false' END, "
        "'lc_collate', CASE WHEN c.collprovider = 'c' THEN c.collcollate END, "
        "'lc_ctype', CASE WHEN c.collprovider = 'c' THEN c.collctype END, "
        "'locale', CASE WHEN c.collprovider <> 'c' THEN {0} END, 'rules', {1}))::text, "
        "{2}, {3}, '{{}}'::text[] "
        "FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {4}",
        locale, rules, description_of("pg_collation", "c.oid"),
        owner_expr(ownership, "c.collowner"), not_extension_member("pg_collation", "c.oid"));
}

std::string aggregates_sql(bool ownership) {
    auto modify = [](const char* column, const char* fn, const char* fallback) {
        return fmt::format(
            "CASE WHEN {1}::oid <> 0 AND {0} <> {2} THEN CASE {0} WHEN 'r' THEN 'READ_ONLY' "
            "WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END",
            column, fn, fallback);
    };
    return fmt::format(
        "SELECT 'aggregate', n.nspname::text, p.proname::text, "
        "'(' || pg_get_function_identity_arguments(p.oid) || ')', jsonb_strip_nulls("
        "jsonb_build_object('arguments', pg_get_function_arguments(p.oid), "
        "'kind', CASE a.aggkind WHEN 'o' THEN 'ordered-set' WHEN 'h' THEN 'hypothetical-set' "
        "END, 'sfunc', a.aggtransfn::regproc::text, 'stype', format_type(a.aggtranstype, NULL), "
        "'sspace', CASE WHEN a.aggtransspace <> 0 THEN a.aggtransspace::text END, "
        "'finalfunc', {0}, 'finalfunc_extra', CASE WHEN a.aggfinalextra THEN 'true' END, "
        "'finalfunc_modify', {1}, 'combinefunc', {2}, 'serialfunc', {3}, 'deserialfunc', {4}, "
        "'initcond', a.agginitval, 'msfunc', {5}, 'minvfunc', {6}, "
        "'mstype', CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END, "
        "'msspace', CASE WHEN a.aggmtransspace <> 0 THEN a.aggmtransspace::text END, "
        "'mfinalfunc', {7}, 'mfinalfunc_extra', CASE WHEN a.aggmfinalextra THEN 'true' END, "
        "'mfinalfunc_modify', {8}, 'minitcond', a.aggminitval, "
        "'sortop', CASE WHEN a.aggsortop <> 0 THEN (SELECT 'OPERATOR(' || quote_ident(opn.nspname) "
        "|| '.' || op.oprname || ')' FROM pg_operator op JOIN pg_namespace opn ON opn.oid = "
        "op.oprnamespace WHERE op.oid = a.aggsortop) END, "
        "'parallel', CASE p.proparallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' END))"
        "::text, {9}, {10}, {11} "
        "FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.oid::int8 = ANY($1) AND {12}",
        proc("a.aggfinalfn"),
        modify("a.aggfinalmodify", "a.aggfinalfn",
               "CASE WHEN a.aggkind = 'n' THEN 'r' ELSE 'w' END"),
        proc("a.aggcombinefn"), proc("a.aggserialfn"), proc("a.aggdeserialfn"),
        proc("a.aggmtransfn"), proc("a.aggminvtransfn"), proc("a.aggmfinalfn"),
        modify("a.aggmfinalmodify", "a.aggmfinalfn", "'r'"), description_of("pg_proc", "p.oid"),
        owner_expr(ownership, "p.proowner"), grants_expr(ownership, "p.proacl", "p.proowner", 'f'),
        not_extension_member("pg_proc", "p.oid"));
}

std::string ranges_sql(bool ownership, int version) {
    std::string multirange =
        version >= 140000 ? qualified_name("pg_type", "typname", "typnamespace", "r.rngmultitypid")
                          : "NULL::text";
    return fmt::format(
        "SELECT 'range type', n.nspname::text, t.typname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('subtype', format_type(r.rngsubtype, NULL), "
        "'subtype_opclass', CASE WHEN NOT opc.opcdefault THEN {0} END, "
        "'collation', CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN "
        "{1} END, 'canonical', {2}, 'subtype_diff', {3}, 'multirange_type_name', {4}))::text, "
        "{5}, {6}, {7} "
        "FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid "
        "JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type st ON st.oid = r.rngsubtype "
        "JOIN pg_opclass opc ON opc.oid = r.rngsubopc WHERE n.oid::int8 = ANY($1) AND {8}",
        qualified_name("pg_opclass", "opcname", "opcnamespace", "r.rngsubopc"),
        qualified_name("pg_collation", "collname", "collnamespace", "r.rngcollation"),
        proc("r.rngcanonical"), proc("r.rngsubdiff"), multirange,
        description_of("pg_type", "t.oid"), owner_expr(ownership, "t.typowner"),
        grants_expr(ownership, "t.typacl", "t.typowner", 'T'),
        not_extension_member("pg_type", "t.oid"));
}

std::string text_search_sql(bool ownership) {
    return fmt::format(
        "SELECT 'text search parser', n.nspname::text, p.prsname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('start', p.prsstart::regproc::text, 'gettoken', "
        "p.prstoken::regproc::text, 'end', p.prsend::regproc::text, 'lextypes', "
        "p.prslextype::regproc::text, 'headline', {0}))::text, {1}, '', '{{}}'::text[] "
        "FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {2} "
        "UNION ALL SELECT 'text search template', n.nspname::text, t.tmplname::text, '', "
        "jsonb_strip_nulls(jsonb_build_object('init', {3}, 'lexize', "
        "t.tmpllexize::regproc::text))::text, {4}, '', '{{}}'::text[] "
        "FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {5} "
        "UNION ALL SELECT 'text search dictionary', n.nspname::text, d.dictname::text, '', "
        "jsonb_strip_nulls(jsonb_build_object('template', {6}, 'options', d.dictinitoption))"
        "::text, {7}, {8}, '{{}}'::text[] "
        "FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {9} "
        "UNION ALL SELECT 'text search configuration', n.nspname::text, c.cfgname::text, '', "
        "(jsonb_build_object('parser', {10}) || coalesce((SELECT jsonb_object_agg('mapping ' || "
        "tt.alias, m.dicts) FROM (SELECT cm.maptokentype, string_agg(quote_ident(dn.nspname) || "
        "'.' || quote_ident(dd.dictname), ', ' ORDER BY cm.mapseqno) AS dicts "
        "FROM pg_ts_config_map cm JOIN pg_ts_dict dd ON dd.oid = cm.mapdict "
        "JOIN pg_namespace dn ON dn.oid = dd.dictnamespace WHERE cm.mapcfg = c.oid "
        "GROUP BY cm.maptokentype) m JOIN ts_token_type(c.cfgparser) tt "
        "ON tt.tokid = m.maptokentype), '{{}}'::jsonb))::text, {11}, {12}, '{{}}'::text[] "
        "FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {13}",
        proc("p.prsheadline"), description_of("pg_ts_parser", "p.oid"),
        not_extension_member("pg_ts_parser", "p.oid"), proc("t.tmplinit"),
        description_of("pg_ts_template", "t.oid"), not_extension_member("pg_ts_template", "t.oid"),
        qualified_name("pg_ts_template", "tmplname", "tmplnamespace", "d.dicttemplate"),
        description_of("pg_ts_dict", "d.oid"), owner_expr(ownership, "d.dictowner"),
        not_extension_member("pg_ts_dict", "d.oid"),
        qualified_name("pg_ts_parser", "prsname", "prsnamespace", "c.cfgparser"),
        description_of("pg_ts_config", "c.oid"), owner_expr(ownership, "c.cfgowner"),
        not_extension_member("pg_ts_config", "c.oid"));
}

/// The dependency key (see Catalog::dependencies) of a relation oid.
std::string relation_key(const std::string& oid) {
    return fmt::format(
        "(SELECT CASE WHEN kr.relkind = 'c' THEN 'type:' ELSE 'relation:' END || kn.nspname || "
        "'.' || kr.relname FROM pg_class kr JOIN pg_namespace kn ON kn.oid = kr.relnamespace "
        "WHERE kr.oid = {})",
        oid);
}

/// The key of a type oid: tables' row types are their relation, multiranges their range.
std::string type_key(const std::string& oid, int version) {
    std::string multirange =
        version >= 140000
            ? "WHEN kt.typtype = 'm' THEN (SELECT 'type:' || krn.nspname || '.' || krt.typname "
              "FROM pg_range kr JOIN pg_type krt ON krt.oid = kr.rngtypid JOIN pg_namespace krn "
              "ON krn.oid = krt.typnamespace WHERE kr.rngmultitypid = kt.oid) "
            : "";
    return fmt::format(
        "(SELECT CASE WHEN kt.typrelid <> 0 THEN {0} {1}ELSE 'type:' || ktn.nspname || '.' || "
        "kt.typname END FROM pg_type kt JOIN pg_namespace ktn ON ktn.oid = kt.typnamespace "
        "WHERE kt.oid = {2})",
        relation_key("kt.typrelid"), multirange, oid);
}

/// The key of the object (class, oid) in pg_depend's terms; NULL for kinds not dumped.
std::string object_key(const char* cls, const char* oid, int version) {
    const std::string o = oid;
    auto named = [&](const char* catalog, const char* kind, const char* name, const char* nsp) {
        return fmt::format(
            "WHEN '{0}'::regclass THEN (SELECT '{1}:' || kn.nspname || '.' || ko.{2} FROM {0} ko "
            "JOIN pg_namespace kn ON kn.oid = ko.{3} WHERE ko.oid = {4}) ",
            catalog, kind, name, nsp, o);
    };
    auto on_table = [&](const char* catalog, const char* kind, const char* name, const char* rel) {
        return fmt::format(
            "WHEN '{0}'::regclass THEN (SELECT '{1}:' || kn.nspname || '.' || kc.relname || '.' "
            "|| ko.{2} FROM {0} ko JOIN pg_class kc ON kc.oid = ko.{3} JOIN pg_namespace kn ON "
            "kn.oid = kc.relnamespace WHERE ko.oid = {4}) ",
            catalog, kind, name, rel, o);
    };
    // An array type stands for its element type (one level is all PostgreSQL allows).
    std::string type = fmt::format(
        "WHEN 'pg_type'::regclass THEN (SELECT CASE WHEN at.typelem <> 0 AND at.typlen = -1 AND "
        "at.typcategory = 'A' THEN {0} ELSE {1} END FROM pg_type at WHERE at.oid = {2}) ",
        type_key("at.typelem", version), type_key("at.oid", version), o);
    return fmt::format(
        "CASE {0} WHEN 'pg_class'::regclass THEN {1} {2}"
        "WHEN 'pg_proc'::regclass THEN (SELECT 'function:' || kn.nspname || '.' || kp.proname || "
        "'(' || pg_get_function_identity_arguments(kp.oid) || ')' FROM pg_proc kp JOIN "
        "pg_namespace kn ON kn.oid = kp.pronamespace WHERE kp.oid = {3}) "
        "WHEN 'pg_rewrite'::regclass THEN (SELECT CASE WHEN kw.rulename = '_RETURN' THEN {4} ELSE "
        "(SELECT 'rule:' || kn.nspname || '.' || kc.relname || '.' || kw.rulename FROM pg_class "
        "kc JOIN pg_namespace kn ON kn.oid = kc.relnamespace WHERE kc.oid = kw.ev_class) END FROM "
        "pg_rewrite kw WHERE kw.oid = {3}) "
        "WHEN 'pg_constraint'::regclass THEN (SELECT CASE WHEN kk.contypid <> 0 THEN {5} ELSE "
        "(SELECT 'constraint:' || kn.nspname || '.' || kc.relname || '.' || kk.conname FROM "
        "pg_class kc JOIN pg_namespace kn ON kn.oid = kc.relnamespace WHERE kc.oid = kk.conrelid) "
        "END FROM pg_constraint kk WHERE kk.oid = {3}) "
        "WHEN 'pg_attrdef'::regclass THEN (SELECT {6} FROM pg_attrdef ka WHERE ka.oid = {3}) "
        "{7}{8}{9}{10}{11}{12}{13}"
        "WHEN 'pg_extension'::regclass THEN (SELECT 'extension:' || kx.extname FROM pg_extension "
        "kx WHERE kx.oid = {3}) END",
        cls, relation_key(o), type, o, relation_key("kw.ev_class"),
        type_key("kk.contypid", version), relation_key("ka.adrelid"),
        on_table("pg_trigger", "trigger", "tgname", "tgrelid"),
        on_table("pg_policy", "policy", "polname", "polrelid"),
        named("pg_collation", "collation", "collname", "collnamespace"),
        named("pg_ts_parser", "text search parser", "prsname", "prsnamespace"),
        named("pg_ts_template", "text search template", "tmplname", "tmplnamespace"),
        named("pg_ts_dict", "text search dictionary", "dictname", "dictnamespace"),
        named("pg_ts_config", "text search configuration", "cfgname", "cfgnamespace") +
            named("pg_conversion", "conversion", "conname", "connamespace") +
            named("pg_statistic_ext", "statistics", "stxname", "stxnamespace") +
            fmt::format("WHEN 'pg_operator'::regclass THEN (SELECT 'operator:' || kn.nspname || "
                        "'.' || ko.oprname || '(' || CASE WHEN ko.oprleft = 0 THEN 'NONE' ELSE "
                        "format_type(ko.oprleft, NULL) END || ', ' || format_type(ko.oprright, "
                        "NULL) || ')' FROM pg_operator ko JOIN pg_namespace kn ON kn.oid = "
                        "ko.oprnamespace WHERE ko.oid = {0}) "
                        "WHEN 'pg_cast'::regclass THEN (SELECT 'cast:(' || "
                        "format_type(kc.castsource, NULL) || ' AS ' || format_type(kc.casttarget, "
                        "NULL) || ')' FROM pg_cast kc WHERE kc.oid = {0}) "
                        "WHEN 'pg_am'::regclass THEN (SELECT 'access method:' || ka.amname FROM "
                        "pg_am ka WHERE ka.oid = {0}) "
                        "WHEN 'pg_foreign_data_wrapper'::regclass THEN (SELECT 'foreign data "
                        "wrapper:' || kw.fdwname FROM pg_foreign_data_wrapper kw WHERE kw.oid = "
                        "{0}) WHEN 'pg_foreign_server'::regclass THEN (SELECT 'server:' || "
                        "ks.srvname FROM pg_foreign_server ks WHERE ks.oid = {0}) "
                        "WHEN 'pg_event_trigger'::regclass THEN (SELECT 'event trigger:' || "
                        "ke.evtname FROM pg_event_trigger ke WHERE ke.oid = {0}) "
                        "WHEN 'pg_language'::regclass THEN (SELECT 'language:' || kl.lanname "
                        "FROM pg_language kl WHERE kl.oid = {0}) "
                        "WHEN 'pg_transform'::regclass THEN (SELECT 'transform:FOR ' || "
                        "format_type(kt.trftype, NULL) || ' LANGUAGE ' || quote_ident(ktl.lanname) "
                        "FROM pg_transform kt JOIN pg_language ktl ON ktl.oid = kt.trflang WHERE "
                        "kt.oid = {0}) ",
                        o) +
            operator_class_keys(o));
}

}  // namespace

std::string objects_sql(bool ownership, int server_version, bool globals) {
    auto sql = collations_sql(ownership, server_version) + " UNION ALL " +
               aggregates_sql(ownership) + " UNION ALL " + ranges_sql(ownership, server_version) +
               " UNION ALL " + text_search_sql(ownership) + " UNION ALL " +
               schema_objects_more_sql(ownership, server_version) + " UNION ALL " +
               operator_classes_sql(ownership) + " UNION ALL " + security_labels_sql(globals);
    if (globals) sql += " UNION ALL " + global_objects_sql(ownership, server_version);
    if (ownership) sql += " UNION ALL " + default_privileges_sql(globals);
    return sql;
}

std::string dependencies_sql(int server_version) {
    // Objects with oids below 16384 are built in; schemas come first anyway. What an extension
    // owns stands for the extension.
    return fmt::format(
        "SELECT DISTINCT dep, ref FROM (SELECT {0} AS dep, coalesce((SELECT 'extension:' || "
        "x.extname FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid WHERE e.classid = "
        "d.refclassid AND e.objid = d.refobjid AND e.deptype = 'e' AND e.refclassid = "
        "'pg_extension'::regclass LIMIT 1), {1}) AS ref FROM pg_depend d WHERE (d.deptype = 'n' OR "
        "(d.classid = 'pg_opclass'::regclass AND d.refclassid = 'pg_opfamily'::regclass)) "
        "AND d.objid >= 16384 AND d.refobjid >= 16384 AND d.refclassid <> "
        "'pg_namespace'::regclass AND NOT EXISTS (SELECT 1 FROM pg_depend xe WHERE xe.classid = "
        "d.classid AND xe.objid = d.objid AND xe.deptype = 'e')) x "
        "WHERE dep IS NOT NULL AND ref IS NOT NULL AND dep <> ref ORDER BY 1, 2",
        object_key("d.classid", "d.objid", server_version),
        object_key("d.refclassid", "d.refobjid", server_version));
}

void read_objects(driver::Connection& conn, const IntrospectOptions& options,
                  const std::vector<std::int64_t>& sel, Catalog& cat) {
    auto version = conn.server_version();
    bool ownership = options.ownership;
    bool globals = options.include_schemas.empty();
    auto sql = objects_sql(ownership, version, globals);
    // pg_dump too leaves subscriptions out when it may not read their connection strings.
    if (globals && conn.query("SELECT has_column_privilege('pg_catalog.pg_subscription', "
                              "'subconninfo', 'SELECT')")
                       .scalar<bool>()) {
        sql += " UNION ALL " + subscriptions_sql(ownership, version);
    }
    for (const auto& r : conn.query(sql, sel)) {
        Object o;
        o.kind = r.get<std::string>(0);
        o.schema = r.get<std::string>(1);
        o.name = r.get<std::string>(2);
        o.identity = r.get<std::string>(3);
        auto properties = nlohmann::json::parse(r.get<std::string>(4));
        for (const auto& [key, value] : properties.items()) {
            if (value.is_string()) o.properties[key] = value.get<std::string>();
        }
        o.comment = r.get<std::optional<std::string>>(5);
        o.owner = r.get<std::string>(6);
        o.grants = parse_grants(r.get<std::vector<std::string>>(7));
        cat.objects.push_back(std::move(o));
    }
}

void read_dependencies(driver::Connection& conn, Catalog& cat) {
    std::set<std::string> schemas;
    for (const auto& s : cat.schemas) schemas.insert(s.name);
    // Objects outside schemas (languages, transforms, casts, event triggers, ...) have keys
    // without a schema: theirs are kept when the catalog holds them.
    std::set<std::string> global_keys;
    for (const auto& o : cat.objects) {
        if (o.schema.empty()) global_keys.insert(o.dependency_key());
    }
    for (const auto& r : conn.query(dependencies_sql(conn.server_version()))) {
        auto dep = r.get<std::string>(0);
        auto colon = dep.find(':');
        auto dot = dep.find('.', colon);
        bool selected =
            dep.starts_with("extension:") || global_keys.contains(dep) ||
            (dot != std::string::npos && schemas.contains(dep.substr(colon + 1, dot - colon - 1)));
        if (selected) cat.dependencies[dep].push_back(r.get<std::string>(1));
    }
}

}  // namespace strata::schema::pg
