// PostgreSQL introspection: the pg_catalog queries' rows assembled into a Catalog.
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "schema/pg_objects.hpp"
#include "schema/pg_queries.hpp"
#include "strata/core/error.hpp"
#include "strata/schema/introspect.hpp"
#include "strata/sql/quote.hpp"

namespace strata::schema {
namespace {

using driver::Row;
using OptText = std::optional<std::string>;
using Texts = std::vector<std::string>;

bool is_system_schema(std::string_view name) {
    return name == "pg_catalog" || name == "information_schema" || name.starts_with("pg_toast") ||
           name.starts_with("pg_temp_");
}

std::string fk_action(const std::string& code) {
    switch (code.empty() ? ' ' : code[0]) {
        case 'r':
            return "RESTRICT";
        case 'c':
            return "CASCADE";
        case 'n':
            return "SET NULL";
        case 'd':
            return "SET DEFAULT";
        default:
            return "NO ACTION";
    }
}

std::string fk_match(const std::string& code) {
    if (code == "f") return "FULL";
    if (code == "p") return "PARTIAL";
    return "SIMPLE";
}

std::string policy_command(const std::string& code) {
    if (code == "r") return "SELECT";
    if (code == "a") return "INSERT";
    if (code == "w") return "UPDATE";
    if (code == "d") return "DELETE";
    return "ALL";
}

std::string volatility(const std::string& code) {
    if (code == "i") return "IMMUTABLE";
    if (code == "s") return "STABLE";
    return "VOLATILE";
}

ConstraintKind constraint_kind(const std::string& code) {
    if (code == "p") return ConstraintKind::primary_key;
    if (code == "u") return ConstraintKind::unique;
    if (code == "f") return ConstraintKind::foreign_key;
    if (code == "x") return ConstraintKind::exclusion;
    return ConstraintKind::check;
}

/// Selected namespaces: (oid, name) after the include/exclude patterns.
struct Selection {
    std::vector<std::int64_t> oids;
    std::vector<Schema> schemas;
};

Selection select_schemas(driver::Connection& conn, const IntrospectOptions& options) {
    auto rows =
        conn.query(fmt::format("SELECT n.oid::int8, n.nspname::text, (SELECT dsc.description FROM "
                               "pg_description dsc WHERE dsc.objoid = n.oid AND dsc.classoid = "
                               "'pg_namespace'::regclass AND dsc.objsubid = 0), {}, {} "
                               "FROM pg_namespace n ORDER BY n.nspname",
                               pg::owner_expr(options.ownership, "n.nspowner"),
                               pg::grants_expr(options.ownership, "n.nspacl", "n.nspowner", 'n')));
    Selection sel;
    std::vector<std::string> candidates;
    for (const auto& row : rows) {
        auto name = row.get<std::string>(1);
        if (is_system_schema(name)) continue;
        candidates.push_back(name);
        bool included = options.include_schemas.empty();
        for (const auto& p : options.include_schemas) included = included || glob_match(p, name);
        for (const auto& p : options.exclude_schemas) included = included && !glob_match(p, name);
        if (!included) continue;
        sel.oids.push_back(row.get<std::int64_t>(0));
        sel.schemas.push_back({name, row.get<OptText>(2), row.get<std::string>(3),
                               pg::parse_grants(row.get<Texts>(4))});
    }
    bool filtered = !options.include_schemas.empty() || !options.exclude_schemas.empty();
    if (sel.oids.empty() && filtered && options.require_match) {
        throw UsageError(fmt::format(
            "the schema filter (include: [{}], exclude: [{}]) matches no schema of {}; "
            "schemas there: {}",
            fmt::join(options.include_schemas, ", "), fmt::join(options.exclude_schemas, ", "),
            conn.redacted_url(),
            candidates.empty() ? "none" : fmt::format("{}", fmt::join(candidates, ", "))));
    }
    return sel;
}

void read_types(driver::Connection& conn, const IntrospectOptions& o,
                const std::vector<std::int64_t>& sel, Catalog& cat) {
    for (const auto& r : conn.query(pg::enums_sql(o.ownership), sel)) {
        cat.enums.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<Texts>(2),
                             r.get<OptText>(3), r.get<std::string>(4),
                             pg::parse_grants(r.get<Texts>(5))});
    }
    for (const auto& r : conn.query(pg::domains_sql(o.ownership), sel)) {
        Domain d{r.get<std::string>(0),
                 r.get<std::string>(1),
                 r.get<std::string>(2),
                 r.get<bool>(3),
                 r.get<OptText>(4),
                 r.get<OptText>(5),
                 {},
                 r.get<OptText>(8),
                 r.get<std::string>(9),
                 pg::parse_grants(r.get<Texts>(10))};
        auto names = r.get<Texts>(6);
        auto defs = r.get<Texts>(7);
        auto comments = r.get<Texts>(11);
        for (std::size_t i = 0; i < names.size(); ++i) {
            d.checks.push_back(
                {names[i], defs[i], comments[i].empty() ? OptText{} : OptText{comments[i]}});
        }
        cat.domains.push_back(std::move(d));
    }
    for (const auto& r : conn.query(pg::composites_sql(o.ownership), sel)) {
        CompositeType t{
            r.get<std::string>(0), r.get<std::string>(1), {},
            r.get<OptText>(5),     r.get<std::string>(6), pg::parse_grants(r.get<Texts>(7))};
        auto names = r.get<Texts>(2);
        auto types = r.get<Texts>(3);
        auto colls = r.get<Texts>(4);
        auto comments = r.get<Texts>(8);
        for (std::size_t i = 0; i < names.size(); ++i) {
            t.attributes.push_back({names[i], types[i], colls[i].empty() ? OptText{} : colls[i],
                                    comments[i].empty() ? OptText{} : comments[i]});
        }
        cat.composites.push_back(std::move(t));
    }
}

