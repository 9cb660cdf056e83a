// An extension present on both sides whose version or schema changed: altered in place.
#include <fmt/format.h>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

using sql::quote_ident;
using sql::quote_literal;

/// The statements that take extension e from version `from` to e.version.
std::vector<std::string> extension_version(Planner& p, const schema::Extension& e,
                                           const std::string& from) {
    const auto& has_path = p.options_.extension_update_path;
    if (!has_path || has_path(e.name, from, e.version)) {
        return {fmt::format("ALTER EXTENSION {} UPDATE TO {};", quote_ident(e.name),
                            quote_literal(e.version))};
    }
    p.notes.push_back(fmt::format(
        "extension {}: the server has no update path from version {} to {} (extensions "
        "rarely ship downgrade scripts), so that step drops the extension and creates it at {}; "
        "DROP EXTENSION fails while objects depend on it: then write that step by hand",
        e.name, quote_literal(from), quote_literal(e.version), quote_literal(e.version)));
    return {fmt::format("DROP EXTENSION {};", quote_ident(e.name)),
            fmt::format("CREATE EXTENSION {} WITH SCHEMA {} VERSION {};", quote_ident(e.name),
                        quote_ident(e.schema), quote_literal(e.version))};
}

}  // namespace

void extension_changes(Planner& p, const schema::Extension& from, const schema::Extension& to) {
    auto key = "extension:" + to.name;
    auto position = p.des.position_of(key);
    if (from.schema != to.schema) {
        auto set = [](const schema::Extension& e) {
            return fmt::format("ALTER EXTENSION {} SET SCHEMA {};", quote_ident(e.name),
                               quote_ident(e.schema));
        };
        p.add(Phase::create_base, position,
              {"extension " + to.name + " schema", {set(to)}, {set(from)}, Stage::main, {}});
    }
    if (from.version != to.version) {
        // The version step runs in the desired schema; its down before the schema moves back.
        auto moved = from;
        moved.schema = to.schema;
        p.add(Phase::create_base, position,
              {"extension " + to.name + " version",
               extension_version(p, to, from.version),
               extension_version(p, moved, to.version),
               Stage::main,
               {}});
    }
}

}  // namespace strata::autogen::detail
