// A table present on both sides: its columns, constraints, policies and properties.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "autogen/planner.hpp"
#include "strata/core/quote.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen::detail {
namespace {

using schema::Column;
using schema::Constraint;
using schema::ConstraintKind;
using schema::Table;
using sql::quote_ident;

void refuse_unsupported(const Table& from, const Table& to) {
    auto check = [&](std::string_view what, const std::string& a, const std::string& b) {
        if (a == b) return;
        throw UnsupportedChange(fmt::format(
            "table {}: its {} changes ('{}' -> '{}'), which PostgreSQL cannot alter in place; "
            "write this migration by hand (re-create the table and move its rows)",
            to.qualified(), what, a, b));
    };
    check("kind", std::string(schema::to_string(from.kind)),
          std::string(schema::to_string(to.kind)));
    check("partition key", from.partition_key.value_or(""), to.partition_key.value_or(""));
    check("parent partitioned table", from.partition_of.value_or(""), to.partition_of.value_or(""));
    check("partition bound", from.partition_bound.value_or(""), to.partition_bound.value_or(""));
    check("INHERITS list", fmt::format("{}", fmt::join(from.inherits, ", ")),
          fmt::format("{}", fmt::join(to.inherits, ", ")));
    check("foreign server", from.server, to.server);
}

/// A column's storage, or its type's default when the catalog leaves it empty.
/// The clauses that turn storage options x ("key=value") into y: RESET of the keys y no longer
/// has, then SET of y's (empty when y has none). For ALTER TABLE and ALTER COLUMN alike.
std::vector<std::string> option_clauses(const std::vector<std::string>& x,
                                        const std::vector<std::string>& y) {
    std::vector<std::string> out;
    std::vector<std::string> reset;
    for (const auto& o : x) {
        auto k = o.substr(0, o.find('='));
        if (std::ranges::none_of(y, [&](const auto& n) { return n.starts_with(k + "="); }))
            reset.push_back(k);
    }
    if (!reset.empty()) out.push_back(fmt::format("RESET ({})", fmt::join(reset, ", ")));
    if (!y.empty()) out.push_back(fmt::format("SET ({})", fmt::join(y, ", ")));
    return out;
}

std::string storage_of(const Column& c) {
    if (!c.storage.empty()) return c.storage;
    static const std::set<std::string, std::less<>> plain{"smallint",
                                                          "integer",
                                                          "bigint",
                                                          "boolean",
                                                          "real",
                                                          "double precision",
                                                          "date",
                                                          "timestamp without time zone",
                                                          "timestamp with time zone",
                                                          "time without time zone",
                                                          "uuid",
                                                          "oid",
                                                          "money",
                                                          "interval"};
    if (plain.contains(c.type)) return "PLAIN";
    if (c.type.starts_with("numeric")) return "MAIN";
    return "EXTENDED";
}

class TableDiff {
public:
    TableDiff(Planner& p, const Table& from, const Table& to)
        : p_(p),
          from_(from),
          to_(to),
          on_(sql::quote_qualified(to.schema, to.name)),
          key_("relation:" + to.qualified()),
          position_(p.des.position_of(key_)) {}

