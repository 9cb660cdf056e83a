// The planner: dump statements of both catalogs compared by key, changes ordered by phase and
// by the dump's dependency order, each with its inverse.
#include "strata/autogen/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "autogen/planner.hpp"
#include "strata/sql/quote.hpp"

namespace strata::autogen {
namespace detail {
namespace {

bool is_table(const schema::Catalog& cat, const std::string& key) {
    if (!key.starts_with("relation:")) return false;
    auto dotted = key.substr(9);
    for (const auto* list : {&cat.tables, &cat.foreign_tables}) {
        for (const auto& t : *list) {
            if (t.qualified() == dotted) return true;
        }
    }
    return false;
}

/// The part of a table key's statements the table diff handles itself.
bool table_part(const std::string& key, const std::set<std::string>& both_tables) {
    for (const char* prefix : {"constraint:", "policies:", "replica identity:"}) {
        std::string_view p(prefix);
        if (!key.starts_with(p)) continue;
        auto rest = key.substr(p.size());
        if (p != "constraint:") return both_tables.contains(rest);
        // "schema.table.name": the table is a prefix ending before one of the dots.
        for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.', dot + 1)) {
            if (dot > 0 && both_tables.contains(rest.substr(0, dot))) return true;
        }
        return false;
    }
    return false;
}

bool is_index(const schema::Catalog& cat, const std::string& key, const schema::Table** table) {
    if (!key.starts_with("relation:")) return false;
    for (const auto& t : cat.tables) {
        for (const auto& ix : t.indexes) {
            if (key == "relation:" + t.schema + "." + ix.name) {
                *table = &t;
                return true;
            }
        }
    }
    return false;
}

/// A foreign key (key) of a table of `from` that references another table `to` lacks too: it
/// is dropped on its own first, as the tables go in no particular order.
bool references_other_dropped(const schema::Catalog& from, const schema::Catalog& to,
                              const std::string& key) {
    if (!key.starts_with("constraint:")) return false;
    for (const auto& t : from.tables) {
        for (const auto& c : t.constraints) {
            if (c.kind != schema::ConstraintKind::foreign_key ||
                key != "constraint:" + t.qualified() + "." + c.name)
                continue;
            auto dot = c.referenced_table.find('.');
            return c.referenced_table != t.qualified() &&
                   !to.find_table(c.referenced_table.substr(0, dot),
                                  c.referenced_table.substr(dot + 1));
        }
    }
    return false;
}

std::string kind_of(const std::string& key) {
    return key.substr(0, key.find(':'));
}

/// "index app.t_a_idx", "view app.v", "function app.f(a integer)": what a key names, for people.
std::string object_name(const schema::Catalog& cat, const std::string& key) {
    auto kind = kind_of(key);
    auto rest = key.substr(kind.size() + 1);
    if (kind == "relation") {
        for (const auto& s : cat.sequences) {
            if (s.schema + "." + s.name == rest) return "sequence " + rest;
        }
        for (const auto& v : cat.views) {
            if (v.qualified() == rest)
                return (v.materialized ? "materialized view " : "view ") + rest;
        }
        if (is_table(cat, key)) return "table " + rest;
        return "index " + rest;
    }
    if (kind == "policies") return "row-level security of " + rest;
    if (kind == "owned") return "ownership of sequence " + rest;
    if (kind == "replica identity") return "replica identity of " + rest;
    return kind + " " + rest;
}

}  // namespace

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Side::Side(const schema::Catalog& c)
    : cat(&c),
      statements(schema::dump_statements(c)),
      comments(schema::comment_targets(c)),
      drops(drop_statements(c)) {
    std::size_t i = 0;
    for (const auto* s : schema::order_dump_statements(statements)) {
        by_key[s->key] = s;
        position.emplace(s->key, i++);
    }
    for (const auto* list : {&c.tables, &c.foreign_tables}) {
        for (const auto& t : *list) {
            for (const auto& k : t.constraints) {
                auto key = "constraint:" + t.qualified() + "." + k.name;
                if (!by_key.contains(key)) carrier[key] = "relation:" + t.qualified();
            }
            for (const auto& p : t.policies)
                carrier["policy:" + t.qualified() + "." + p.name] = "policies:" + t.qualified();
        }
    }
}

const std::string& Side::carrier_of(const std::string& owner_key) const {
    auto it = carrier.find(owner_key);
    return it == carrier.end() ? owner_key : it->second;
}

std::vector<std::string> Side::carried_comments(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& c : comments) {
        if (carrier_of(c.owner_key) == key)
            out.push_back(
                fmt::format("COMMENT ON {} IS {};", c.target, sql::quote_literal(c.text)));
    }
    return out;
}

