// Types altered in place: enum labels (ADD VALUE in its own non-transactional step when values
// are only added, the re-create sequence otherwise) and domains (default, NOT NULL, checks).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

bool only_added(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    std::size_t i = 0;
    for (const auto& label : to) {
        if (i < from.size() && from[i] == label) ++i;
    }
    return i == from.size();
}

/// True when a column's format_type text names the enum (or an array of it).
bool uses(const std::string& type, const schema::EnumType& e, bool* array) {
    std::string base = type;
    *array = false;
    while (base.ends_with("[]")) {
        base.resize(base.size() - 2);
        *array = true;
    }
    return base == e.name || base == sql::quote_ident(e.name) || base == e.schema + "." + e.name ||
           base == sql::quote_qualified(e.schema, e.name);
}

/// The views of cat that read (directly or through other views) a table with a column of e,
/// in cat's dump order.
std::vector<const schema::View*> views_over(const Side& side, const schema::EnumType& e) {
    std::set<std::string> hit;
    for (const auto& t : side.cat->tables) {
        for (const auto& c : t.columns) {
            bool array = false;
            if (uses(c.type, e, &array)) hit.insert("relation:" + t.qualified());
        }
    }
    std::vector<const schema::View*> out;
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& v : side.cat->views) {
            auto key = "relation:" + v.qualified();
            if (hit.contains(key)) continue;
            auto deps = v.depends_on;
            for (auto& d : deps) d.insert(0, "relation:");
            if (auto it = side.cat->dependencies.find(key); it != side.cat->dependencies.end())
                deps.insert(deps.end(), it->second.begin(), it->second.end());
            if (std::ranges::none_of(deps, [&](const auto& d) { return hit.contains(d); }))
                continue;
            hit.insert(key);
            out.push_back(&v);
            grew = true;
        }
    }
    std::ranges::sort(out, {}, [&](const schema::View* v) {
        return side.position_of("relation:" + v->qualified());
    });
    return out;
}

std::vector<std::string> recreate(const schema::Catalog& columns_from, const schema::EnumType& e,
                                  const std::vector<std::string>& labels) {
    auto name = sql::quote_qualified(e.schema, e.name);
    auto old_name = e.name + "_strata_old";
    std::vector<std::string> quoted;
    quoted.reserve(labels.size());
    for (const auto& l : labels) quoted.push_back(sql::quote_literal(l));
    std::vector<std::string> out{
        fmt::format("ALTER TYPE {} RENAME TO {};", name, sql::quote_ident(old_name)),
        fmt::format("CREATE TYPE {} AS ENUM ({});", name, fmt::join(quoted, ", "))};
    for (const auto& t : columns_from.tables) {
        auto on = sql::quote_qualified(t.schema, t.name);
        for (const auto& c : t.columns) {
            bool array = false;
            if (c.inherited || !uses(c.type, e, &array)) continue;
            auto col = sql::quote_ident(c.name);
            if (c.default_expr)
                out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", on, col));
            out.push_back(fmt::format(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {}{} USING {}::text{}::{}{};", on, col, name,
                array ? "[]" : "", col, array ? "[]" : "", name, array ? "[]" : ""));
            if (c.default_expr) {
                out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {};", on, col,
                                          *c.default_expr));
            }
        }
    }
    out.push_back(fmt::format("DROP TYPE {};", sql::quote_qualified(e.schema, old_name)));
    return out;
}

/// What a re-created type must get back: its comment, owner and privileges as side has them.
std::vector<std::string> enum_extras(const Side& side, const std::string& key) {
    auto out = side.comments_of(key);
    for (const auto& t : schema::ownership_targets(*side.cat)) {
        if (t.key != key) continue;
        for (auto& statement : schema::ownership_statements(t)) out.push_back(std::move(statement));
    }
    return out;
}

}  // namespace

