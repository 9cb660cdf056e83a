// PostgreSQL introspection of generic Objects and of the dependency graph (pg_objects.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "strata/driver/connection.hpp"
#include "strata/schema/catalog.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::schema::pg {

/// One query for every kind kept as an Object; $1 = int8[] of the selected namespace oids.
/// Columns: kind, schema, name, identity, properties (JSON object text), comment, owner, grants.
/// globals: also the kinds outside schemas (casts, event triggers, publications, ...).
std::string objects_sql(bool ownership, int server_version, bool globals);
/// Operators, conversions, extended statistics (pg_global_objects.cpp).
std::string schema_objects_more_sql(bool ownership, int server_version);
/// Operator families and operator classes (pg_operator_classes.cpp).
std::string operator_classes_sql(bool ownership);
/// CASE branches "WHEN '<catalog>'::regclass THEN <key>" of dependency keys for operator
/// classes and families and for their members (pg_amop, pg_amproc stand for their class or
/// family), of the object `oid` (an SQL expression).
std::string operator_class_keys(const std::string& oid);
/// Subscriptions (connection without password) of the current database; a separate query as
/// only superusers may read pg_subscription.subconninfo.
std::string subscriptions_sql(bool ownership, int server_version);
/// Security labels (pg_seclabels) as Objects of kind "security label": name = the provider,
/// identity = " ON <TYPE> <object>", property label. globals: also labels of objects outside
/// schemas.
std::string security_labels_sql(bool globals);
/// Casts, event triggers, publications, FDWs, servers, user mappings, access methods.
std::string global_objects_sql(bool ownership, int server_version);
/// pg_default_acl as Objects of kind "default privileges": name = the role, identity =
/// " IN SCHEMA s ON TABLES" (schema part only for per-schema entries), grants against the
/// default (pg_dump's semantics). globals: also the entries for every schema.
std::string default_privileges_sql(bool globals);
/// (dependent key, referenced key) pairs of normal dependencies between user objects.
std::string dependencies_sql(int server_version);

/// Appends the Objects of the selected namespaces to cat.objects.
void read_objects(driver::Connection& conn, const IntrospectOptions& options,
                  const std::vector<std::int64_t>& sel, Catalog& cat);
/// Fills cat.dependencies for the objects of cat's schemas (call after cat.schemas is set).
void read_dependencies(driver::Connection& conn, Catalog& cat);

}  // namespace strata::schema::pg
