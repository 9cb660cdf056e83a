// PostgreSQL introspection queries of the Objects outside schemas (casts, event triggers,
// publications, foreign data wrappers, servers, user mappings, access methods) and of operators,
// conversions and extended statistics. Same columns as objects_sql().
#include <fmt/format.h>

#include "schema/pg_objects.hpp"
#include "schema/pg_queries.hpp"

namespace strata::schema::pg {
namespace {

/// "key 'value', ..." of a text[] of "key=value" options (FDW-style), without password.
std::string fdw_options(const char* column) {
    return fmt::format(
        "(SELECT string_agg(quote_ident(split_part(op, '=', 1)) || ' ' || "
        "quote_literal(substr(op, length(split_part(op, '=', 1)) + 2)), ', ' ORDER BY op) FROM "
        "unnest({}) op WHERE split_part(op, '=', 1) <> 'password')",
        column);
}

std::string operator_ref(const char* oid) {
    return fmt::format(
        "(SELECT 'OPERATOR(' || quote_ident(rn.nspname) || '.' || ro.oprname || ')' FROM "
        "pg_operator ro JOIN pg_namespace rn ON rn.oid = ro.oprnamespace WHERE ro.oid = {0} AND "
        "{0} <> 0)",
        oid);
}

}  // namespace

std::string schema_objects_more_sql(bool ownership, int version) {
    std::string stat_target = version >= 170000 ? "CASE WHEN s.stxstattarget IS NOT NULL THEN "
                                                  "s.stxstattarget::text END"
                                                : "CASE WHEN s.stxstattarget >= 0 THEN "
                                                  "s.stxstattarget::text END";
    return fmt::format(
        "SELECT 'operator', n.nspname::text, o.oprname::text, '(' || CASE WHEN o.oprleft = 0 "
        "THEN 'NONE' ELSE format_type(o.oprleft, NULL) END || ', ' || format_type(o.oprright, "
        "NULL) || ')', jsonb_strip_nulls(jsonb_build_object('function', o.oprcode::regproc::text, "
        "'leftarg', CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END, 'rightarg', "
        "format_type(o.oprright, NULL), 'commutator', {0}, 'negator', {1}, 'restrict', CASE WHEN "
        "o.oprrest::oid <> 0 THEN o.oprrest::regproc::text END, 'join', CASE WHEN "
        "o.oprjoin::oid <> 0 THEN o.oprjoin::regproc::text END, 'hashes', CASE WHEN "
        "o.oprcanhash THEN 'true' END, 'merges', CASE WHEN o.oprcanmerge THEN 'true' END))::text, "
        "{2}, {3}, '{{}}'::text[] FROM pg_operator o JOIN pg_namespace n ON n.oid = "
        "o.oprnamespace WHERE n.oid::int8 = ANY($1) AND {4} "
        "UNION ALL SELECT 'conversion', n.nspname::text, c.conname::text, '', "
        "jsonb_strip_nulls(jsonb_build_object('source', pg_encoding_to_char(c.conforencoding), "
        "'destination', pg_encoding_to_char(c.contoencoding), 'function', "
        "c.conproc::regproc::text, 'default', CASE WHEN c.condefault THEN 'true' END))::text, {5}, "
        "{6}, '{{}}'::text[] FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.oid::int8 = ANY($1) AND {7} "
        "UNION ALL SELECT 'statistics', n.nspname::text, s.stxname::text, '', "
        "jsonb_strip_nulls(jsonb_build_object('definition', pg_get_statisticsobjdef(s.oid), "
        "'table', (SELECT tn.nspname || '.' || t.relname FROM pg_class t JOIN pg_namespace tn ON "
        "tn.oid = t.relnamespace WHERE t.oid = s.stxrelid), 'target', {8}))::text, {9}, {10}, "
        "'{{}}'::text[] FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace "
        "WHERE n.oid::int8 = ANY($1) AND {11}",
        operator_ref("o.oprcom"), operator_ref("o.oprnegate"),
        description_of("pg_operator", "o.oid"), owner_expr(ownership, "o.oprowner"),
        not_extension_member("pg_operator", "o.oid"), description_of("pg_conversion", "c.oid"),
        owner_expr(ownership, "c.conowner"), not_extension_member("pg_conversion", "c.oid"),
        stat_target, description_of("pg_statistic_ext", "s.oid"),
        owner_expr(ownership, "s.stxowner"), not_extension_member("pg_statistic_ext", "s.oid"));
}

std::string global_objects_sql(bool ownership, int version) {
    std::string publication_tables =
        version >= 150000
            ? "(SELECT string_agg(quote_ident(tn.nspname) || '.' || quote_ident(t.relname) || "
              "coalesce(' (' || (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) "
              "FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ANY(pr.prattrs)) || "
              "')', '') || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', ''), "
              "', ' ORDER BY tn.nspname, t.relname) FROM pg_publication_rel pr JOIN pg_class t ON "
              "t.oid = pr.prrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE "
              "pr.prpubid = p.oid)"
            : "(SELECT string_agg(quote_ident(tn.nspname) || '.' || quote_ident(t.relname), ', ' "
              "ORDER BY tn.nspname, t.relname) FROM pg_publication_rel pr JOIN pg_class t ON "
              "t.oid = pr.prrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE "
              "pr.prpubid = p.oid)";
    std::string publication_schemas =
        version >= 150000
            ? "(SELECT string_agg(quote_ident(sn.nspname), ', ' ORDER BY sn.nspname) FROM "
              "pg_publication_namespace pn JOIN pg_namespace sn ON sn.oid = pn.pnnspid WHERE "
              "pn.pnpubid = p.oid)"
            : "NULL::text";
    return fmt::format(
        "SELECT 'cast', '', '(' || format_type(c.castsource, NULL) || ' AS ' || "
        "format_type(c.casttarget, NULL) || ')', '', jsonb_strip_nulls(jsonb_build_object("
        "'function', CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END, "
        "'context', CASE c.castcontext WHEN 'a' THEN 'assignment' WHEN 'i' THEN 'implicit' END, "
        "'method', CASE c.castmethod WHEN 'i' THEN 'inout' WHEN 'b' THEN 'binary' END))::text, "
        "{0}, '', '{{}}'::text[] FROM pg_cast c WHERE c.oid >= 16384 AND {1} AND NOT EXISTS "
        "(SELECT 1 FROM pg_depend ci WHERE ci.classid = 'pg_cast'::regclass AND ci.objid = c.oid "
        "AND ci.deptype = 'i') "
        "UNION ALL SELECT 'event trigger', '', e.evtname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('event', e.evtevent::text, 'function', e.evtfoid::regproc::text, "
        "'tags', (SELECT string_agg(quote_literal(tag), ', ' ORDER BY ord) FROM unnest(e.evttags) "
        "WITH ORDINALITY tg(tag, ord)), 'enabled', CASE e.evtenabled WHEN 'D' THEN 'DISABLE' WHEN "
        "'R' THEN 'ENABLE "
        "REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' END))::text, {2}, {3}, '{{}}'::text[] "
        "FROM pg_event_trigger e WHERE {4} "
        "UNION ALL SELECT 'publication', '', p.pubname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('all_tables', CASE WHEN p.puballtables THEN 'true' END, 'tables', {5}, "
        "'schemas', {6}, 'publish', concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE "
        "WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN "
        "p.pubtruncate THEN 'truncate' END), 'publish_via_partition_root', CASE WHEN "
        "p.pubviaroot THEN 'true' END))::text, {7}, {8}, '{{}}'::text[] FROM pg_publication p "
        "UNION ALL SELECT 'foreign data wrapper', '', w.fdwname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('handler', CASE WHEN w.fdwhandler <> 0 THEN "
        "w.fdwhandler::regproc::text "
        "END, 'validator', CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END, "
        "'options', {9}))::text, {10}, {11}, {12} FROM pg_foreign_data_wrapper w WHERE {13} "
        "UNION ALL SELECT 'server', '', s.srvname::text, '', jsonb_strip_nulls(jsonb_build_object("
        "'wrapper', (SELECT quote_ident(fdwname) FROM pg_foreign_data_wrapper WHERE oid = "
        "s.srvfdw), 'type', s.srvtype, 'version', s.srvversion, 'options', {14}))::text, {15}, "
        "{16}, {17} FROM pg_foreign_server s WHERE {18} "
        "UNION ALL SELECT 'user mapping', '', CASE WHEN u.umuser = 0 THEN 'PUBLIC' ELSE "
        "u.usename::text END, ' SERVER ' || u.srvname, jsonb_strip_nulls(jsonb_build_object("
        "'options', {19}))::text, NULL, '', '{{}}'::text[] FROM pg_user_mappings u "
        "UNION ALL SELECT 'access method', '', a.amname::text, '', jsonb_build_object('type', CASE "
        "a.amtype WHEN 't' THEN 'TABLE' ELSE 'INDEX' END, 'handler', "
        "a.amhandler::regproc::text)::text, {20}, '', '{{}}'::text[] FROM pg_am a WHERE a.oid >= "
        "16384 AND {21} "
        "UNION ALL SELECT 'language', '', l.lanname::text, '', jsonb_strip_nulls("
        "jsonb_build_object('trusted', CASE WHEN l.lanpltrusted THEN 'true' END, 'handler', "
        "l.lanplcallfoid::regprocedure::text, 'inline', CASE WHEN l.laninline <> 0 THEN "
        "l.laninline::regprocedure::text END, 'validator', CASE WHEN l.lanvalidator <> 0 THEN "
        "l.lanvalidator::regprocedure::text END))::text, {22}, {23}, {24} FROM pg_language l "
        "WHERE l.oid >= 16384 AND l.lanispl AND {25} "
        "UNION ALL SELECT 'transform', '', 'FOR ' || format_type(t.trftype, NULL) || ' LANGUAGE ' "
        "|| quote_ident(tl.lanname), '', jsonb_strip_nulls(jsonb_build_object('from_sql', CASE "
        "WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END, 'to_sql', CASE WHEN "
        "t.trftosql <> 0 THEN t.trftosql::regprocedure::text END))::text, {26}, '', "
        "'{{}}'::text[] FROM pg_transform t JOIN pg_language tl ON tl.oid = t.trflang WHERE "
        "t.oid >= 16384 AND {27}",
        description_of("pg_cast", "c.oid"), not_extension_member("pg_cast", "c.oid"),
        description_of("pg_event_trigger", "e.oid"), owner_expr(ownership, "e.evtowner"),
        not_extension_member("pg_event_trigger", "e.oid"), publication_tables, publication_schemas,
        description_of("pg_publication", "p.oid"), owner_expr(ownership, "p.pubowner"),
        fdw_options("w.fdwoptions"), description_of("pg_foreign_data_wrapper", "w.oid"),
        owner_expr(ownership, "w.fdwowner"), grants_expr(ownership, "w.fdwacl", "w.fdwowner", 'F'),
        not_extension_member("pg_foreign_data_wrapper", "w.oid"), fdw_options("s.srvoptions"),
        description_of("pg_foreign_server", "s.oid"), owner_expr(ownership, "s.srvowner"),
        grants_expr(ownership, "s.srvacl", "s.srvowner", 'S'),
        not_extension_member("pg_foreign_server", "s.oid"), fdw_options("u.umoptions"),
        description_of("pg_am", "a.oid"), not_extension_member("pg_am", "a.oid"),
        description_of("pg_language", "l.oid"), owner_expr(ownership, "l.lanowner"),
        grants_expr(ownership, "l.lanacl", "l.lanowner", 'l'),
        not_extension_member("pg_language", "l.oid"), description_of("pg_transform", "t.oid"),
        not_extension_member("pg_transform", "t.oid"));
}

std::string default_privileges_sql(bool globals) {
    return fmt::format(
        "SELECT 'default privileges', '', pg_get_userbyid(d.defaclrole)::text, "
        "coalesce(' IN SCHEMA ' || quote_ident(n.nspname), '') || ' ON ' || CASE "
        "d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN "
        "'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END, '{{}}', NULL, '', {} "
        "FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace "
        "WHERE n.oid::int8 = ANY($1) OR (d.defaclnamespace = 0 AND {})",
        // Global entries are stored against the kind's default, per-schema ones against none.
        acl_items("d.defaclacl",
                  "CASE WHEN d.defaclnamespace = 0 THEN acldefault(CASE d.defaclobjtype WHEN "
                  "'S' THEN 's' ELSE d.defaclobjtype END::\"char\", d.defaclrole) ELSE "
                  "NULL::aclitem[] END"),
        globals ? "true" : "false");
}

}  // namespace strata::schema::pg

