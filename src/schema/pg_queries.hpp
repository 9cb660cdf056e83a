// The pg_catalog queries behind PostgreSQL introspection: one set-based query per object kind.
#pragma once

#include <string>
#include <vector>

#include "strata/schema/catalog.hpp"

namespace strata::schema::pg {

/// `NOT EXISTS` clause true when the object is not owned by an extension.
std::string not_extension_member(const char* catalog, const char* oid_expr);
/// Grants from grants_expr() items.
std::vector<Grant> parse_grants(const std::vector<std::string>& items);
/// A text[] expression of "grantee|privilege|grantable|grant" items for what the ACL `actual`
/// grants beyond `fallback` and "...|revoke" items for what it lacks of it: pg_dump's
/// semantics of an ACL against the default.
std::string acl_items(const std::string& actual, const std::string& fallback);
/// acl_items() of an object's ACL column against acldefault(kind, owner) ('r' relations,
/// 's' sequences, 'f' functions, 'T' types, 'n' schemas, 'c' columns, 'F' wrappers,
/// 'S' servers), or '{}' when !ownership.
std::string grants_expr(bool ownership, const char* acl, const char* owner, char kind);
/// A text expression: the owner's name, or '' when !ownership.
std::string owner_expr(bool ownership, const char* owner);
/// A text expression: the comment (pg_description, objsubid 0) of the object `oid` of the
/// system catalog `catalog`, NULL when none.
std::string description_of(const char* catalog, const char* oid);
/// A text expression: the collation's qualified name when it is not the type's default.
std::string collation_expr(const char* coll, const char* type_coll);

// Every query takes $1 = int8[] of the selected namespace oids.
std::string enums_sql(bool ownership);
std::string domains_sql(bool ownership);
std::string composites_sql(bool ownership);
std::string sequences_sql(bool ownership);
std::string functions_sql(bool ownership);
std::string relations_sql(bool ownership);
std::string columns_sql(int server_version, bool ownership);
std::string constraints_sql();
std::string indexes_sql(int server_version);
std::string triggers_sql();
std::string policies_sql();
std::string rules_sql();

}  // namespace strata::schema::pg