void read_sequences_and_functions(driver::Connection& conn, const IntrospectOptions& o,
                                  const std::vector<std::int64_t>& sel, Catalog& cat) {
    for (const auto& r : conn.query(pg::sequences_sql(o.ownership), sel)) {
        Sequence s;
        s.schema = r.get<std::string>(0);
        s.name = r.get<std::string>(1);
        s.type = r.get<std::string>(2);
        s.start = r.get<std::int64_t>(3);
        s.increment = r.get<std::int64_t>(4);
        s.min_value = r.get<std::int64_t>(5);
        s.max_value = r.get<std::int64_t>(6);
        s.cache = r.get<std::int64_t>(7);
        s.cycle = r.get<bool>(8);
        s.owned_by_table = r.get<OptText>(9);
        s.owned_by_column = r.get<OptText>(10);
        s.identity = r.get<bool>(11);
        s.comment = r.get<OptText>(12);
        s.owner = r.get<std::string>(13);
        s.grants = pg::parse_grants(r.get<Texts>(14));
        cat.sequences.push_back(std::move(s));
    }
    for (const auto& r : conn.query(pg::functions_sql(o.ownership), sel)) {
        Function f;
        f.schema = r.get<std::string>(0);
        f.name = r.get<std::string>(1);
        f.identity_arguments = r.get<std::string>(2);
        f.procedure = r.get<bool>(3);
        f.arguments = r.get<std::string>(4);
        f.result = r.get<std::string>(5);
        f.language = r.get<std::string>(6);
        f.volatility = volatility(r.get<std::string>(7));
        f.security_definer = r.get<bool>(8);
        f.strict = r.get<bool>(9);
        f.body = r.get<std::string>(10);
        f.definition = r.get<std::string>(11);
        f.comment = r.get<OptText>(12);
        f.owner = r.get<std::string>(13);
        f.grants = pg::parse_grants(r.get<Texts>(14));
        f.settings = r.get<Texts>(15);
        auto parallel = r.get<std::string>(16);
        f.parallel = parallel == "s" ? "SAFE" : parallel == "r" ? "RESTRICTED" : "UNSAFE";
        f.leakproof = r.get<bool>(17);
        f.cost = r.get<double>(18);
        f.rows = r.get<double>(19);
        cat.functions.push_back(std::move(f));
    }
}

