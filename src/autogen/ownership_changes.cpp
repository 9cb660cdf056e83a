// Owners and privileges: ALTER ... OWNER TO, GRANT and REVOKE between the two catalogs' targets.
#include <fmt/format.h>

#include <algorithm>

#include "autogen/planner.hpp"

namespace strata::autogen::detail {
namespace {

using schema::Grant;
using schema::OwnershipTarget;

std::string target_id(const OwnershipTarget& t) {
    return t.key + "\n" + t.column;
}

/// "ownership of TABLE public.t", "privileges on column public.t.c", "default privileges ...".
std::string target_name(const OwnershipTarget& t) {
    if (!t.column.empty())
        return fmt::format("privileges on column {}.{}", t.key.substr(t.key.find(':') + 1),
                           t.column);
    if (t.alter.empty()) {
        // "ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s " + " ON TABLES"
        constexpr std::string_view kAlter = "ALTER DEFAULT PRIVILEGES ";
        return "default privileges " + t.prefix.substr(kAlter.size()) + t.on.substr(1);
    }
    return "ownership of " + t.alter;
}

/// Default privileges are only privileges: no statement drops them with an object.
bool privileges_only(const OwnershipTarget& t) {
    return !t.prefix.empty();
}

/// The statements that take every privilege of t back.
std::vector<std::string> undo_privileges(const OwnershipTarget& t) {
    std::vector<std::string> out;
    out.reserve(t.grants.size());
    for (const auto& g : t.grants) out.push_back(schema::privilege_statement(t, g, true));
    return out;
}

std::vector<Grant> missing_from(const std::vector<Grant>& from, const std::vector<Grant>& in) {
    std::vector<Grant> out;
    for (const auto& g : from) {
        if (std::ranges::find(in, g) == in.end()) out.push_back(g);
    }
    return out;
}

}  // namespace

void ownership_changes(Planner& p) {
    auto before = schema::ownership_targets(*p.cur.cat);
    auto after = schema::ownership_targets(*p.des.cat);
    std::map<std::string, const OwnershipTarget*> by_id_before;
    std::map<std::string, const OwnershipTarget*> by_id_after;
    for (const auto& t : before) by_id_before[target_id(t)] = &t;
    for (const auto& t : after) by_id_after[target_id(t)] = &t;
    auto remade = [&](const OwnershipTarget& t) {
        return p.created_keys.contains(t.key) || p.dropped_keys.contains(t.key) ||
               (!t.column.empty() && p.recreated_columns.contains(target_id(t)));
    };
    // What the up drops gets its owner and privileges back at the end of the down.
    for (const auto& t : before) {
        if (by_id_after.contains(target_id(t)) && !remade(t)) continue;
        auto restore = schema::ownership_statements(t);
        if (restore.empty()) continue;
        if (privileges_only(t)) {
            p.add(Phase::ownership, 0,
                  {target_name(t), undo_privileges(t), std::move(restore), Stage::main, {}});
            continue;
        }
        p.add(Phase::restore_ownership, 0,
              {target_name(t), {}, std::move(restore), Stage::main, {}});
    }
    for (const auto& t : after) {
        auto it = by_id_before.find(target_id(t));
        if (it == by_id_before.end() || remade(t)) {
            // Created by the plan: what the dump writes after its CREATE.
            auto apply = schema::ownership_statements(t);
            if (!apply.empty()) {
                p.add(Phase::ownership, 0,
                      {target_name(t),
                       std::move(apply),
                       privileges_only(t) ? undo_privileges(t) : std::vector<std::string>{},
                       Stage::main,
                       {}});
            }
            continue;
        }
        const auto& a = *it->second;
        Change c{target_name(t), {}, {}, Stage::main, {}};
        if (a.owner != t.owner && !a.owner.empty() && !t.owner.empty()) {
            c.up.push_back(schema::owner_statement(t, t.owner));
            c.down.push_back(schema::owner_statement(a, a.owner));
        }
        // Privileges taken back first, then the new ones: a grant option changed is both.
        auto removed = missing_from(a.grants, t.grants);
        auto added = missing_from(t.grants, a.grants);
        for (const auto& g : removed) c.up.push_back(schema::privilege_statement(t, g, true));
        for (const auto& g : added) c.up.push_back(schema::privilege_statement(t, g));
        for (const auto& g : added) c.down.push_back(schema::privilege_statement(a, g, true));
        for (const auto& g : removed) c.down.push_back(schema::privilege_statement(a, g));
        if (!c.up.empty()) p.add(Phase::ownership, 0, std::move(c));
    }
}

}  // namespace strata::autogen::detail