std::size_t Side::position_of(const std::string& key) const {
    auto it = position.find(key);
    return it == position.end() ? 0 : it->second;
}

std::vector<std::string> Side::comments_of(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& c : comments) {
        if (c.owner_key == key)
            out.push_back(
                fmt::format("COMMENT ON {} IS {};", c.target, sql::quote_literal(c.text)));
    }
    return out;
}

Planner::Planner(const schema::Catalog& current, const schema::Catalog& desired,
                 const PlanOptions& options)
    : cur(current), des(desired), options_(options) {}

void Planner::add(Phase phase, std::size_t position, Change change) {
    if (change.object.find(':') != std::string::npos) {
        const auto& cat = des.by_key.contains(change.object) ? *des.cat : *cur.cat;
        change.object = object_name(cat, change.object);
    }
    steps_.push_back({std::move(change), phase, position, sequence_++});
}

void Planner::generic_items() {
    std::set<std::string> both_tables;
    for (const auto& t : des.cat->tables) {
        if (cur.cat->find_table(t.schema, t.name)) both_tables.insert(t.qualified());
    }
    std::set<std::string> keys;
    for (const auto& [k, _] : cur.by_key) keys.insert(k);
    for (const auto& [k, _] : des.by_key) keys.insert(k);
    for (const auto& key : keys) {
        if (table_part(key, both_tables)) continue;
        if (key.starts_with("relation:") && both_tables.contains(key.substr(9))) continue;
        auto a = cur.by_key.find(key);
        auto b = des.by_key.find(key);
        bool in_a = a != cur.by_key.end();
        bool in_b = b != des.by_key.end();
        if (in_a && in_b && a->second->sql == b->second->sql && !touched.contains(key)) continue;
        const auto* item = in_b ? b->second : a->second;
        bool dependent = item->rank > schema::kDumpRankTables;
        auto kind = kind_of(key);
        if (in_a && in_b) {
            // Present on both sides, different: altered in place where PostgreSQL can.
            if (kind == "extension") {
                const auto name = key.substr(10);
                auto find = [&](const schema::Catalog& cat) {
                    return std::ranges::find(cat.extensions, name, &schema::Extension::name);
                };
                extension_changes(*this, *find(*cur.cat), *find(*des.cat));
                continue;
            }
            if (key.starts_with("type:")) {
                const schema::EnumType* ea = nullptr;
                const schema::EnumType* eb = nullptr;
                for (const auto& e : cur.cat->enums)
                    if ("type:" + e.schema + "." + e.name == key) ea = &e;
                for (const auto& e : des.cat->enums)
                    if ("type:" + e.schema + "." + e.name == key) eb = &e;
                if (ea && eb) {
                    enum_changes(*this, *ea, *eb);
                    continue;
                }
                const schema::Domain* da = nullptr;
                const schema::Domain* db = nullptr;
                for (const auto& d : cur.cat->domains)
                    if ("type:" + d.schema + "." + d.name == key) da = &d;
                for (const auto& d : des.cat->domains)
                    if ("type:" + d.schema + "." + d.name == key) db = &d;
                if (da && db && domain_changes(*this, *da, *db)) continue;
            }
            if (kind == "function" || kind == "owned" ||
                (kind == "relation" && item->sql.starts_with("CREATE SEQUENCE"))) {
                auto alter = [&](const std::string& sql) {
                    if (kind != "relation") return sql;
                    auto s = "ALTER" + sql.substr(6);
                    s.pop_back();
                    if (!s.ends_with(" CYCLE")) s += " NO CYCLE";
                    return s + ";";
                };
                bool same_result = kind != "function";
                if (kind == "function") {
                    for (const auto& fa : cur.cat->functions) {
                        if ("function:" + fa.signature() != key) continue;
                        for (const auto& fb : des.cat->functions) {
                            if ("function:" + fb.signature() == key)
                                same_result =
                                    fa.result == fb.result && fa.procedure == fb.procedure;
                        }
                    }
                }
                if (same_result) {
                    add(Phase::create_base, des.position_of(key),
                        {key, {alter(b->second->sql)}, {alter(a->second->sql)}, Stage::main, {}});
                    touched.insert(key);
                    continue;
                }
            }
            if (!dependent) {
                // Base objects are replaced in one step: what uses them must be re-created.
                auto drop = cur.drops[key].first;
                add(Phase::create_base, des.position_of(key),
                    {key,
                     with({drop, b->second->sql}, des.carried_comments(key)),
                     with({des.drops[key].first, a->second->sql}, cur.carried_comments(key)),
                     Stage::main,
                     {}});
                touched.insert(key);
                created_keys.insert(key);
                dropped_keys.insert(key);
                continue;
            }
        }
        const schema::Table* table = nullptr;
        if (in_a) {
            const auto& [drop, parent] = cur.drops[key];
            bool implied = !parent.empty() && !des.by_key.contains(parent) &&
                           !references_other_dropped(*cur.cat, *des.cat, key);
            bool index = is_index(*cur.cat, key, &table);
            bool online = safe() && index && !implied && in_b &&
                          table->kind != schema::TableKind::partitioned &&
                          !dropped_with_column.contains(key);
            if (!online) {
                Change c{
                    key, {}, with({a->second->sql}, cur.carried_comments(key)), Stage::main, {}};
                if (!implied) c.up.push_back(drop);
                if (safe() && index && !implied && table->kind != schema::TableKind::partitioned) {
                    c.up = {"DROP INDEX CONCURRENTLY" + drop.substr(10)};
                    c.down = with({concurrently(a->second->sql)}, cur.carried_comments(key));
                    c.stage = Stage::before;
                }
                if (kind == "relation" && is_table(*cur.cat, key) && !implied)
                    c.ignores.emplace_back("drop-table", "the desired schema has no such table");
                add(dependent ? Phase::drop_dependents : Phase::drop_base, cur.position_of(key),
                    std::move(c));
                touched.insert(key);
                dropped_keys.insert(key);
            } else {
                // A changed index on a live table: the old one renamed, the new one built
                // concurrently, then the old one dropped, so queries keep an index throughout.
                auto schema = key.substr(9, key.find('.') - 9);
                auto name = key.substr(key.find('.') + 1);
                auto old_name = sql::quote_qualified(schema, name + "_strata_old");
                auto cur_name = sql::quote_qualified(schema, name);
                Change c{key,
                         {fmt::format("ALTER INDEX {} RENAME TO {};", cur_name,
                                      sql::quote_ident(name + "_strata_old")),
                          concurrently(b->second->sql),
                          fmt::format("DROP INDEX CONCURRENTLY {};", old_name)},
                         {fmt::format("ALTER INDEX {} RENAME TO {};", cur_name,
                                      sql::quote_ident(name + "_strata_old")),
                          concurrently(a->second->sql),
                          fmt::format("DROP INDEX CONCURRENTLY {};", old_name)},
                         Stage::online,
                         {}};
                c.up = with(c.up, des.carried_comments(key));
                c.down = with(c.down, cur.carried_comments(key));
                add(Phase::create_dependents, des.position_of(key), std::move(c));
                created_keys.insert(key);
                dropped_keys.insert(key);
                continue;
            }
        }
        if (in_b) {
            const auto& [drop, parent] = des.drops[key];
            bool implied = !parent.empty() && !cur.by_key.contains(parent) &&
                           !references_other_dropped(*des.cat, *cur.cat, key);
            Change c{key, with({b->second->sql}, des.carried_comments(key)), {}, Stage::main, {}};
            if (!implied) c.down.push_back(drop);
            if (safe() && !implied && is_index(*des.cat, key, &table) &&
                table->kind != schema::TableKind::partitioned) {
                c.up = with({concurrently(b->second->sql)}, des.carried_comments(key));
                c.down = {"DROP INDEX CONCURRENTLY" + drop.substr(10)};
                c.stage = Stage::online;
            }
            add(dependent ? Phase::create_dependents : Phase::create_base, des.position_of(key),
                std::move(c));
            created_keys.insert(key);
        }
    }
}