/// Where the rows of one relation oid go.
struct Target {
    Table* table = nullptr;
    View* view = nullptr;
    std::vector<Column>* columns() { return table ? &table->columns : &view->columns; }
    std::vector<Index>* indexes() { return table ? &table->indexes : &view->indexes; }
    std::vector<Trigger>* triggers() { return table ? &table->triggers : &view->triggers; }
    std::vector<Rule>* rules() { return table ? &table->rules : &view->rules; }
};

void read_relations(driver::Connection& conn, const IntrospectOptions& o,
                    const std::vector<std::int64_t>& sel, const std::string& current,
                    Catalog& cat) {
    // Pointers into cat's vectors are taken after every push_back is done.
    std::vector<std::pair<std::int64_t, int>> where;  // 0 table, 1 view, 2 history, 3 foreign
    for (const auto& r : conn.query(pg::relations_sql(o.ownership), sel)) {
        auto kind = r.get<std::string>(3);
        auto schema = r.get<std::string>(1);
        auto name = r.get<std::string>(2);
        if (kind == "v" || kind == "m") {
            View v;
            v.schema = schema;
            v.name = name;
            v.materialized = kind == "m";
            v.definition = r.get<std::string>(10);
            v.options = r.get<Texts>(11);
            v.depends_on = r.get<Texts>(12);
            v.comment = r.get<OptText>(13);
            v.owner = r.get<std::string>(14);
            v.grants = pg::parse_grants(r.get<Texts>(15));
            v.access_method = r.get<OptText>(16).value_or("");
            cat.views.push_back(std::move(v));
            where.emplace_back(r.get<std::int64_t>(0), 1);
            continue;
        }
        Table t;
        t.schema = schema;
        t.name = name;
        t.kind = kind == "p"   ? TableKind::partitioned
                 : kind == "f" ? TableKind::foreign
                               : TableKind::ordinary;
        t.unlogged = r.get<bool>(4);
        t.partition_key = r.get<OptText>(5);
        t.partition_of = r.get<OptText>(6);
        t.partition_bound = r.get<OptText>(7);
        t.rls_enabled = r.get<bool>(8);
        t.rls_forced = r.get<bool>(9);
        t.comment = r.get<OptText>(13);
        t.owner = r.get<std::string>(14);
        t.grants = pg::parse_grants(r.get<Texts>(15));
        t.options = r.get<Texts>(11);  // in the order given, as pg_dump keeps it
        t.access_method = r.get<OptText>(16).value_or("");
        t.inherits = r.get<Texts>(17);
        t.replica_identity = r.get<OptText>(18).value_or("");
        t.server = r.get<OptText>(19).value_or("");
        t.foreign_options = r.get<Texts>(20);
        if (t.kind == TableKind::foreign) {
            t.replica_identity.clear();  // "NOTHING", and not settable, on every foreign table
            cat.foreign_tables.push_back(std::move(t));
            where.emplace_back(r.get<std::int64_t>(0), 3);
            continue;
        }
        bool history = !o.history_table.empty() && schema == current &&
                       (name == o.history_table || name == o.history_table + "_events");
        (history ? cat.history_tables : cat.tables).push_back(std::move(t));
        where.emplace_back(r.get<std::int64_t>(0), history ? 2 : 0);
    }
    std::unordered_map<std::int64_t, Target> by_oid;
    std::size_t counts[4] = {0, 0, 0, 0};
    std::vector<Table>* lists[4] = {&cat.tables, nullptr, &cat.history_tables, &cat.foreign_tables};
    for (auto [oid, k] : where) {
        auto i = counts[k]++;
        by_oid[oid] = k == 1 ? Target{nullptr, &cat.views[i]} : Target{&(*lists[k])[i], nullptr};
    }
    auto find = [&](const Row& r) -> Target* {
        auto it = by_oid.find(r.get<std::int64_t>(0));
        return it == by_oid.end() ? nullptr : &it->second;
    };
    for (const auto& r : conn.query(pg::columns_sql(conn.server_version(), o.ownership), sel)) {
        auto* t = find(r);
        if (!t) continue;
        auto identity = r.get<std::string>(6);
        Column c{r.get<std::string>(1),
                 r.get<std::string>(2),
                 r.get<bool>(3),
                 r.get<OptText>(4),
                 r.get<OptText>(5),
                 identity == "a"   ? "always"
                 : identity == "d" ? "by default"
                                   : "",
                 r.get<OptText>(7),
                 r.get<OptText>(8),
                 {},
                 r.get<std::string>(10),
                 r.get<std::string>(11),
                 r.get<Texts>(12),
                 r.get<bool>(13),
                 pg::parse_grants(r.get<Texts>(14)),
                 r.get<Texts>(15)};
        if (auto stats = r.get<std::optional<std::int64_t>>(9))
            c.statistics = static_cast<int>(*stats);
        t->columns()->push_back(std::move(c));
    }
    for (const auto& r : conn.query(pg::constraints_sql(), sel)) {
        auto* t = find(r);
        if (!t || !t->table) continue;
        Constraint c;
        c.name = r.get<std::string>(1);
        c.kind = constraint_kind(r.get<std::string>(2));
        c.definition = r.get<std::string>(3);
        c.columns = r.get<Texts>(4);
        if (c.kind == ConstraintKind::foreign_key) {
            c.referenced_table = r.get<std::string>(5);
            c.referenced_columns = r.get<Texts>(6);
            c.on_update = fk_action(r.get<std::string>(7));
            c.on_delete = fk_action(r.get<std::string>(8));
            c.match = fk_match(r.get<std::string>(9));
        }
        c.deferrable = r.get<bool>(10);
        c.initially_deferred = r.get<bool>(11);
        c.validated = r.get<bool>(12);
        c.comment = r.get<OptText>(13);
        t->table->constraints.push_back(std::move(c));
    }
    for (const auto& r : conn.query(pg::indexes_sql(conn.server_version()), sel)) {
        auto* t = find(r);
        if (!t) continue;
        Index ix;
        ix.name = r.get<std::string>(1);
        ix.method = r.get<std::string>(2);
        ix.definition = r.get<std::string>(3);
        ix.unique = r.get<bool>(4);
        ix.nulls_not_distinct = r.get<bool>(5);
        ix.predicate = r.get<OptText>(6);
        auto nkeys = static_cast<std::size_t>(r.get<std::int64_t>(7));
        auto all = r.get<Texts>(8);
        for (std::size_t i = 0; i < all.size(); ++i)
            (i < nkeys ? ix.keys : ix.include).push_back(all[i]);
        ix.opclasses = r.get<Texts>(9);
        ix.opclasses.resize(ix.keys.size());
        ix.comment = r.get<OptText>(10);
        t->indexes()->push_back(std::move(ix));
    }
    for (const auto& r : conn.query(pg::rules_sql(), sel)) {
        auto* t = find(r);
        if (!t) continue;
        t->rules()->push_back({r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3),
                               r.get<OptText>(4)});
    }
    for (const auto& r : conn.query(pg::triggers_sql(), sel)) {
        auto* t = find(r);
        if (!t) continue;
        t->triggers()->push_back({r.get<std::string>(1), r.get<std::string>(2),
                                  r.get<std::string>(3), r.get<std::string>(4), r.get<OptText>(5)});
    }
    for (const auto& r : conn.query(pg::policies_sql(), sel)) {
        auto* t = find(r);
        if (!t || !t->table) continue;
        t->table->policies.push_back({r.get<std::string>(1), policy_command(r.get<std::string>(2)),
                                      r.get<bool>(3), r.get<Texts>(4), r.get<OptText>(5),
                                      r.get<OptText>(6), r.get<OptText>(7)});
    }
}

