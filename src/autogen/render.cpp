// A plan as one reviewable SQL script (strata diff --sql): notes, the up, then the down.
#include <fmt/format.h>

#include "strata/autogen/plan.hpp"

namespace strata::autogen {
namespace {

bool transactional(Stage s) {
    return s == Stage::main || s == Stage::validate;
}

void section(std::string& out, const std::vector<const Change*>& changes, bool up) {
    for (const auto* c : changes) {
        const auto& statements = up ? c->up : c->down;
        if (statements.empty()) continue;
        out += fmt::format(
            "\n-- {}{}\n", c->object,
            transactional(c->stage) ? "" : " (no transaction: one statement at a time)");
        if (up) {
            for (const auto& [rule, reason] : c->ignores)
                out += fmt::format("-- strata:ignore {} {}\n", rule, reason);
        }
        for (const auto& s : statements) out += s + "\n";
    }
}

}  // namespace

std::string render_plan(const Plan& plan) {
    std::string out;
    for (const auto& n : plan.notes) out += "-- note: " + n + "\n";
    std::vector<const Change*> up;
    up.reserve(plan.changes.size());
    for (const auto& c : plan.changes) up.push_back(&c);
    out += "-- up\n";
    section(out, up, true);
    std::vector<const Change*> down(up.rbegin(), up.rend());
    out += "\n-- down\n";
    section(out, down, false);
    return out;
}

}  // namespace strata::autogen