void Planner::replace_dependents() {
    // Views (and their indexes, triggers) reading something dropped, replaced or re-typed are
    // dropped before and re-created after, transitively.
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& v : cur.cat->views) {
            auto key = "relation:" + v.qualified();
            if (touched.contains(key) || !des.by_key.contains(key)) continue;
            std::vector<std::string> deps;
            if (auto it = cur.cat->dependencies.find(key); it != cur.cat->dependencies.end())
                deps = it->second;
            for (const auto& d : v.depends_on) deps.push_back("relation:" + d);
            bool hit = std::ranges::any_of(deps, [&](const std::string& d) {
                if (touched.contains(d)) return true;
                // v.depends_on names functions without arguments: any overload touched.
                return std::ranges::any_of(touched, [&](const std::string& t) {
                    return t.starts_with("function:" + d.substr(9) + "(");
                });
            });
            if (!hit) continue;
            touched.insert(key);
            for (const auto& ix : v.indexes) touched.insert("relation:" + v.schema + "." + ix.name);
            for (const auto& tr : v.triggers)
                touched.insert("trigger:" + v.qualified() + "." + tr.name);
            grew = true;
        }
    }
}

void Planner::comment_changes() {
    std::map<std::string, std::pair<const schema::CommentTarget*, const schema::CommentTarget*>>
        all;
    for (const auto& c : cur.comments) all[c.target].first = &c;
    for (const auto& c : des.comments) all[c.target].second = &c;
    for (const auto& [target, pair] : all) {
        const auto* a = pair.first;
        const auto* b = pair.second;
        if (a && b && a->text == b->text) continue;
        const auto& key = (b ? b : a)->owner_key;
        // Created or dropped with its object (or the statement that carries it): the comment
        // goes along with that statement.
        auto goes_along = [&](const Side& side, const schema::CommentTarget* c) {
            if (c == nullptr) return false;
            const auto& k = side.carrier_of(c->owner_key);
            return created_keys.contains(k) || dropped_keys.contains(k) ||
                   created_keys.contains(c->owner_key) || dropped_keys.contains(c->owner_key);
        };
        if (goes_along(cur, a) || goes_along(des, b) || skip_comments.contains(target)) continue;
        // An object on one side only carries its comment with its CREATE.
        if (!a && !cur.by_key.contains(key) && !cur.position.contains(key) &&
            !key.starts_with("policy:") && !key.starts_with("constraint:"))
            continue;
        if (!b && !des.by_key.contains(key) && !key.starts_with("policy:") &&
            !key.starts_with("constraint:"))
            continue;
        auto text = [](const schema::CommentTarget* c) {
            return c ? sql::quote_literal(c->text) : std::string("NULL");
        };
        add(Phase::comments, 0,
            {"comment on " + target,
             {fmt::format("COMMENT ON {} IS {};", target, text(b))},
             {fmt::format("COMMENT ON {} IS {};", target, text(a))},
             Stage::main,
             {}});
    }
}