void read_history(driver::Connection& conn, const std::string& table_name, Catalog& cat) {
    const Table* table = nullptr;
    for (const auto& t : cat.history_tables) {
        if (t.name == table_name) table = &t;
    }
    if (!table || !table->find_column("apply_order")) return;
    std::string select;
    for (const auto& c : table->columns) {
        select += fmt::format("{}{}::text", select.empty() ? "" : ", ", sql::quote_ident(c.name));
    }
    auto rows = conn.query(fmt::format("SELECT {} FROM {} ORDER BY apply_order, version", select,
                                       sql::quote_qualified(table->schema, table->name)));
    for (const auto& r : rows) {
        HistoryRow h;
        for (std::size_t i = 0; i < table->columns.size(); ++i) {
            h.values.emplace_back(table->columns[i].name, r.get<OptText>(i));
        }
        cat.history.push_back(std::move(h));
    }
}

Catalog read_catalog(driver::Connection& conn, const IntrospectOptions& options,
                     const std::string& current) {
    Catalog cat;
    cat.backend = "postgres";
    auto sel = select_schemas(conn, options);
    cat.schemas = std::move(sel.schemas);
    for (const auto& r : conn.query(
             "SELECT e.extname::text, n.nspname::text, e.extversion, (SELECT dsc.description FROM "
             "pg_description dsc WHERE "
             "dsc.objoid = e.oid AND dsc.classoid = 'pg_extension'::regclass AND dsc.objsubid = 0) "
             "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
             "WHERE n.oid::int8 = ANY($1)",
             sel.oids)) {
        cat.extensions.push_back({r.get<std::string>(0), r.get<std::string>(1),
                                  r.get<std::string>(2), r.get<OptText>(3)});
    }
    read_types(conn, options, sel.oids, cat);
    read_sequences_and_functions(conn, options, sel.oids, cat);
    read_relations(conn, options, sel.oids, current, cat);
    pg::read_objects(conn, options, sel.oids, cat);
    pg::read_dependencies(conn, cat);
    // Sequences behind the history tables' identity columns belong to the history tail.
    std::erase_if(cat.sequences, [&](const Sequence& s) {
        if (!s.owned_by_table) return false;
        for (const auto& h : cat.history_tables) {
            if (*s.owned_by_table == h.qualified()) return true;
        }
        return false;
    });
    cat.normalize();
    read_history(conn, options.history_table, cat);
    return cat;
}

}  // namespace