namespace strata::schema::pg {

std::string subscriptions_sql(bool ownership, int version) {
    // The connection string loses its password in every spelling libpq accepts: a
    // "password=..." keyword (quoted or not), a URI's "user:password@" and "?password=".
    const char* connection =
        R"(regexp_replace(regexp_replace(regexp_replace(regexp_replace(s.subconninfo, )"
        R"('^(postgres(ql)?://[^:@/]*):[^@/]*@', '\1@'), '&password=[^&]*', '', 'g'), )"
        R"('\?password=[^&]*(&|$)', '?'), )"
        R"('\s*\mpassword\s*=\s*(''([^''\\]|\\.)*''|\S+)', '', 'g'))";
    std::string streaming = version >= 160000
                                ? "CASE s.substream WHEN 't' THEN 'on' WHEN 'p' THEN 'parallel' END"
                                : "CASE WHEN s.substream THEN 'on' END";
    std::string more;
    if (version >= 150000) {
        more +=
            ", 'two_phase', CASE WHEN s.subtwophasestate <> 'd' THEN 'true' END, "
            "'disable_on_error', CASE WHEN s.subdisableonerr THEN 'true' END";
    }
    if (version >= 160000) {
        more +=
            ", 'origin', CASE WHEN s.suborigin <> 'any' THEN s.suborigin END, "
            "'password_required', CASE WHEN NOT s.subpasswordrequired THEN 'false' END, "
            "'run_as_owner', CASE WHEN s.subrunasowner THEN 'true' END";
    }
    if (version >= 170000) more += ", 'failover', CASE WHEN s.subfailover THEN 'true' END";
    return fmt::format(
        "SELECT 'subscription', '', s.subname::text, '', jsonb_strip_nulls(jsonb_build_object("
        "'connection', {0}, 'publications', (SELECT string_agg(quote_ident(sp), ', ' ORDER BY "
        "so) FROM unnest(s.subpublications) WITH ORDINALITY su(sp, so)), 'slot_name', "
        "coalesce(s.subslotname::text, "
        "'NONE'), 'binary', {1}, 'streaming', {2}, 'synchronous_commit', CASE WHEN "
        "s.subsynccommit <> 'off' THEN s.subsynccommit END{3}))::text, {4}, {5}, '{{}}'::text[] "
        "FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = "
        "current_database())",
        connection, version >= 140000 ? "CASE WHEN s.subbinary THEN 'true' END" : "NULL::text",
        version >= 140000 ? streaming : "NULL::text", more,
        description_of("pg_subscription", "s.oid"), owner_expr(ownership, "s.subowner"));
}

std::string security_labels_sql(bool globals) {
    return fmt::format(
        "SELECT 'security label', '', l.provider::text, ' ON ' || upper(l.objtype) || ' ' || "
        "l.objname, jsonb_build_object('label', l.label)::text, NULL, '', '{{}}'::text[] FROM "
        "pg_seclabels l WHERE l.objtype NOT IN ('role', 'database', 'tablespace') AND "
        "(l.objnamespace::int8 = ANY($1) OR (l.objtype = 'schema' AND l.objoid::int8 = ANY($1)) "
        "OR (l.objnamespace IS NULL AND l.objtype <> 'schema' AND {}))",
        globals ? "true" : "false");
}

}  // namespace strata::schema::pg