    void run() {
        refuse_unsupported(from_, to_);
        columns();
        properties();
        constraints();
        policies();
    }

private:
    [[nodiscard]] std::string alter(const std::string& what) const {
        return fmt::format("ALTER TABLE {} {};", on_, what);
    }
    [[nodiscard]] std::string alter_column(const Column& c, const std::string& what) const {
        return alter(fmt::format("ALTER COLUMN {} {}", quote_ident(c.name), what));
    }
    void add(Phase phase, Change c) { p_.add(phase, position_, std::move(c)); }
    [[nodiscard]] std::string column_target(const Column& c) const {
        return "COLUMN " + on_ + "." + quote_ident(c.name);
    }
    [[nodiscard]] static std::vector<std::string> column_comment(const std::string& target,
                                                                 const Column& c) {
        if (!c.comment) return {};
        return {fmt::format("COMMENT ON {} IS {};", target, sql::quote_literal(*c.comment))};
    }
    [[nodiscard]] std::vector<std::string> add_column(const schema::Catalog& cat, const Table& t,
                                                      const Column& c) const {
        auto out = column_comment(column_target(c), c);
        out.insert(out.begin(), alter("ADD COLUMN " + schema::column_definition(cat, t, c)));
        // What CREATE TABLE cannot say either: the dump sets these after the table.
        if (c.statistics)
            out.push_back(alter_column(c, fmt::format("SET STATISTICS {}", *c.statistics)));
        if (!c.storage.empty()) out.push_back(alter_column(c, "SET STORAGE " + c.storage));
        if (!c.compression.empty())
            out.push_back(alter_column(c, "SET COMPRESSION " + c.compression));
        if (!c.options.empty())
            out.push_back(alter_column(c, fmt::format("SET ({})", fmt::join(c.options, ", "))));
        return out;
    }

    void column_order();
    void columns();
    void column(const Column& a, const Column& b);
    void properties();
    void constraints();
    void add_constraint(const Constraint& c);
    void drop_constraint(const Constraint& c);
    void policies();