void enum_changes(Planner& p, const schema::EnumType& from, const schema::EnumType& to) {
    auto key = "type:" + to.schema + "." + to.name;
    auto name = sql::quote_qualified(to.schema, to.name);
    auto object = "enum " + to.schema + "." + to.name;
    auto position = p.des.position_of(key);
    if (only_added(from.labels, to.labels)) {
        std::vector<std::string> up;
        for (std::size_t i = 0; i < to.labels.size(); ++i) {
            if (std::ranges::find(from.labels, to.labels[i]) != from.labels.end()) continue;
            // Placed before the next existing label, or after the previous one.
            std::string where;
            for (auto j = i + 1; j < to.labels.size() && where.empty(); ++j) {
                if (std::ranges::find(from.labels, to.labels[j]) != from.labels.end())
                    where = " BEFORE " + sql::quote_literal(to.labels[j]);
            }
            if (where.empty() && i > 0) where = " AFTER " + sql::quote_literal(to.labels[i - 1]);
            up.push_back(fmt::format("ALTER TYPE {} ADD VALUE {}{};", name,
                                     sql::quote_literal(to.labels[i]), where));
        }
        // The down re-creates the type at the very end of the rollback: the views over its
        // columns (as current has them) are dropped and re-created around it.
        auto views = views_over(p.cur, from);
        std::vector<std::string> down;
        for (auto it = views.rbegin(); it != views.rend(); ++it)
            down.push_back(p.cur.drops.at("relation:" + (*it)->qualified()).first);
        auto body = recreate(*p.cur.cat, from, from.labels);
        down.insert(down.end(), body.begin(), body.end());
        for (auto& extra : enum_extras(p.cur, key)) down.push_back(std::move(extra));
        for (const auto* v : views) {
            auto view_key = "relation:" + v->qualified();
            down.push_back(p.cur.by_key.at(view_key)->sql);
            for (const auto& c : p.cur.comments_of(view_key)) down.push_back(c);
        }
        p.add(Phase::create_base, position,
              {object, std::move(up), std::move(down), Stage::before, {}});
        p.notes.push_back(fmt::format(
            "{}: values are added with ALTER TYPE ... ADD VALUE (no transaction); the down "
            "removes them with the re-create sequence (rename, create, convert columns, drop)",
            object));
        return;
    }
    p.touched.insert(key);
    for (const auto& t : p.cur.cat->tables) {
        for (const auto& c : t.columns) {
            bool array = false;
            if (uses(c.type, from, &array)) p.touched.insert("relation:" + t.qualified());
        }
    }
    p.add(Phase::create_base, position,
          {object,
           with(recreate(*p.cur.cat, to, to.labels), enum_extras(p.des, key)),
           with(recreate(*p.cur.cat, from, from.labels), enum_extras(p.cur, key)),
           Stage::main,
           {{"column-type-change-rewrite",
             "the enum is re-created: its columns are converted to the new type, which "
             "rewrites their tables"}}});
    p.notes.push_back(fmt::format(
        "{}: PostgreSQL cannot remove or reorder enum values in place: the type is re-created "
        "(renamed, created anew, columns converted through text, old type dropped)",
        object));
}

bool domain_changes(Planner& p, const schema::Domain& from, const schema::Domain& to) {
    if (from.base_type != to.base_type || from.collation != to.collation) return false;
    auto name = sql::quote_qualified(to.schema, to.name);
    auto object = "domain " + to.schema + "." + to.name;
    auto position = p.des.position_of("type:" + to.schema + "." + to.name);
    auto alter = [&](const std::string& what) {
        return fmt::format("ALTER DOMAIN {} {};", name, what);
    };
    auto set_default = [&](const schema::Domain& d) {
        return d.default_expr ? alter("SET DEFAULT " + *d.default_expr) : alter("DROP DEFAULT");
    };
    if (from.default_expr != to.default_expr)
        p.add(Phase::create_base, position,
              {object + " default", {set_default(to)}, {set_default(from)}, Stage::main, {}});
    if (from.not_null != to.not_null) {
        auto set = [&](const schema::Domain& d) {
            return alter(d.not_null ? "SET NOT NULL" : "DROP NOT NULL");
        };
        p.add(Phase::create_base, position,
              {object + " not null", {set(to)}, {set(from)}, Stage::main, {}});
    }
    auto add_check = [&](const schema::Check& c) {
        std::vector<std::string> out{
            alter(fmt::format("ADD CONSTRAINT {} {}", sql::quote_ident(c.name), c.expression))};
        if (c.comment) {
            out.push_back(fmt::format("COMMENT ON CONSTRAINT {} ON DOMAIN {} IS {};",
                                      sql::quote_ident(c.name), name,
                                      sql::quote_literal(*c.comment)));
        }
        return out;
    };
    auto drop_check = [&](const schema::Check& c) {
        return alter("DROP CONSTRAINT " + sql::quote_ident(c.name));
    };
    for (const auto& c : from.checks) {
        auto it = std::ranges::find(to.checks, c.name, &schema::Check::name);
        if (it != to.checks.end() && it->expression == c.expression) continue;
        p.skip_comments.insert(
            fmt::format("CONSTRAINT {} ON DOMAIN {}", sql::quote_ident(c.name), name));
        p.add(Phase::drop_dependents, p.cur.position_of("type:" + from.schema + "." + from.name),
              {object + " check " + c.name, {drop_check(c)}, add_check(c), Stage::main, {}});
    }
    for (const auto& c : to.checks) {
        auto it = std::ranges::find(from.checks, c.name, &schema::Check::name);
        if (it != from.checks.end() && it->expression == c.expression) continue;
        p.skip_comments.insert(
            fmt::format("CONSTRAINT {} ON DOMAIN {}", sql::quote_ident(c.name), name));
        p.add(Phase::create_dependents, position,
              {object + " check " + c.name, add_check(c), {drop_check(c)}, Stage::main, {}});
    }
    return true;
}

}  // namespace strata::autogen::detail
