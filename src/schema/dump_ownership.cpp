// Owners and privileges of a PostgreSQL catalog as targets and statements (the dump's
// "Ownership and grants" section; autogenerate diffs them).
#include <fmt/format.h>

#include "schema/dump_render.hpp"
#include "strata/schema/statements.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema {
namespace {

using sql::quote_ident;

class TargetList {
public:
    /// kind: what ALTER ... OWNER TO says ("VIEW", "AGGREGATE"); GRANT says TABLE for relations,
    /// FUNCTION for aggregates, FOREIGN SERVER for servers.
    void add(std::string key, std::string_view kind, const std::string& target,
             const std::string& owner, const std::vector<Grant>& grants) {
        std::string_view on =
            kind == "VIEW" || kind == "MATERIALIZED VIEW" || kind == "FOREIGN TABLE" ? "TABLE"
            : kind == "AGGREGATE"                                                    ? "FUNCTION"
            : kind == "SERVER" ? "FOREIGN SERVER"
                               : kind;
        out_.push_back({std::move(key), "", fmt::format("{} {}", kind, target), owner, "",
                        fmt::format(" ON {} {}", on, target), grants});
    }
    void columns(const std::string& key, const std::string& relation,
                 const std::vector<Column>& columns) {
        for (const auto& c : columns) {
            out_.push_back({key, c.name, "", "", "",
                            fmt::format(" ({}) ON TABLE {}", quote_ident(c.name), relation),
                            c.grants});
        }
    }
    void default_privileges(const Object& o) {
        auto on = o.identity.rfind(" ON ");
        out_.push_back({o.dependency_key(), "", "", "",
                        fmt::format("ALTER DEFAULT PRIVILEGES FOR ROLE {}{} ", quote_ident(o.name),
                                    o.identity.substr(0, on)),
                        " ON " + o.identity.substr(on + 4), o.grants});
    }
    std::vector<OwnershipTarget> take() { return std::move(out_); }

private:
    std::vector<OwnershipTarget> out_;
};

std::string q(const std::string& schema, const std::string& name) {
    return sql::quote_qualified(schema, name);
}

}  // namespace

std::vector<OwnershipTarget> ownership_targets(const Catalog& cat) {
    TargetList out;
    for (const auto& s : cat.schemas)
        out.add("schema:" + s.name, "SCHEMA", quote_ident(s.name), s.owner, s.grants);
    for (const auto& e : cat.enums)
        out.add("type:" + e.schema + "." + e.name, "TYPE", q(e.schema, e.name), e.owner, e.grants);
    for (const auto& d : cat.domains) {
        out.add("type:" + d.schema + "." + d.name, "DOMAIN", q(d.schema, d.name), d.owner,
                d.grants);
    }
    for (const auto& c : cat.composites)
        out.add("type:" + c.schema + "." + c.name, "TYPE", q(c.schema, c.name), c.owner, c.grants);
    for (const auto& s : cat.sequences) {
        out.add("relation:" + s.schema + "." + s.name, "SEQUENCE", q(s.schema, s.name),
                s.identity ? "" : s.owner, s.grants);
    }
    for (const auto& f : cat.functions) {
        out.add("function:" + f.signature(), f.procedure ? "PROCEDURE" : "FUNCTION",
                fmt::format("{}({})", q(f.schema, f.name), f.identity_arguments), f.owner,
                f.grants);
    }
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) {
            auto key = "relation:" + t.qualified();
            out.add(key, t.kind == TableKind::foreign ? "FOREIGN TABLE" : "TABLE",
                    q(t.schema, t.name), t.owner, t.grants);
            out.columns(key, q(t.schema, t.name), t.columns);
        }
    }
    for (const auto& v : cat.views) {
        auto key = "relation:" + v.qualified();
        out.add(key, v.materialized ? "MATERIALIZED VIEW" : "VIEW", q(v.schema, v.name), v.owner,
                v.grants);
        out.columns(key, q(v.schema, v.name), v.columns);
    }
    for (const auto& o : cat.objects) {
        if (o.kind == "default privileges") {
            out.default_privileges(o);
            continue;
        }
        if (o.kind == "user mapping") continue;
        auto [keyword, target] = render::object_target(o);
        out.add(o.dependency_key(), keyword, target, o.owner, o.grants);
    }
    return out.take();
}

std::string owner_statement(const OwnershipTarget& t, const std::string& owner) {
    if (t.alter.empty() || owner.empty()) return {};
    return fmt::format("ALTER {} OWNER TO {};", t.alter, quote_ident(owner));
}

std::string privilege_statement(const OwnershipTarget& t, const Grant& g, bool undo) {
    if (g.revoked != undo)
        return fmt::format("{}REVOKE {}{} FROM {};", t.prefix, g.privilege, t.on, g.grantee);
    return fmt::format("{}GRANT {}{} TO {}{};", t.prefix, g.privilege, t.on, g.grantee,
                       g.grantable && !undo ? " WITH GRANT OPTION" : "");
}

std::vector<std::string> ownership_statements(const OwnershipTarget& t) {
    std::vector<std::string> out;
    if (auto s = owner_statement(t, t.owner); !s.empty()) out.push_back(std::move(s));
    // Revokes of default privileges first, as pg_dump: then the grants beyond the default.
    for (const auto& g : t.grants) {
        if (g.revoked) out.push_back(privilege_statement(t, g));
    }
    for (const auto& g : t.grants) {
        if (!g.revoked) out.push_back(privilege_statement(t, g));
    }
    return out;
}

}  // namespace strata::schema