// One snapshot (REPEATABLE READ, READ ONLY) and an empty search_path, so every name the server
// renders (format_type, pg_get_expr, ...) is schema-qualified whatever the session's settings:
// the output is deterministic and loads the same way under any search_path, like pg_dump's.
Catalog introspect_postgres(driver::Connection& conn, const IntrospectOptions& options) {
    auto current = conn.query("SELECT coalesce(current_schema()::text, '')").scalar<std::string>();
    bool own = conn.transaction_state() == driver::TransactionState::idle;
    std::string old_path;
    std::string old_jit;
    if (own) {
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    } else {
        auto r = conn.query("SELECT current_setting('search_path'), current_setting('jit')");
        old_path = r.at(0).get<std::string>(0);
        old_jit = r.at(0).get<std::string>(1);
    }
    auto finish = [&](bool ok) {
        if (own) {
            conn.execute(ok ? "COMMIT" : "ROLLBACK");
        } else if (conn.transaction_state() == driver::TransactionState::in_transaction) {
            (void)conn.query(
                "SELECT set_config('search_path', $1, true), set_config('jit', $2, true)", old_path,
                old_jit);
        }
    };
    try {
        // JIT off: the dependency query is one large expression per row, whose compilation
        // alone took 6-18 s at 1,000 tables (the query runs in 0.3 s without it).
        (void)conn.query(
            "SELECT set_config('search_path', '', true), set_config('jit', 'off', true)");
        auto cat = read_catalog(conn, options, current);
        finish(true);
        return cat;
    } catch (...) {
        try {
            finish(false);
        } catch (const Error&) {  // the original error matters more
        }
        throw;
    }
}

}  // namespace strata::schema