void Planner::rename_candidates() {
    std::vector<std::string> dropped;
    std::vector<std::string> added;
    for (const auto& t : cur.cat->tables) {
        if (!des.cat->find_table(t.schema, t.name)) dropped.push_back(t.qualified());
    }
    for (const auto& t : des.cat->tables) {
        if (!cur.cat->find_table(t.schema, t.name)) added.push_back(t.qualified());
    }
    for (const auto& a : added) {
        for (const auto& d : dropped) {
            notes.push_back(
                fmt::format("table {} is dropped and {} created: if it is a rename, write "
                            "`-- strata:renamed-from {}` on the line before CREATE TABLE {}",
                            d, a, d, a));
        }
    }
}

Plan Planner::run() {
    // Keys replaced under foreign keys of other tables: those foreign keys are re-created too.
    for (const auto& from : cur.cat->tables) {
        const auto* to = des.cat->find_table(from.schema, from.name);
        for (const auto& c : from.constraints) {
            if (c.kind != schema::ConstraintKind::primary_key &&
                c.kind != schema::ConstraintKind::unique)
                continue;
            const schema::Constraint* same = nullptr;
            if (to) {
                for (const auto& d : to->constraints)
                    if (d.name == c.name && d.definition == c.definition) same = &d;
            }
            if (!same) touched.insert("constraint:" + from.qualified() + "." + c.name);
        }
    }
    column_dependents(*this);
    for (const auto& t : des.cat->tables) {
        if (const auto* from = cur.cat->find_table(t.schema, t.name))
            table_changes(*this, *from, t);
    }
    // Base objects replaced and columns re-typed first, so views that read them are known.
    generic_items();
    auto before = touched;
    replace_dependents();
    if (touched != before) {
        // Re-run for the views (and their parts) now touched; earlier steps stay.
        std::set<std::string> views;
        for (const auto& k : touched) {
            if (!before.contains(k)) views.insert(k);
        }
        for (const auto& key : views) {
            auto a = cur.by_key.find(key);
            auto b = des.by_key.find(key);
            if (a == cur.by_key.end() || b == des.by_key.end()) continue;
            if (created_keys.contains(key)) continue;
            // An index or trigger of a view re-created here goes and comes with its view.
            auto with_view = [&](Side& side) { return views.contains(side.drops[key].second); };
            add(Phase::drop_dependents, cur.position_of(key),
                {key,
                 with_view(cur) ? std::vector<std::string>{}
                                : std::vector<std::string>{cur.drops[key].first},
                 with({a->second->sql}, cur.comments_of(key)),
                 Stage::main,
                 {}});
            add(Phase::create_dependents, des.position_of(key),
                {key,
                 with({b->second->sql}, des.comments_of(key)),
                 with_view(des) ? std::vector<std::string>{}
                                : std::vector<std::string>{des.drops[key].first},
                 Stage::main,
                 {}});
            created_keys.insert(key);
            dropped_keys.insert(key);
        }
    }
    comment_changes();
    ownership_changes(*this);
    rename_candidates();
    auto order = [](const Step& s) {
        bool reversed = s.phase == Phase::drop_dependents || s.phase == Phase::drop_base;
        return std::tuple{
            static_cast<int>(s.change.stage), static_cast<int>(s.phase),
            reversed ? -static_cast<long long>(s.position) : static_cast<long long>(s.position),
            s.sequence};
    };
    std::ranges::sort(steps_, {}, order);
    Plan out;
    out.changes.reserve(steps_.size());
    for (auto& s : steps_) out.changes.push_back(std::move(s.change));
    out.notes = std::move(notes);
    return out;
}

