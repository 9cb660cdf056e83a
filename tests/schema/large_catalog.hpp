// A generated catalogue the size of a big application's (1,380 tables by default), shaped like
// the ones that broke the docs: a hub table referenced by hundreds, one giant connected
// component, many small ones, tables without relationships, wide tables, views, types,
// functions, triggers and policies. Shared by the docs scale tests and bench/docs_bench.
#pragma once

#include <fmt/format.h>

#include <string>

#include "strata/schema/catalog.hpp"

namespace strata::schema::test {

inline Column large_column(std::string name, std::string type, bool not_null = false) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.not_null = not_null;
    return c;
}

inline void large_fk(Table& t, const std::string& column, const std::string& parent,
                     bool not_null) {
    t.columns.push_back(large_column(column, "bigint", not_null));
    Constraint fk;
    fk.name = t.name + "_" + column + "_fkey";
    fk.kind = ConstraintKind::foreign_key;
    fk.columns = {column};
    fk.referenced_table = parent;
    fk.referenced_columns = {"id"};
    fk.definition = fmt::format("FOREIGN KEY ({}) REFERENCES {}(id)", column, parent);
    t.constraints.push_back(std::move(fk));
}

/// tables in three schemas: app (70%: every table references the hub app.accounts, and
/// each its predecessor, so one component), billing (20%: chains of five, every eleventh alone)
/// and audit (10%: no relationships).
inline Catalog large_catalog(int tables = 1380) {
    static const char* const kTypes[] = {"text",    "integer",     "bigint", "numeric(12,2)",
                                         "boolean", "timestamptz", "jsonb",  "text[]"};
    Catalog cat;
    for (const char* s : {"app", "audit", "billing"}) cat.schemas.push_back({s, {}, {}, {}});
    const int app = tables * 7 / 10;
    const int billing = tables * 2 / 10;
    for (int i = 0; i < tables; ++i) {
        Table t;
        t.schema = i < app ? "app" : i < app + billing ? "billing" : "audit";
        t.name = i == 0 ? "accounts" : fmt::format("entity_{:04}_records", i);
        t.columns.push_back(large_column("id", "bigint", true));
        Constraint pk;
        pk.name = t.name + "_pkey";
        pk.kind = ConstraintKind::primary_key;
        pk.columns = {"id"};
        pk.definition = "PRIMARY KEY (id)";
        t.constraints.push_back(std::move(pk));
        const int width = 4 + (i * 7) % 27 + (i % 97 == 0 ? 60 : 0);
        for (int c = 0; c < width; ++c) {
            t.columns.push_back(large_column(fmt::format("attribute_{}_{}", c, i % 13),
                                             kTypes[(i + c) % 8], c % 3 == 0));
        }
        auto name_of = [&](int k) {
            return k == 0 ? std::string("app.accounts")
                          : fmt::format("{}.entity_{:04}_records",
                                        k < app             ? "app"
                                        : k < app + billing ? "billing"
                                                            : "audit",
                                        k);
        };
        if (i > 0 && i < app) {
            large_fk(t, "account_id", "app.accounts", true);
            if (i > 1) large_fk(t, "previous_id", name_of(i - 1), false);
        } else if (i >= app && i < app + billing) {
            const int k = i - app;
            if (k % 5 != 0 && k % 11 != 0 && (k - 1) % 11 != 0)
                large_fk(t, "parent_id", name_of(i - 1), true);
        }
        if (i % 10 == 0) {
            Trigger tr;
            tr.name = t.name + "_touch";
            tr.function = "app.touch_" + std::to_string(i % 30);
            tr.definition = fmt::format(
                "CREATE TRIGGER {} BEFORE UPDATE ON {}.{} FOR EACH ROW EXECUTE FUNCTION {}()",
                tr.name, t.schema, t.name, tr.function);
            t.triggers.push_back(std::move(tr));
        }
        if (i % 15 == 0) {
            t.rls_enabled = true;
            Policy p;
            p.name = t.name + "_tenant";
            p.roles = {"public"};
            p.using_expr = "(org_id = current_setting('app.org')::bigint)";
            t.policies.push_back(std::move(p));
        }
        if (i % 20 == 0) {
            View v;
            v.schema = t.schema;
            v.name = t.name + "_view";
            v.materialized = i % 40 == 0;
            v.definition = fmt::format(" SELECT id FROM {}.{};", t.schema, t.name);
            v.columns.push_back(large_column("id", "bigint"));
            v.depends_on = {t.qualified()};
            cat.views.push_back(std::move(v));
        }
        cat.tables.push_back(std::move(t));
    }
    for (int f = 0; f < 30; ++f) {
        Function fn;
        fn.schema = "app";
        fn.name = "touch_" + std::to_string(f);
        fn.result = "trigger";
        fn.language = "plpgsql";
        fn.body = "BEGIN NEW.updated_at := now(); RETURN NEW; END";
        fn.definition = fmt::format(
            "CREATE OR REPLACE FUNCTION app.{}()\n RETURNS trigger\n LANGUAGE plpgsql\nAS "
            "$function$BEGIN NEW.updated_at := now(); RETURN NEW; END$function$\n",
            fn.name);
        cat.functions.push_back(std::move(fn));
    }
    for (int e = 0; e < 20; ++e)
        cat.enums.push_back(
            {"app", fmt::format("status_{}", e), {"new", "active", "gone"}, {}, {}, {}});
    Domain d;
    d.schema = "billing";
    d.name = "money_amount";
    d.base_type = "numeric(12,2)";
    d.checks = {{"money_amount_check", "CHECK ((VALUE >= (0)::numeric))", std::nullopt}};
    cat.domains.push_back(d);
    cat.normalize();
    return cat;
}

}  // namespace strata::schema::test
