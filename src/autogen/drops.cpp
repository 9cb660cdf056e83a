// The DROP statement of every dump statement key of a catalog, and what implies it.
#include <fmt/format.h>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

using sql::quote_ident;
using sql::quote_qualified;

using DropMap = std::map<std::string, std::pair<std::string, std::string>>;

void relation_parts(DropMap& out, const std::string& schema, const std::string& name,
                    const std::vector<schema::Index>& indexes,
                    const std::vector<schema::Trigger>& triggers,
                    const std::vector<schema::Rule>& rules) {
    auto key = "relation:" + schema + "." + name;
    auto on = quote_qualified(schema, name);
    for (const auto& ix : indexes) {
        out["relation:" + schema + "." + ix.name] = {
            fmt::format("DROP INDEX {};", quote_qualified(schema, ix.name)), key};
    }
    for (const auto& tr : triggers) {
        out[fmt::format("trigger:{}.{}.{}", schema, name, tr.name)] = {
            fmt::format("DROP TRIGGER {} ON {};", quote_ident(tr.name), on), key};
    }
    for (const auto& r : rules) {
        out[fmt::format("rule:{}.{}.{}", schema, name, r.name)] = {
            fmt::format("DROP RULE {} ON {};", quote_ident(r.name), on), key};
    }
}

void table_drops(DropMap& out, const schema::Table& t) {
    auto key = "relation:" + t.qualified();
    auto on = quote_qualified(t.schema, t.name);
    bool foreign = t.kind == schema::TableKind::foreign;
    out[key] = {fmt::format("DROP {}TABLE {};", foreign ? "FOREIGN " : "", on), ""};
    for (const auto& c : t.constraints) {
        out["constraint:" + t.qualified() + "." + c.name] = {
            fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", on, quote_ident(c.name)), key};
    }
    std::string policies;
    for (const auto& p : t.policies)
        policies += fmt::format("DROP POLICY {} ON {};\n", quote_ident(p.name), on);
    if (t.rls_forced) policies += fmt::format("ALTER TABLE {} NO FORCE ROW LEVEL SECURITY;\n", on);
    if (t.rls_enabled) policies += fmt::format("ALTER TABLE {} DISABLE ROW LEVEL SECURITY;\n", on);
    if (!policies.empty()) policies.pop_back();
    out["policies:" + t.qualified()] = {policies, key};
    out["replica identity:" + t.qualified()] = {
        fmt::format("ALTER TABLE ONLY {} REPLICA IDENTITY DEFAULT;", on), key};
    relation_parts(out, t.schema, t.name, t.indexes, t.triggers, t.rules);
}

}  // namespace

DropMap drop_statements(const schema::Catalog& cat) {
    DropMap out;
    for (const auto& s : cat.schemas)
        out["schema:" + s.name] = {fmt::format("DROP SCHEMA {};", quote_ident(s.name)), ""};
    for (const auto& e : cat.extensions)
        out["extension:" + e.name] = {fmt::format("DROP EXTENSION {};", quote_ident(e.name)), ""};
    for (const auto& e : cat.enums) {
        out["type:" + e.schema + "." + e.name] = {
            fmt::format("DROP TYPE {};", quote_qualified(e.schema, e.name)), ""};
    }
    for (const auto& d : cat.domains) {
        out["type:" + d.schema + "." + d.name] = {
            fmt::format("DROP DOMAIN {};", quote_qualified(d.schema, d.name)), ""};
    }
    for (const auto& c : cat.composites) {
        out["type:" + c.schema + "." + c.name] = {
            fmt::format("DROP TYPE {};", quote_qualified(c.schema, c.name)), ""};
    }
    for (const auto& s : cat.sequences) {
        auto name = quote_qualified(s.schema, s.name);
        out["relation:" + s.schema + "." + s.name] = {fmt::format("DROP SEQUENCE {};", name), ""};
        out["owned:" + s.schema + "." + s.name] = {
            fmt::format("ALTER SEQUENCE {} OWNED BY NONE;", name), ""};
    }
    for (const auto& f : cat.functions) {
        out["function:" + f.signature()] = {
            fmt::format("DROP {} {}({});", f.procedure ? "PROCEDURE" : "FUNCTION",
                        quote_qualified(f.schema, f.name), f.identity_arguments),
            ""};
    }
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) table_drops(out, t);
    }
    for (const auto& v : cat.views) {
        out["relation:" + v.qualified()] = {
            fmt::format("DROP {}VIEW {};", v.materialized ? "MATERIALIZED " : "",
                        quote_qualified(v.schema, v.name)),
            ""};
        relation_parts(out, v.schema, v.name, v.indexes, v.triggers, v.rules);
    }
    for (const auto& o : cat.objects) {
        if (o.kind == "default privileges" || o.kind == "security label") continue;
        std::string parent;
        if (auto t = o.properties.find("table"); t != o.properties.end())
            parent = "relation:" + t->second;
        out[o.dependency_key()] = {"DROP " + schema::object_reference(o) + ";", parent};
    }
    return out;
}

}  // namespace strata::autogen::detail
