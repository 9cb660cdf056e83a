// PostgreSQL introspection of operator classes and operator families as Objects: each member
// (OPERATOR / FUNCTION of pg_amop / pg_amproc) a property, found the way pg_dump finds them,
// by the pg_depend entry that ties it to its class or to its family.
#include <fmt/format.h>

#include "schema/pg_objects.hpp"
#include "schema/pg_queries.hpp"

namespace strata::schema::pg {
namespace {

/// A jsonb object of the members that pg_depend ties to (ref_catalog, oid):
/// "operator 001 (integer, integer)" -> "<(integer,integer)" [FOR ORDER BY family],
/// "function 001 (integer, integer)" -> "public.cmp(integer,integer)". Zero-padded numbers
/// keep the members in strategy order.
std::string opclass_members(const char* ref_catalog, const char* oid) {
    return fmt::format(
        "coalesce((SELECT jsonb_object_agg(mk, mv) FROM (SELECT 'operator ' || "
        "lpad(ao.amopstrategy::text, 3, '0') || ' (' || format_type(ao.amoplefttype, NULL) || ', "
        "' || format_type(ao.amoprighttype, NULL) || ')' AS mk, ao.amopopr::regoperator::text || "
        "CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' || (SELECT quote_ident(sn.nspname) "
        "|| '.' || quote_ident(sf.opfname) FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = "
        "sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) ELSE '' END AS mv FROM pg_amop ao JOIN "
        "pg_depend md ON md.classid = 'pg_amop'::regclass AND md.objid = ao.oid WHERE "
        "md.refclassid = '{0}'::regclass AND md.refobjid = {1} "
        "UNION ALL SELECT 'function ' || lpad(ap.amprocnum::text, 3, '0') || ' (' || "
        "format_type(ap.amproclefttype, NULL) || ', ' || format_type(ap.amprocrighttype, NULL) || "
        "')', ap.amproc::regprocedure::text FROM pg_amproc ap JOIN pg_depend md ON md.classid = "
        "'pg_amproc'::regclass AND md.objid = ap.oid WHERE md.refclassid = '{0}'::regclass AND "
        "md.refobjid = {1}) m), '{{}}'::jsonb)",
        ref_catalog, oid);
}

}  // namespace

std::string operator_classes_sql(bool ownership) {
    return fmt::format(
        "SELECT 'operator family', n.nspname::text, f.opfname::text, ' USING ' || "
        "quote_ident(am.amname), {0}::text, {1}, {2}, '{{}}'::text[] FROM pg_opfamily f JOIN "
        "pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod WHERE "
        "n.oid::int8 = ANY($1) AND {3} "
        "UNION ALL SELECT 'operator class', n.nspname::text, c.opcname::text, ' USING ' || "
        "quote_ident(am.amname), (jsonb_strip_nulls(jsonb_build_object('type', "
        "format_type(c.opcintype, NULL), 'default', CASE WHEN c.opcdefault THEN 'true' END, "
        "'family', (SELECT quote_ident(fn.nspname) || '.' || quote_ident(cf.opfname) FROM "
        "pg_opfamily cf JOIN pg_namespace fn ON fn.oid = cf.opfnamespace WHERE cf.oid = "
        "c.opcfamily), 'storage', CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, "
        "NULL) END)) || {4})::text, {5}, {6}, '{{}}'::text[] FROM pg_opclass c JOIN pg_namespace "
        "n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod WHERE n.oid::int8 = "
        "ANY($1) AND {7}",
        opclass_members("pg_opfamily", "f.oid"), description_of("pg_opfamily", "f.oid"),
        owner_expr(ownership, "f.opfowner"), not_extension_member("pg_opfamily", "f.oid"),
        opclass_members("pg_opclass", "c.oid"), description_of("pg_opclass", "c.oid"),
        owner_expr(ownership, "c.opcowner"), not_extension_member("pg_opclass", "c.oid"));
}

std::string operator_class_keys(const std::string& oid) {
    auto key = [](const char* kind, const char* catalog, const char* name, const char* nsp,
                  const char* method, const char* of) {
        return fmt::format(
            "(SELECT '{0}:' || kn.nspname || '.' || ko.{2} || ' USING ' || quote_ident(ka.amname) "
            "FROM {1} ko JOIN pg_namespace kn ON kn.oid = ko.{3} JOIN pg_am ka ON ka.oid = ko.{4} "
            "WHERE ko.oid = {5})",
            kind, catalog, name, nsp, method, of);
    };
    auto member = [&](const char* member_catalog) {
        return fmt::format(
            "WHEN '{0}'::regclass THEN (SELECT CASE WHEN md.refclassid = 'pg_opclass'::regclass "
            "THEN {1} ELSE {2} END FROM pg_depend md WHERE md.classid = '{0}'::regclass AND "
            "md.objid = {3} AND md.refclassid IN ('pg_opclass'::regclass, "
            "'pg_opfamily'::regclass) LIMIT 1) ",
            member_catalog,
            key("operator class", "pg_opclass", "opcname", "opcnamespace", "opcmethod",
                "md.refobjid"),
            key("operator family", "pg_opfamily", "opfname", "opfnamespace", "opfmethod",
                "md.refobjid"),
            oid);
    };
    return fmt::format(
        "WHEN 'pg_opclass'::regclass THEN {0} WHEN 'pg_opfamily'::regclass THEN {1} {2}{3}",
        key("operator class", "pg_opclass", "opcname", "opcnamespace", "opcmethod", oid.c_str()),
        key("operator family", "pg_opfamily", "opfname", "opfnamespace", "opfmethod", oid.c_str()),
        member("pg_amop"), member("pg_amproc"));
}

}  // namespace strata::schema::pg
