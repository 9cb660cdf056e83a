// Verification: up then down applied to a scratch copy of the current schema, compared by catalog.
#include "strata/autogen/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "strata/driver/connection.hpp"
#include "strata/schema/dump.hpp"

namespace strata::autogen {
namespace {

schema::Catalog comparable(schema::Catalog cat) {
    for (auto& t : cat.tables) std::ranges::sort(t.columns, {}, &schema::Column::name);
    return cat;
}

struct ScratchDatabase {
    ScratchDatabase(const Scratch& s, std::string u) : scratch(s), url(std::move(u)) {}
    const Scratch& scratch;
    std::string url;
    ~ScratchDatabase() { scratch.drop(url); }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;
};

std::size_t apply(driver::Connection& conn, const std::vector<Change>& changes, bool up) {
    std::size_t n = 0;
    auto run = [&](const Change& c, const std::vector<std::string>& statements) {
        for (const auto& s : statements) {
            ++n;
            try {
                conn.execute_script(s);
            } catch (const Error& e) {
                throw VerificationError(
                    fmt::format("the generated {} failed at statement {} ({}):\n{}\n{}",
                                up ? "up" : "down", n, c.object, s, e.what()));
            }
        }
    };
    if (up) {
        for (const auto& c : changes) run(c, c.up);
    } else {
        for (auto it = changes.rbegin(); it != changes.rend(); ++it) run(*it, it->down);
    }
    return n;
}

}  // namespace

ExtensionUpdatePath server_update_paths(const Scratch& scratch) {
    return [scratch](const std::string& extension, const std::string& from, const std::string& to) {
        ScratchDatabase db{scratch, scratch.create()};
        auto conn = driver::Connection::open(db.url);
        return !conn.query(
                        "SELECT 1 FROM pg_extension_update_paths($1) "
                        "WHERE source = $2 AND target = $3 AND path IS NOT NULL",
                        extension, from, to)
                    .empty();
    };
}

std::vector<schema::Difference> converge_differences(const schema::Catalog& actual,
                                                     const schema::Catalog& wanted) {
    return schema::diff(comparable(actual), comparable(wanted));
}

namespace {

void check_up(const schema::Catalog& after_up, const schema::Catalog& desired) {
    if (auto d = converge_differences(after_up, desired); !d.empty()) {
        throw VerificationError(
            fmt::format("the generated up does not reach the desired schema; these objects did not "
                        "converge (- generated, + desired):\n{}",
                        schema::format_differences(d)));
    }
}

void check_down(const schema::Catalog& after_down, const schema::Catalog& base) {
    if (auto d = converge_differences(after_down, base); !d.empty()) {
        throw VerificationError(fmt::format(
            "the generated down does not restore the current schema; these objects did not "
            "converge (- after down, + current):\n{}",
            schema::format_differences(d)));
    }
}

}  // namespace

Verified verify(const Plan& plan, const schema::Catalog& current, const schema::Catalog& desired,
                const Scratch& scratch, const schema::IntrospectOptions& options) {
    const bool given = static_cast<bool>(scratch.current_database);
    ScratchDatabase db{scratch, given ? scratch.current_database() : scratch.create()};
    auto conn = driver::Connection::open(db.url);
    schema::Catalog rebuilt;
    if (!given) {
        schema::DumpOptions dump_options;
        dump_options.history = false;
        dump_options.ownership = options.ownership;  // owners and privileges are compared then
        try {
            conn.execute_script(schema::render_dump(current, dump_options));
        } catch (const Error& e) {
            throw VerificationError(
                fmt::format("the current schema could not be rebuilt from its dump: {}", e.what()));
        }
        rebuilt = schema::introspect(conn, options);
    }
    const auto& base = given ? current : rebuilt;
    Verified out;
    out.up_statements = apply(conn, plan.changes, true);
    check_up(schema::introspect(conn, options), desired);
    out.down_statements = apply(conn, plan.changes, false);
    check_down(schema::introspect(conn, options), base);
    return out;
}

}  // namespace strata::autogen