std::string concurrently(const std::string& create_index) {
    auto pos = create_index.find("INDEX ");
    if (pos == std::string::npos) return create_index;
    return create_index.substr(0, pos + 6) + "CONCURRENTLY " + create_index.substr(pos + 6);
}

std::vector<std::string> split_statements(const std::string& sql) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < sql.size()) {
        auto end = sql.find(";\n\n", start);
        if (end == std::string::npos) {
            out.push_back(sql.substr(start));
            break;
        }
        out.push_back(sql.substr(start, end + 1 - start));
        start = end + 3;
    }
    return out;
}

}  // namespace detail

std::vector<std::string> Plan::up_statements() const {
    std::vector<std::string> out;
    for (const auto& c : changes) out.insert(out.end(), c.up.begin(), c.up.end());
    return out;
}

std::vector<std::string> Plan::down_statements() const {
    std::vector<std::string> out;
    for (auto it = changes.rbegin(); it != changes.rend(); ++it)
        out.insert(out.end(), it->down.begin(), it->down.end());
    return out;
}

Plan plan(const schema::Catalog& current, const schema::Catalog& desired,
          const PlanOptions& options) {
    std::vector<Change> renames;
    auto renamed = detail::apply_renames(current, options.renames, renames);
    detail::Planner planner(renamed, desired, options);
    for (auto& c : renames) planner.add(detail::Phase::renames, 0, std::move(c));
    return planner.run();
}

}  // namespace strata::autogen