    Planner& p_;
    const Table& from_;
    const Table& to_;
    std::string on_;
    std::string key_;
    std::size_t position_;
};

void TableDiff::column_order() {
    // PostgreSQL has no way to move a column: what stays keeps its place, what is added goes
    // at the end. Said when the desired table lists its columns otherwise.
    std::vector<std::string> after;
    std::vector<std::string> wanted;
    for (const auto& c : from_.columns) {
        if (!c.inherited && to_.find_column(c.name)) after.push_back(c.name);
    }
    for (const auto& c : to_.columns) {
        if (c.inherited) continue;
        wanted.push_back(c.name);
        if (!from_.find_column(c.name)) after.push_back(c.name);
    }
    if (after == wanted) return;
    p_.notes.push_back(fmt::format(
        "table {}: the desired column order ({}) differs from the one the migration leaves ({}); "
        "PostgreSQL cannot reorder columns (existing ones keep their place, added ones go at the "
        "end), so the order is left as is: re-create the table by hand if it matters",
        to_.qualified(), fmt::join(wanted, ", "), fmt::join(after, ", ")));
}

void TableDiff::columns() {
    column_order();
    for (const auto& c : to_.columns) {
        if (c.inherited) continue;
        const auto* a = from_.find_column(c.name);
        if (a) {
            column(*a, c);
            continue;
        }
        Change ch{"column " + to_.qualified() + "." + c.name,
                  add_column(*p_.des.cat, to_, c),
                  {alter("DROP COLUMN " + quote_ident(c.name))},
                  Stage::main,
                  {}};
        if (p_.safe() && c.default_expr && c.default_expr->find('(') != std::string::npos &&
            !c.not_null && c.identity.empty()) {
            // A default that calls a function would be computed for every existing row under
            // the lock: the column is added bare and the default applies to new rows only.
            auto bare = c;
            bare.default_expr.reset();
            ch.up = add_column(*p_.des.cat, to_, bare);
            ch.up.insert(ch.up.begin() + 1, alter_column(c, "SET DEFAULT " + *c.default_expr));
        }
        if (c.not_null && c.default_expr && c.default_expr->find('(') != std::string::npos) {
            ch.ignores.emplace_back("volatile-default-existing-table",
                                    "NOT NULL with a computed default: every existing row gets "
                                    "it while the table is locked");
        }
        if (c.not_null && !c.default_expr && c.identity.empty() && !c.generated) {
            ch.ignores.emplace_back("add-column-not-null-no-default",
                                    "the desired schema declares it NOT NULL without a default: "
                                    "the table must be empty or the migration edited");
        }
        p_.skip_comments.insert(column_target(c));
        add(Phase::alter_tables, std::move(ch));
    }
    for (const auto& a : from_.columns) {
        if (a.inherited || to_.find_column(a.name)) continue;
        Change ch{"column " + to_.qualified() + "." + a.name,
                  {alter("DROP COLUMN " + quote_ident(a.name))},
                  add_column(*p_.cur.cat, from_, a),
                  Stage::main,
                  {{"drop-column", "the desired schema has no such column"}}};
        p_.skip_comments.insert(column_target(a));
        p_.touched.insert(key_);
        add(Phase::alter_tables, std::move(ch));
    }
}

void TableDiff::column(const Column& a, const Column& b) {
    auto object = "column " + to_.qualified() + "." + b.name;
    if (a.generated != b.generated) {
        add(Phase::alter_tables,
            {object,
             // Re-added whole: its comment and settings go with the dropped column.
             with({alter("DROP COLUMN " + quote_ident(a.name))}, add_column(*p_.des.cat, to_, b)),
             with({alter("DROP COLUMN " + quote_ident(b.name))}, add_column(*p_.cur.cat, from_, a)),
             Stage::main,
             {{"drop-column", "a generated expression changes: the column is re-created"},
              {"volatile-default-existing-table",
               "a stored generated column is computed for every existing row under the lock"}}});
        p_.touched.insert(key_);
        p_.skip_comments.insert(column_target(b));
        return;
    }
    auto retype = [&](const Column& x, const Column& y) {
        std::vector<std::string> out;
        if (x.default_expr) out.push_back(alter_column(x, "DROP DEFAULT"));
        out.push_back(alter_column(y, fmt::format("TYPE {}{} USING {}::{}", y.type,
                                                  y.collation ? " COLLATE " + *y.collation : "",
                                                  quote_ident(y.name), y.type)));
        if (y.default_expr) out.push_back(alter_column(y, "SET DEFAULT " + *y.default_expr));
        return out;
    };
    bool typed = a.type != b.type || a.collation != b.collation;
    if (typed) {
        add(Phase::alter_tables,
            {object,
             retype(a, b),
             retype(b, a),
             Stage::main,
             {{"column-type-change-rewrite",
               fmt::format("the type changes from {} to {}: check whether it rewrites the table",
                           a.type, b.type)}}});
        p_.touched.insert(key_);
    } else if (a.default_expr != b.default_expr && a.identity.empty() && b.identity.empty()) {
        auto set = [&](const Column& c) {
            return c.default_expr ? alter_column(c, "SET DEFAULT " + *c.default_expr)
                                  : alter_column(c, "DROP DEFAULT");
        };
        add(Phase::alter_tables, {object + " default", {set(b)}, {set(a)}, Stage::main, {}});
    }
    if (a.identity != b.identity) {
        auto identity = [&](const Column& x, const Column& y) {
            if (y.identity.empty()) return alter_column(y, "DROP IDENTITY");
            auto how = y.identity == "always" ? "ALWAYS" : "BY DEFAULT";
            if (x.identity.empty())
                return alter_column(y, fmt::format("ADD GENERATED {} AS IDENTITY", how));
            return alter_column(y, fmt::format("SET GENERATED {}", how));
        };
        add(Phase::alter_tables,
            {object + " identity", {identity(a, b)}, {identity(b, a)}, Stage::main, {}});
    }
    if (a.not_null != b.not_null) {
        auto set = [&](const Column& c) {
            return alter_column(c, c.not_null ? "SET NOT NULL" : "DROP NOT NULL");
        };
        if (p_.safe() && b.not_null) {
            // SET NOT NULL through a validated check: the scan runs under a weak lock.
            // Within PostgreSQL's 63 bytes, never two columns' checks cut to one name.
            const auto check = fit_identifier(to_.name + "_" + b.name + "_not_null");
            auto add_check = alter(fmt::format("ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID",
                                               quote_ident(check), quote_ident(b.name)));
            auto drop_check = alter("DROP CONSTRAINT " + quote_ident(check));
            add(Phase::alter_tables,
                {object + " not null", {add_check}, {drop_check}, Stage::main, {}});
            add(Phase::alter_tables,
                {object + " not null",
                 {alter("VALIDATE CONSTRAINT " + quote_ident(check)), set(b), drop_check},
                 {set(a), add_check},
                 Stage::validate,
                 {}});
        } else {
            add(Phase::alter_tables, {object + " not null", {set(b)}, {set(a)}, Stage::main, {}});
        }
    }
    auto settings = [&](const Column& x) {
        std::vector<std::string> out;
        out.push_back(alter_column(x, fmt::format("SET STATISTICS {}", x.statistics.value_or(-1))));
        out.push_back(alter_column(x, "SET STORAGE " + storage_of(x)));
        out.push_back(alter_column(
            x, "SET COMPRESSION " + (x.compression.empty() ? "DEFAULT" : x.compression)));
        return out;
    };
    if (a.statistics != b.statistics || a.storage != b.storage || a.compression != b.compression) {
        add(Phase::alter_tables, {object + " storage", settings(b), settings(a), Stage::main, {}});
    }
    if (a.options != b.options) {
        auto set = [&](const Column& x, const Column& y) {
            std::vector<std::string> out;
            for (const auto& clause : option_clauses(x.options, y.options))
                out.push_back(alter_column(y, clause));
            return out;
        };
        add(Phase::alter_tables, {object + " options", set(a, b), set(b, a), Stage::main, {}});
    }
}

void TableDiff::properties() {
    auto object = "table " + to_.qualified();
    auto options = [&](const Table& x, const Table& y) {
        std::vector<std::string> out;
        for (const auto& clause : option_clauses(x.options, y.options))
            out.push_back(alter(clause));
        return out;
    };
    if (from_.options != to_.options)
        add(Phase::alter_tables,
            {object + " options", options(from_, to_), options(to_, from_), Stage::main, {}});
    if (from_.unlogged != to_.unlogged) {
        auto set = [&](const Table& x) {
            return alter(x.unlogged ? "SET UNLOGGED" : "SET LOGGED");
        };
        add(Phase::alter_tables, {object + " logging", {set(to_)}, {set(from_)}, Stage::main, {}});
    }
    if (from_.access_method != to_.access_method) {
        auto set = [&](const Table& x) {
            return alter("SET ACCESS METHOD " +
                         quote_ident(x.access_method.empty() ? "heap" : x.access_method));
        };
        add(Phase::alter_tables,
            {object + " access method", {set(to_)}, {set(from_)}, Stage::main, {}});
    }
    if (from_.rls_enabled != to_.rls_enabled) {
        auto set = [&](const Table& x) {
            return alter(x.rls_enabled ? "ENABLE ROW LEVEL SECURITY"
                                       : "DISABLE ROW LEVEL SECURITY");
        };
        add(Phase::alter_tables,
            {object + " row-level security", {set(to_)}, {set(from_)}, Stage::main, {}});
    }
    if (from_.rls_forced != to_.rls_forced) {
        auto set = [&](const Table& x) {
            return alter(x.rls_forced ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY");
        };
        add(Phase::alter_tables,
            {object + " forced row-level security", {set(to_)}, {set(from_)}, Stage::main, {}});
    }
    if (from_.replica_identity != to_.replica_identity) {
        auto set = [&](const Table& x) {
            return fmt::format("ALTER TABLE ONLY {} REPLICA IDENTITY {};", on_,
                               x.replica_identity.empty() ? "DEFAULT" : x.replica_identity);
        };
        add(Phase::create_dependents,
            {object + " replica identity", {set(to_)}, {set(from_)}, Stage::main, {}});
    }
}

void TableDiff::add_constraint(const Constraint& c) {
    auto ckey = "constraint:" + to_.qualified() + "." + c.name;
    auto name = quote_ident(c.name);
    Change ch{"constraint " + to_.qualified() + "." + c.name,
              {alter(fmt::format("ADD CONSTRAINT {} {}", name, c.definition))},
              {alter("DROP CONSTRAINT " + name)},
              Stage::main,
              {}};
    auto comments = p_.des.comments_of(ckey);
    auto position = std::max(position_, p_.des.position_of(ckey));
    bool plain_key = (c.kind == ConstraintKind::unique || c.kind == ConstraintKind::primary_key) &&
                     !c.deferrable && c.definition.find(" INCLUDE ") == std::string::npos &&
                     c.definition.find("NULLS NOT DISTINCT") == std::string::npos &&
                     c.definition.find(" WHERE ") == std::string::npos;
    if (p_.safe() && c.validated &&
        (c.kind == ConstraintKind::foreign_key || c.kind == ConstraintKind::check)) {
        // Added NOT VALID (no scan under the lock), validated in the following migration.
        ch.up = {alter(fmt::format("ADD CONSTRAINT {} {} NOT VALID", name, c.definition))};
        p_.add(Phase::create_dependents, position, std::move(ch));
        p_.add(Phase::create_dependents, position,
               {"constraint " + to_.qualified() + "." + c.name,
                with({alter("VALIDATE CONSTRAINT " + name)}, comments),
                {},
                Stage::validate,
                {}});
        return;
    }
    // A key other tables' foreign keys reference must exist within the main migration.
    bool referenced = false;
    for (const auto& t : p_.des.cat->tables) {
        for (const auto& k : t.constraints) {
            if (k.kind == ConstraintKind::foreign_key && k.referenced_table == to_.qualified())
                referenced = true;
        }
    }
    if (p_.safe() && plain_key && !referenced) {
        // The unique index built concurrently first, then the constraint takes it over.
        std::vector<std::string> cols;
        cols.reserve(c.columns.size());
        for (const auto& col : c.columns) cols.push_back(quote_ident(col));
        p_.add(Phase::create_dependents, position,
               {"index " + to_.schema + "." + c.name,
                {fmt::format("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} ({});", name, on_,
                             fmt::join(cols, ", "))},
                {fmt::format("DROP INDEX CONCURRENTLY IF EXISTS {};",
                             sql::quote_qualified(to_.schema, c.name))},
                Stage::online,
                {}});
        ch.up = with({alter(fmt::format(
                         "ADD CONSTRAINT {} {} USING INDEX {}", name,
                         c.kind == ConstraintKind::primary_key ? "PRIMARY KEY" : "UNIQUE", name))},
                     comments);
        ch.stage = Stage::validate;
        p_.add(Phase::create_dependents, position, std::move(ch));
        return;
    }
    if (p_.safe() && (c.kind == ConstraintKind::unique || c.kind == ConstraintKind::primary_key)) {
        ch.ignores.emplace_back(
            c.kind == ConstraintKind::primary_key ? "pk-without-using-index"
                                                  : "unique-without-using-index",
            referenced ? "foreign keys of other tables reference it, so its index is built in "
                         "the main migration"
                       : "its form (INCLUDE, WHERE, NULLS NOT DISTINCT or DEFERRABLE) is not "
                         "added USING INDEX: its index is built in the main migration");
    }
    ch.up = with(std::move(ch.up), comments);
    p_.add(Phase::create_dependents, position, std::move(ch));
}

void TableDiff::drop_constraint(const Constraint& c) {
    auto ckey = "constraint:" + from_.qualified() + "." + c.name;
    auto name = quote_ident(c.name);
    p_.add(Phase::drop_dependents, std::max(p_.cur.position_of(key_), p_.cur.position_of(ckey)),
           {"constraint " + from_.qualified() + "." + c.name,
            {alter("DROP CONSTRAINT " + name)},
            with({alter(fmt::format("ADD CONSTRAINT {} {}", name, c.definition))},
                 p_.cur.comments_of(ckey)),
            Stage::main,
            {}});
}

void TableDiff::constraints() {
    for (const auto& c : to_.constraints) {
        auto ckey = "constraint:" + to_.qualified() + "." + c.name;
        auto it = std::ranges::find(from_.constraints, c.name, &Constraint::name);
        bool referenced_replaced = false;
        if (c.kind == ConstraintKind::foreign_key) {
            auto prefix = "constraint:" + c.referenced_table + ".";
            referenced_replaced = std::ranges::any_of(
                p_.touched, [&](const std::string& k) { return k.starts_with(prefix); });
        }
        if (it != from_.constraints.end() && it->definition == c.definition &&
            !referenced_replaced && !p_.touched.contains(ckey))
            continue;
        if (it != from_.constraints.end()) drop_constraint(*it);
        add_constraint(c);
        p_.created_keys.insert(ckey);
        p_.dropped_keys.insert(ckey);
    }
    for (const auto& a : from_.constraints) {
        if (std::ranges::find(to_.constraints, a.name, &Constraint::name) != to_.constraints.end())
            continue;
        drop_constraint(a);
        p_.dropped_keys.insert("constraint:" + from_.qualified() + "." + a.name);
    }
}

void TableDiff::policies() {
    auto find_sql = [&](const Side& side, const schema::Policy& pol) {
        auto it = side.by_key.find("policies:" + to_.qualified());
        if (it == side.by_key.end()) return std::string();
        auto head = fmt::format("CREATE POLICY {} ON ", quote_ident(pol.name));
        for (auto& s : split_statements(it->second->sql)) {
            if (s.starts_with(head)) return s;
        }
        return std::string();
    };
    auto create = [&](const Side& side, const schema::Policy& pol) {
        return with({find_sql(side, pol)},
                    side.comments_of("policy:" + to_.qualified() + "." + pol.name));
    };
    auto drop = [&](const schema::Policy& pol) {
        return fmt::format("DROP POLICY {} ON {};", quote_ident(pol.name), on_);
    };
    auto same = [](schema::Policy x, schema::Policy y) {
        x.comment.reset();
        y.comment.reset();
        return x == y;
    };
    for (const auto& b : to_.policies) {
        auto pkey = "policy:" + to_.qualified() + "." + b.name;
        auto object = "policy " + to_.qualified() + "." + b.name;
        auto it = std::ranges::find(from_.policies, b.name, &schema::Policy::name);
        if (it != from_.policies.end() && same(*it, b) && !p_.touched.contains(pkey)) continue;
        if (it != from_.policies.end()) {
            p_.add(Phase::drop_dependents, p_.cur.position_of("policies:" + to_.qualified()),
                   {object, {drop(*it)}, create(p_.cur, *it), Stage::main, {}});
        }
        p_.add(Phase::create_dependents, p_.des.position_of("policies:" + to_.qualified()),
               {object, create(p_.des, b), {drop(b)}, Stage::main, {}});
        p_.created_keys.insert(pkey);
        p_.dropped_keys.insert(pkey);
    }
    for (const auto& a : from_.policies) {
        if (std::ranges::find(to_.policies, a.name, &schema::Policy::name) != to_.policies.end())
            continue;
        p_.add(Phase::drop_dependents, p_.cur.position_of("policies:" + to_.qualified()),
               {"policy " + to_.qualified() + "." + a.name,
                {drop(a)},
                create(p_.cur, a),
                Stage::main,
                {}});
        p_.dropped_keys.insert("policy:" + to_.qualified() + "." + a.name);
    }
}

}  // namespace

void table_changes(Planner& p, const schema::Table& from, const schema::Table& to) {
    TableDiff(p, from, to).run();
}

}  // namespace strata::autogen::detail
