// The pg_catalog queries behind PostgreSQL introspection (see pg_queries.hpp).
#include "schema/pg_queries.hpp"

#include <fmt/format.h>

namespace strata::schema::pg {

std::string not_extension_member(const char* catalog, const char* oid_expr) {
    return fmt::format(
        "NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = '{}'::regclass "
        "AND xd.objid = {} AND xd.deptype = 'e')",
        catalog, oid_expr);
}

std::vector<Grant> parse_grants(const std::vector<std::string>& items) {
    std::vector<Grant> out;
    for (const auto& item : items) {
        auto a = item.find('|');
        auto b = item.find('|', a + 1);
        auto c = item.find('|', b + 1);
        out.push_back({item.substr(0, a), item.substr(a + 1, b - a - 1),
                       item.substr(b + 1, c - b - 1) == "true",
                       c != std::string::npos && item.substr(c + 1) == "revoke"});
    }
    return out;
}

std::string acl_items(const std::string& actual, const std::string& fallback) {
    return fmt::format(
        "ARRAY(SELECT DISTINCT g FROM (SELECT (CASE WHEN xa.grantee = 0 THEN 'PUBLIC' ELSE "
        "quote_ident(pg_get_userbyid(xa.grantee)::text) END) || '|' || xa.privilege_type || '|' || "
        "xa.is_grantable::text || '|grant' AS g FROM aclexplode({0}) xa WHERE NOT EXISTS (SELECT 1 "
        "FROM aclexplode({1}) xd WHERE xd.grantee = xa.grantee AND xd.privilege_type = "
        "xa.privilege_type AND xd.is_grantable = xa.is_grantable) UNION ALL SELECT (CASE WHEN "
        "xd.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(xd.grantee)::text) END) || "
        "'|' || xd.privilege_type || '|' || xd.is_grantable::text || '|revoke' FROM "
        "aclexplode({1}) "
        "xd WHERE NOT EXISTS (SELECT 1 FROM aclexplode({0}) xa WHERE xa.grantee = xd.grantee AND "
        "xa.privilege_type = xd.privilege_type)) x ORDER BY 1)",
        actual, fallback);
}

std::string grants_expr(bool ownership, const char* acl, const char* owner, char kind) {
    if (!ownership) return "'{}'::text[]";
    auto fallback = fmt::format("acldefault('{}', {})", kind, owner);
    return acl_items(fmt::format("coalesce({}, {})", acl, fallback), fallback);
}

std::string owner_expr(bool ownership, const char* owner) {
    if (!ownership) return "''::text";
    return fmt::format("pg_get_userbyid({})::text", owner);
}

std::string description_of(const char* catalog, const char* oid) {
    return fmt::format(
        "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = {} AND dsc.classoid "
        "= '{}'::regclass AND dsc.objsubid = 0)",
        oid, catalog);
}

std::string collation_expr(const char* coll, const char* type_coll) {
    return fmt::format(
        "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co "
        "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = {0} AND {0} <> 0 "
        "AND {0} <> {1})",
        coll, type_coll);
}

std::string enums_sql(bool ownership) {
    return fmt::format(
        "SELECT n.nspname::text, t.typname::text, ARRAY(SELECT e.enumlabel::text FROM pg_enum e "
        "WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), (SELECT dsc.description FROM "
        "pg_description dsc WHERE dsc.objoid = t.oid AND dsc.classoid = 'pg_type'::regclass AND "
        "dsc.objsubid = 0), {}, {} "
        "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE t.typtype = 'e' AND n.oid::int8 = ANY($1) AND {}",
        owner_expr(ownership, "t.typowner"), grants_expr(ownership, "t.typacl", "t.typowner", 'T'),
        not_extension_member("pg_type", "t.oid"));
}

std::string domains_sql(bool ownership) {
    return fmt::format(
        "SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod), "
        "t.typnotnull, t.typdefault, {}, "
        "ARRAY(SELECT c.conname::text FROM pg_constraint c WHERE c.contypid = t.oid "
        "AND c.contype = 'c' ORDER BY c.conname), "
        "ARRAY(SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.contypid = t.oid "
        "AND c.contype = 'c' ORDER BY c.conname), (SELECT dsc.description FROM pg_description dsc "
        "WHERE dsc.objoid = t.oid AND dsc.classoid = 'pg_type'::regclass AND dsc.objsubid = 0), "
        "{}, "
        "{}, ARRAY(SELECT coalesce((SELECT dsc.description FROM pg_description dsc WHERE "
        "dsc.objoid = c.oid AND dsc.classoid = 'pg_constraint'::regclass AND dsc.objsubid = 0), "
        "'') FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY "
        "c.conname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "JOIN pg_type bt ON bt.oid = t.typbasetype "
        "WHERE t.typtype = 'd' AND n.oid::int8 = ANY($1) AND {}",
        collation_expr("t.typcollation", "bt.typcollation"), owner_expr(ownership, "t.typowner"),
        grants_expr(ownership, "t.typacl", "t.typowner", 'T'),
        not_extension_member("pg_type", "t.oid"));
}

std::string composites_sql(bool ownership) {
    const char* attrs =
        "FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid WHERE a.attrelid = t.typrelid "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    return fmt::format(
        "SELECT n.nspname::text, t.typname::text, ARRAY(SELECT a.attname::text {0}), "
        "ARRAY(SELECT format_type(a.atttypid, a.atttypmod) {0}), "
        "ARRAY(SELECT coalesce({1}, '') {0}), (SELECT dsc.description FROM pg_description dsc "
        "WHERE dsc.objoid = t.oid AND dsc.classoid = 'pg_type'::regclass AND dsc.objsubid = 0), "
        "{2}, {4}, ARRAY(SELECT coalesce((SELECT dsc.description FROM pg_description dsc WHERE "
        "dsc.objoid = a.attrelid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = "
        "a.attnum), '') {0}) "
        "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "JOIN pg_class c ON c.oid = t.typrelid "
        "WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.oid::int8 = ANY($1) AND {3}",
        attrs, collation_expr("a.attcollation", "at.typcollation"),
        owner_expr(ownership, "t.typowner"), not_extension_member("pg_type", "t.oid"),
        grants_expr(ownership, "t.typacl", "t.typowner", 'T'));
}

std::string sequences_sql(bool ownership) {
    return fmt::format(
        "SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL), s.seqstart, "
        "s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
        "rn.nspname || '.' || rc.relname, ra.attname::text, coalesce(d.deptype = 'i', false), "
        "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid "
        "= 'pg_class'::regclass AND dsc.objsubid = 0), {}, {} "
        "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid "
        "AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') "
        "LEFT JOIN pg_class rc ON rc.oid = d.refobjid "
        "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
        "LEFT JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid "
        "WHERE n.oid::int8 = ANY($1) AND {}",
        owner_expr(ownership, "c.relowner"), grants_expr(ownership, "c.relacl", "c.relowner", 's'),
        not_extension_member("pg_class", "c.oid"));
}

std::string functions_sql(bool ownership) {
    return fmt::format(
        "SELECT n.nspname::text, p.proname::text, pg_get_function_identity_arguments(p.oid), "
        "p.prokind = 'p', pg_get_function_arguments(p.oid), "
        "coalesce(pg_get_function_result(p.oid), ''), l.lanname::text, p.provolatile::text, "
        "p.prosecdef, p.proisstrict, p.prosrc, pg_get_functiondef(p.oid), "
        "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = p.oid AND dsc.classoid "
        "= 'pg_proc'::regclass AND dsc.objsubid = 0), {}, {}, coalesce(p.proconfig, '{{}}'), "
        "p.proparallel::text, p.proleakproof, p.procost::float8, p.prorows::float8 "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "JOIN pg_language l ON l.oid = p.prolang "
        "WHERE p.prokind IN ('f', 'p') AND n.oid::int8 = ANY($1) AND {} AND NOT EXISTS (SELECT 1 "
        "FROM pg_depend xi WHERE xi.classid = 'pg_proc'::regclass AND xi.objid = p.oid AND "
        "xi.deptype = 'i')",
        owner_expr(ownership, "p.proowner"), grants_expr(ownership, "p.proacl", "p.proowner", 'f'),
        not_extension_member("pg_proc", "p.oid"));
}

std::string relations_sql(bool ownership) {
    return fmt::format(
        "SELECT c.oid::int8, n.nspname::text, c.relname::text, c.relkind::text, "
        "c.relpersistence = 'u', "
        "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
        "CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits "
        "i "
        "JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
        "WHERE i.inhrelid = c.oid) END, "
        "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, "
        "c.relrowsecurity, c.relforcerowsecurity, "
        "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END, "
        "coalesce(c.reloptions::text[], '{{}}'), "
        "ARRAY(SELECT DISTINCT rn.nspname || '.' || rc.relname FROM pg_rewrite r "
        "JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid "
        "AND d.refclassid = 'pg_class'::regclass JOIN pg_class rc ON rc.oid = d.refobjid "
        "JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
        "WHERE r.ev_class = c.oid AND d.refobjid <> c.oid ORDER BY 1), "
        "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid "
        "= 'pg_class'::regclass AND dsc.objsubid = 0), {}, {}, "
        "(SELECT am.amname::text FROM pg_am am WHERE am.oid = c.relam AND c.relkind IN ('r', "
        "'m') AND am.amname <> 'heap'), "
        "ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i JOIN pg_class pc ON "
        "pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = "
        "c.oid AND NOT c.relispartition ORDER BY i.inhseqno), "
        "CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING' WHEN 'i' THEN "
        "(SELECT 'USING INDEX ' || quote_ident(ic.relname) FROM pg_index x JOIN pg_class ic ON "
        "ic.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisreplident) ELSE '' END, "
        "(SELECT fs.srvname::text FROM pg_foreign_table ft JOIN pg_foreign_server fs ON fs.oid = "
        "ft.ftserver WHERE ft.ftrelid = c.oid), coalesce((SELECT ft.ftoptions FROM "
        "pg_foreign_table ft WHERE ft.ftrelid = c.oid), '{{}}') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.oid::int8 = ANY($1) AND {}",
        owner_expr(ownership, "c.relowner"), grants_expr(ownership, "c.relacl", "c.relowner", 'r'),
        not_extension_member("pg_class", "c.oid"));
}

std::string columns_sql(int server_version, bool ownership) {
    return fmt::format(
        "SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
        "{}, a.attidentity::text, "
        "CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END, "
        "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = a.attrelid AND "
        "dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = a.attnum), "
        "{}, CASE WHEN a.attstorage <> t.typstorage THEN CASE a.attstorage WHEN 'p' THEN 'PLAIN' "
        "WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END ELSE '' END, {}, "
        "coalesce(a.attoptions::text[], '{{}}'), NOT a.attislocal, {}, "
        "coalesce(a.attfdwoptions, '{{}}') "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relnamespace::int8 = ANY($1) "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
        collation_expr("a.attcollation", "t.typcollation"),
        server_version >= 170000 ? "a.attstattarget::int8"
                                 : "CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int8 END",
        server_version >= 140000 ? "CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' "
                                   "ELSE '' END"
                                 : "''",
        grants_expr(ownership, "a.attacl", "c.relowner", 'c'));
}

std::string constraints_sql() {
    return "SELECT co.conrelid::int8, co.conname::text, co.contype::text, "
           "pg_get_constraintdef(co.oid), "
           "ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = "
           "co.conrelid "
           "AND a.attnum = k.n) FROM unnest(co.conkey) WITH ORDINALITY k(n, o) ORDER BY k.o), "
           "rn.nspname || '.' || rc.relname, "
           "ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = "
           "co.confrelid "
           "AND a.attnum = k.n) FROM unnest(co.confkey) WITH ORDINALITY k(n, o) ORDER BY k.o), "
           "co.confupdtype::text, co.confdeltype::text, co.confmatchtype::text, co.condeferrable, "
           "co.condeferred, co.convalidated, (SELECT dsc.description FROM pg_description dsc WHERE "
           "dsc.objoid = co.oid AND dsc.classoid = 'pg_constraint'::regclass AND dsc.objsubid = 0) "
           "FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid "
           "LEFT JOIN pg_class rc ON rc.oid = co.confrelid "
           "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
           "WHERE c.relnamespace::int8 = ANY($1) AND co.contype IN ('p', 'u', 'f', 'c', 'x') "
           "AND co.conislocal AND co.conparentid = 0";
}

std::string indexes_sql(int server_version) {
    return fmt::format(
        "SELECT i.indrelid::int8, ic.relname::text, am.amname::text, "
        "pg_get_indexdef(i.indexrelid), "
        "i.indisunique, {}, pg_get_expr(i.indpred, i.indrelid), i.indnkeyatts::int8, "
        "ARRAY(SELECT CASE WHEN k.attnum <> 0 THEN quote_ident(a.attname::text) "
        "ELSE pg_get_indexdef(i.indexrelid, k.n::int, true) END "
        "FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n) LEFT JOIN pg_attribute a "
        "ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n), "
        "ARRAY(SELECT (SELECT CASE WHEN opc.opcdefault THEN '' ELSE opc.opcname::text END "
        "FROM pg_opclass opc WHERE opc.oid = u.oc) FROM unnest(i.indclass::oid[]) WITH ORDINALITY "
        "u(oc, o) "
        "ORDER BY u.o), (SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = "
        "i.indexrelid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = 0) "
        "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_am am ON am.oid = ic.relam "
        "WHERE c.relnamespace::int8 = ANY($1) AND c.relkind IN ('r', 'p', 'm') "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = i.indexrelid "
        "AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')) "
        "AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)",
        server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
}

std::string triggers_sql() {
    return "SELECT t.tgrelid::int8, t.tgname::text, pg_get_triggerdef(t.oid), "
           "pn.nspname || '.' || p.proname, t.tgenabled::text, "
           "(SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid = t.oid AND "
           "dsc.classoid = 'pg_trigger'::regclass AND dsc.objsubid = 0) "
           "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
           "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace "
           "WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relnamespace::int8 = ANY($1)";
}

std::string rules_sql() {
    return "SELECT r.ev_class::int8, r.rulename::text, pg_get_ruledef(r.oid), "
           "r.ev_enabled::text, (SELECT dsc.description FROM pg_description dsc WHERE dsc.objoid "
           "= r.oid AND dsc.classoid = 'pg_rewrite'::regclass AND dsc.objsubid = 0) "
           "FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
           "WHERE r.rulename <> '_RETURN' AND c.relnamespace::int8 = ANY($1)";
}

std::string policies_sql() {
    return "SELECT p.polrelid::int8, p.polname::text, p.polcmd::text, p.polpermissive, "
           "ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END "
           "FROM unnest(p.polroles) r ORDER BY 1), pg_get_expr(p.polqual, p.polrelid), "
           "pg_get_expr(p.polwithcheck, p.polrelid), (SELECT dsc.description FROM pg_description "
           "dsc WHERE dsc.objoid = p.oid AND dsc.classoid = 'pg_policy'::regclass AND dsc.objsubid "
           "= 0) "
           "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
           "WHERE c.relnamespace::int8 = ANY($1)";
}

}  // namespace strata::schema::pg
