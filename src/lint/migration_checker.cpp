// The migration-safety rules over parse trees (docs/lint/<rule-id>.md for each).
#include "lint/migration_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "strata/sql/parse_pieces.hpp"
#include "strata/sql/transaction_safety.hpp"

namespace strata::lint {
namespace {

constexpr std::string_view kNoTransaction =
    "in a file marked -- migrate:no-transaction (CONCURRENTLY cannot run in a transaction)";

// Functions whose value differs per row: as a new column's default they force a rewrite.
bool volatile_builtin(std::string_view name) {
    static constexpr std::string_view kVolatile[] = {
        "gen_random_uuid",  "uuid_generate_v1", "uuid_generate_v1mc",
        "uuid_generate_v4", "clock_timestamp",  "timeofday",
        "random",           "nextval",          "txid_current",
        "setseed"};
    return std::ranges::find(kVolatile, name) != std::end(kVolatile);
}

struct TypeParts {
    std::string base;
    std::vector<int> mods;
};

TypeParts split_type(std::string_view type) {
    TypeParts out;
    auto open = type.find('(');
    out.base = std::string(type.substr(0, open));
    if (open == std::string_view::npos) return out;
    std::string number;
    for (char c : type.substr(open + 1)) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            number.push_back(c);
        } else if (!number.empty()) {
            out.mods.push_back(std::stoi(number));
            number.clear();
        }
    }
    return out;
}

// True unless PostgreSQL changes old into new without rewriting the table (binary-coercible
// varchar/text changes that do not shrink, numeric precision increases at the same scale).
bool type_change_rewrites(const std::string& old_type, const std::string& new_type) {
    if (old_type == new_type) return false;
    const auto o = split_type(old_type);
    const auto n = split_type(new_type);
    const bool old_textual = o.base == "text" || o.base == "character varying";
    if (n.base == "text" && n.mods.empty()) return !old_textual;
    if (n.base == "character varying") {
        if (n.mods.empty()) return !old_textual;
        return !(o.base == "character varying" && !o.mods.empty() && n.mods[0] >= o.mods[0]);
    }
    if (n.base == "numeric" && o.base == "numeric") {
        if (n.mods.empty()) return false;
        if (o.mods.empty()) return true;
        const int old_scale = o.mods.size() > 1 ? o.mods[1] : 0;
        const int new_scale = n.mods.size() > 1 ? n.mods[1] : 0;
        return !(new_scale == old_scale && n.mods[0] >= o.mods[0]);
    }
    return true;
}

bool is_ddl(std::string_view kind) {
    static constexpr std::string_view kNotDdl[] = {
        "SelectStmt",      "InsertStmt",    "UpdateStmt",       "DeleteStmt", "VariableSetStmt",
        "TransactionStmt", "CommentStmt",   "VariableShowStmt", "CopyStmt",   "DoStmt",
        "GrantStmt",       "GrantRoleStmt", "NotifyStmt",       "ExplainStmt"};
    return std::ranges::find(kNotDdl, kind) == std::end(kNotDdl);
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

void MigrationChecker::add(std::string rule, std::string object, std::string message,
                           std::string fix) {
    findings_.push_back(
        {std::move(rule), line_, column_, std::move(object), std::move(message), std::move(fix)});
}

void MigrationChecker::access_exclusive(const std::string& table, std::string_view what) {
    if (lock_timeout_ || lock_timeout_reported_ || !state_.existing(table)) return;
    lock_timeout_reported_ = true;
    add("missing-lock-timeout", table,
        fmt::format("{} takes an ACCESS EXCLUSIVE lock on {} with no lock_timeout set: behind a "
                    "long query it blocks every read and write of the table while it waits",
                    what, table),
        "SET lock_timeout = '5s'; earlier in the migration (retry the migration when it fails)");
}

bool migration_rules_need_tree(std::string_view statement) {
    static constexpr std::string_view kUninspected[] = {"INSERT", "DELETE", "COPY",   "COMMENT",
                                                        "GRANT",  "REVOKE", "VALUES", "MERGE"};
    return std::ranges::find(kUninspected, sql::leading_keyword(statement)) ==
           std::end(kUninspected);
}

void MigrationChecker::check(const sql::ParsedStatement& statement, int line, int column) {
    line_ = line;
    column_ = column;
    const auto& kind = statement.kind;
    if (kind.empty()) return;
    const auto& body = sql::statement_body(statement.node);
    if (is_ddl(kind)) has_ddl_ = true;
    if (transactional_) {
        if (auto unsafe = sql::is_transaction_unsafe(statement.node)) {
            add("concurrent-in-transaction", "",
                fmt::format("{} cannot run inside a transaction block ({}), and this file runs "
                            "in one",
                            unsafe->statement, unsafe->reason),
                "mark the file -- migrate:no-transaction (before -- migrate:up) and keep this "
                "statement alone in it");
        }
    }
    if (kind == "CreateStmt") {
        create_table(body);
    } else if (kind == "CreateTableAsStmt") {
        const auto& into = body.value("into", nlohmann::json::object());
        state_.create_table(state_.resolve(into.value("rel", nlohmann::json::object())), {});
    } else if (kind == "IndexStmt") {
        index(body);
    } else if (kind == "DropStmt") {
        drop(body);
    } else if (kind == "AlterTableStmt") {
        alter_table(body);
    } else if (kind == "RenameStmt") {
        rename(body);
    } else if (kind == "TruncateStmt") {
        for (const auto& rel : body.value("relations", nlohmann::json::array())) {
            const auto table = state_.resolve(rel);
            if (!state_.existing(table)) continue;
            add("truncate", table, fmt::format("TRUNCATE {} deletes every row", table),
                "delete rows in batches, or make sure no deployed code still needs them");
            access_exclusive(table, "TRUNCATE");
        }
    } else if (kind == "CreateEnumStmt") {
        state_.create_enum(
            state_.resolve_type(tree_names(body.value("typeName", nlohmann::json::array()))));
    } else if (kind == "AlterEnumStmt") {
        const auto type =
            state_.resolve_type(tree_names(body.value("typeName", nlohmann::json::array())));
        if (transactional_ && body.contains("newVal") && !body.contains("oldVal") &&
            state_.existing_enum(type)) {
            add("enum-add-value-in-transaction", type,
                fmt::format("ALTER TYPE {} ADD VALUE in a transaction: the new value cannot be "
                            "used before the transaction commits",
                            type),
                "put ADD VALUE in its own migration marked -- migrate:no-transaction");
        }
    } else if (kind == "UpdateStmt") {
        const auto table = state_.resolve(body.value("relation", nlohmann::json::object()));
        if (!body.contains("whereClause") && state_.existing(table)) {
            backfills_.push_back(
                {"backfill-with-ddl", line_, column_, table,
                 fmt::format("UPDATE of every row of {} in the same transaction as DDL: the "
                             "DDL's locks are held for the whole backfill",
                             table),
                 "backfill in batches in a separate migration (or outside migrations)"});
        }
    } else if (kind == "VariableSetStmt") {
        variable_set(body);
    } else if (kind == "SelectStmt") {
        select(body);
    } else if (kind == "DoStmt") {
        do_block(body);
    } else if (kind == "CreatePolicyStmt") {
        access_exclusive(state_.resolve(body.value("table", nlohmann::json::object())),
                         "CREATE POLICY");
    }
    locking_statement(kind, body);
}

void MigrationChecker::create_table(const nlohmann::json& body) {
    TableState table;
    for (const auto& element : body.value("tableElts", nlohmann::json::array())) {
        if (!element.contains("ColumnDef")) continue;
        const auto& def = element["ColumnDef"];
        table.column_types[def.value("colname", "")] =
            tree_type(def.value("typeName", nlohmann::json::object())).value_or("");
    }
    state_.create_table(state_.resolve(body.value("relation", nlohmann::json::object())),
                        std::move(table));
}

void MigrationChecker::index(const nlohmann::json& body) {
    const auto table = state_.resolve(body.value("relation", nlohmann::json::object()));
    const auto schema = table.substr(0, table.find('.'));
    if (body.contains("idxname"))
        state_.add_index(dotted(schema, body.value("idxname", "")), table);
    if (body.value("concurrent", false) || !state_.existing(table)) return;
    add("index-not-concurrent", table,
        fmt::format("CREATE {}INDEX on existing table {} blocks writes to it until the index is "
                    "built",
                    body.value("unique", false) ? "UNIQUE " : "", table),
        fmt::format("use CREATE INDEX CONCURRENTLY {}", kNoTransaction));
}

void MigrationChecker::drop(const nlohmann::json& body) {
    const std::string type = body.value("removeType", "");
    for (const auto& object : body.value("objects", nlohmann::json::array())) {
        const auto names = tree_names(object.contains("List")
                                          ? object["List"].value("items", nlohmann::json::array())
                                          : nlohmann::json::array());
        if (names.empty()) continue;
        if (type == "OBJECT_TABLE") {
            RelationName rel{names.size() > 1 ? names[names.size() - 2] : "", names.back()};
            const auto table = state_.resolve(rel);
            if (state_.existing(table)) {
                add("drop-table", table,
                    fmt::format("DROP TABLE {}: code that is still deployed may use it", table),
                    "stop using the table in a deploy first, then drop it in a later migration");
                access_exclusive(table, "DROP TABLE");
            }
            state_.drop_table(table);
        } else if (type == "OBJECT_INDEX") {
            const auto index = state_.resolve_index(names);
            const auto table = state_.index_table(index);
            const bool new_table = table && !state_.existing(*table);
            if (!body.value("concurrent", false) && !new_table) {
                add("drop-index-not-concurrent", index,
                    fmt::format("DROP INDEX {} takes an ACCESS EXCLUSIVE lock on its table", index),
                    fmt::format("use DROP INDEX CONCURRENTLY {}", kNoTransaction));
                if (table) access_exclusive(*table, "DROP INDEX");
            }
        }
    }
}

void MigrationChecker::alter_table(const nlohmann::json& body) {
    if (body.value("objtype", "") != "OBJECT_TABLE") return;
    const auto table = state_.resolve(body.value("relation", nlohmann::json::object()));
    const bool existing = state_.existing(table);
    bool access_exclusive_lock = false;
    for (const auto& item : body.value("cmds", nlohmann::json::array())) {
        if (!item.contains("AlterTableCmd")) continue;
        const auto& cmd = item["AlterTableCmd"];
        const std::string subtype = cmd.value("subtype", "");
        const std::string name = cmd.value("name", "");
        access_exclusive_lock =
            access_exclusive_lock || alter_table_cmd_takes_access_exclusive(cmd);
        if (subtype == "AT_AddColumn") {
            add_column(table, cmd.value("def", nlohmann::json::object())
                                  .value("ColumnDef", nlohmann::json::object()));
        } else if (subtype == "AT_AddConstraint") {
            add_constraint(table, cmd.value("def", nlohmann::json::object())
                                      .value("Constraint", nlohmann::json::object()));
        } else if (subtype == "AT_AlterColumnType") {
            alter_type(table, name,
                       cmd.value("def", nlohmann::json::object())
                           .value("ColumnDef", nlohmann::json::object()));
        } else if (subtype == "AT_DropColumn") {
            if (existing) {
                add("drop-column", dotted(table, name),
                    fmt::format("DROP COLUMN {}.{}: code that is still deployed may read or "
                                "write it",
                                table, name),
                    "stop using the column in a deploy first, then drop it in a later migration");
            }
            if (auto* t = state_.table(table)) t->column_types.erase(name);
        } else if (subtype == "AT_SetNotNull") {
            auto* t = state_.table(table);
            if (existing && (t == nullptr || !t->not_null_checked.contains(name))) {
                add("set-not-null", dotted(table, name),
                    fmt::format("SET NOT NULL on {}.{} scans the whole table under an ACCESS "
                                "EXCLUSIVE lock",
                                table, name),
                    fmt::format("first ADD CONSTRAINT chk_{0}_not_null CHECK ({0} IS NOT NULL) "
                                "NOT VALID, VALIDATE it in a later migration, then SET NOT NULL "
                                "(it uses the check) and drop the check",
                                name));
            }
        } else if (subtype == "AT_ValidateConstraint") {
            auto it = not_valid_added_.find(dotted(table, name));
            if (it != not_valid_added_.end() && transactional_ && existing) {
                add(it->second, dotted(table, name),
                    fmt::format("VALIDATE CONSTRAINT {} in the same transaction that added it "
                                "NOT VALID: the ACCESS EXCLUSIVE lock of the ADD is held through "
                                "the validating scan",
                                name),
                    "VALIDATE in a later migration (or a file of its own)");
            }
            if (auto* t = state_.table(table)) {
                if (auto c = t->check_columns.find(name); c != t->check_columns.end()) {
                    t->not_null_checked.insert(c->second);
                }
            }
        }
    }
    if (access_exclusive_lock) access_exclusive(table, "ALTER TABLE");
}

void MigrationChecker::add_column(const std::string& table, const nlohmann::json& def) {
    const std::string column = def.value("colname", "");
    const auto type = tree_type(def.value("typeName", nlohmann::json::object())).value_or("");
    if (auto* t = state_.table(table)) t->column_types[column] = type;
    if (!state_.existing(table)) return;
    const std::string object = dotted(table, column);
    bool not_null = false;
    std::optional<nlohmann::json> default_expr;
    bool identity = false;
    for (const auto& c : tree_column_constraints(def)) {
        const std::string type_name = c.value("contype", "");
        if (type_name == "CONSTR_NOTNULL" || type_name == "CONSTR_PRIMARY") not_null = true;
        if (type_name == "CONSTR_DEFAULT")
            default_expr = c.value("raw_expr", nlohmann::json::object());
        if (type_name == "CONSTR_IDENTITY" || type_name == "CONSTR_GENERATED") identity = true;
        if (type_name == "CONSTR_UNIQUE" || type_name == "CONSTR_PRIMARY") {
            const bool pk = type_name == "CONSTR_PRIMARY";
            add(pk ? "pk-without-using-index" : "unique-without-using-index", object,
                fmt::format("an inline {} on the new column {} builds its index under an ACCESS "
                            "EXCLUSIVE lock",
                            pk ? "PRIMARY KEY" : "UNIQUE", object),
                "add the column plain, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... "
                "USING INDEX");
        }
    }
    const auto names = tree_names(
        def.value("typeName", nlohmann::json::object()).value("names", nlohmann::json::array()));
    const std::string raw_type = names.empty() ? "" : names.back();
    const bool serial = raw_type == "serial" || raw_type == "bigserial" ||
                        raw_type == "smallserial" || raw_type == "serial4" ||
                        raw_type == "serial8" || raw_type == "serial2";
    std::string volatile_call;
    if (default_expr) {
        for (const auto& f : tree_function_calls(*default_expr)) {
            if (volatile_builtin(f) || state_.volatile_function(f)) volatile_call = f + "()";
        }
    }
    if (serial) volatile_call = raw_type;
    if (identity) volatile_call = "an identity column";
    if (!volatile_call.empty()) {
        add("volatile-default-existing-table", object,
            fmt::format("adding {} with {} as its default rewrites the whole table under an "
                        "ACCESS EXCLUSIVE lock (a volatile default is computed per row)",
                        object, volatile_call),
            "add the column without a default (or with a constant one), set the default after, "
            "and backfill in batches");
    }
    if (not_null && !default_expr && !serial && !identity) {
        add("add-column-not-null-no-default", object,
            fmt::format("ADD COLUMN {} NOT NULL without a default fails on a table with rows",
                        object),
            "give it a DEFAULT (a constant adds no rewrite), or add it nullable, backfill, then "
            "set NOT NULL safely");
    }
}

void MigrationChecker::add_constraint(const std::string& table, const nlohmann::json& c) {
    const std::string contype = c.value("contype", "");
    const std::string name = c.value("conname", "");
    const std::string object = name.empty() ? table : dotted(table, name);
    const bool not_valid = c.value("skip_validation", false);
    if (contype == "CONSTR_CHECK") {
        if (auto* t = state_.table(table)) {
            // A named `CHECK (col IS NOT NULL)`: remember it for SET NOT NULL.
            const auto& expr = c.value("raw_expr", nlohmann::json::object());
            if (expr.contains("NullTest") &&
                expr["NullTest"].value("nulltesttype", "") == "IS_NOT_NULL") {
                auto cols = tree_names(expr["NullTest"]
                                           .value("arg", nlohmann::json::object())
                                           .value("ColumnRef", nlohmann::json::object())
                                           .value("fields", nlohmann::json::array()));
                if (!cols.empty()) {
                    t->check_columns[name] = cols.back();
                    if (!not_valid) t->not_null_checked.insert(cols.back());
                }
            }
        }
    }
    if (!state_.existing(table)) return;
    if (contype == "CONSTR_FOREIGN" || contype == "CONSTR_CHECK") {
        const bool fk = contype == "CONSTR_FOREIGN";
        const std::string rule = fk ? "fk-not-valid-missing" : "check-not-valid-missing";
        if (not_valid) {
            not_valid_added_[dotted(table, name)] = rule;
        } else {
            add(rule, object,
                fmt::format("adding {} {} validates every existing row while holding the lock",
                            fk ? "the foreign key" : "the check", object),
                fmt::format("ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT {} in a "
                            "later migration",
                            name.empty() ? "<name>" : name));
        }
    } else if ((contype == "CONSTR_UNIQUE" || contype == "CONSTR_PRIMARY") &&
               !c.contains("indexname")) {
        const bool pk = contype == "CONSTR_PRIMARY";
        add(pk ? "pk-without-using-index" : "unique-without-using-index", object,
            fmt::format("ADD {} on existing table {} builds its index under an ACCESS EXCLUSIVE "
                        "lock",
                        pk ? "PRIMARY KEY" : "UNIQUE", table),
            fmt::format("CREATE UNIQUE INDEX CONCURRENTLY first ({}), then ADD CONSTRAINT ... "
                        "{} USING INDEX",
                        kNoTransaction, pk ? "PRIMARY KEY" : "UNIQUE"));
    }
}

void MigrationChecker::alter_type(const std::string& table, const std::string& column,
                                  const nlohmann::json& def) {
    auto* t = state_.table(table);
    const auto new_type = tree_type(def.value("typeName", nlohmann::json::object()));
    std::string old_type;
    if (t != nullptr) {
        if (auto it = t->column_types.find(column); it != t->column_types.end()) {
            old_type = it->second;
        }
        if (new_type) t->column_types[column] = *new_type;
    }
    if (!state_.existing(table)) return;
    const bool using_expr = def.contains("raw_default");
    if (!using_expr && new_type && !old_type.empty() &&
        !type_change_rewrites(old_type, *new_type)) {
        return;
    }
    add("column-type-change-rewrite", dotted(table, column),
        fmt::format("changing {}.{} from {} to {} rewrites the table under an ACCESS EXCLUSIVE "
                    "lock",
                    table, column, old_type.empty() ? "its type" : old_type,
                    new_type.value_or("the new type")),
        "add a new column, backfill it in batches, switch the code, then drop the old one");
}

void MigrationChecker::rename(const nlohmann::json& body) {
    const std::string type = body.value("renameType", "");
    if (type != "OBJECT_TABLE" && type != "OBJECT_COLUMN") return;
    const auto table = state_.resolve(body.value("relation", nlohmann::json::object()));
    const bool existing = state_.existing(table);
    if (type == "OBJECT_TABLE") {
        const auto to = table.substr(0, table.find('.')) + "." + body.value("newname", "");
        if (existing) {
            add("rename-table", table,
                fmt::format("renaming {} to {} breaks the code that is still deployed", table,
                            body.value("newname", "")),
                "create a view under the old name for the transition, or rename in steps "
                "(new table, dual writes, switch, drop)");
            access_exclusive(table, "ALTER TABLE ... RENAME");
        }
        state_.rename_table(table, to);
        return;
    }
    if (body.value("relationType", "") != "OBJECT_TABLE") return;
    const std::string column = body.value("subname", "");
    if (existing) {
        add("rename-column", dotted(table, column),
            fmt::format("renaming {}.{} to {} breaks the code that is still deployed", table,
                        column, body.value("newname", "")),
            "add the new column, write both, backfill, switch reads, then drop the old one");
        access_exclusive(table, "ALTER TABLE ... RENAME COLUMN");
    }
    if (auto* t = state_.table(table)) {
        if (auto it = t->column_types.find(column); it != t->column_types.end()) {
            t->column_types[body.value("newname", "")] = it->second;
            t->column_types.erase(it);
        }
    }
}

void MigrationChecker::variable_set(const nlohmann::json& body) {
    const std::string name = body.value("name", "");
    const std::string kind = body.value("kind", "");
    const bool local = body.value("is_local", false);
    std::vector<std::string> values;
    for (const auto& arg : body.value("args", nlohmann::json::array())) {
        if (auto v = tree_constant(arg)) values.push_back(*v);
    }
    if (name == "lock_timeout") {
        lock_timeout_ = kind == "VAR_SET_VALUE" && !values.empty() && values[0] != "0" &&
                        (!local || transactional_);
    } else if (name == "search_path") {
        if (kind == "VAR_SET_VALUE" && !local) {
            search_path_change_ = RawFinding{
                "search-path-changed",
                line_,
                column_,
                "",
                "SET search_path is not reset by the end of the migration: it stays in effect "
                "for the statements strata runs after it",
                "use SET LOCAL search_path (transactional files), RESET search_path at the end, "
                "or schema-qualify the names"};
            state_.set_search_path(values);
        } else if (kind == "VAR_SET_VALUE") {
            state_.set_search_path(values);
        } else {
            search_path_change_.reset();
            state_.reset_search_path();
        }
    } else if (kind == "VAR_RESET_ALL") {
        search_path_change_.reset();
        state_.reset_search_path();
        lock_timeout_ = false;
    }
}

void MigrationChecker::select(const nlohmann::json& body) {
    tree_walk(body, [&](const nlohmann::json& node) {
        auto it = node.find("FuncCall");
        if (it == node.end()) return;
        auto names = tree_names(it->value("funcname", nlohmann::json::array()));
        if (names.empty() || names.back() != "set_config") return;
        const auto args = it->value("args", nlohmann::json::array());
        if (args.size() != 3) return;
        const auto setting = tree_constant(args[0]);
        const auto value = tree_constant(args[1]);
        const bool local = tree_constant(args[2]).value_or("false") == "true";
        if (setting == "lock_timeout") {
            lock_timeout_ = value && *value != "0" && (!local || transactional_);
        } else if (setting == "search_path" && !local) {
            search_path_change_ = RawFinding{
                "search-path-changed",
                line_,
                column_,
                "",
                "set_config('search_path', ..., false) is not reset by the end of the "
                "migration: it stays in effect for the statements strata runs after it",
                "pass true as the third argument (transaction-local), or RESET search_path at "
                "the end"};
        }
    });
}

void MigrationChecker::do_block(const nlohmann::json& body) {
    std::string code;
    for (const auto& arg : body.value("args", nlohmann::json::array())) {
        const auto& def = arg.value("DefElem", nlohmann::json::object());
        if (def.value("defname", "") == "as") {
            code = def.value("arg", nlohmann::json::object())
                       .value("String", nlohmann::json::object())
                       .value("sval", "");
        }
    }
    const std::string text = lower(code);
    static constexpr std::string_view kDdl[] = {"create ",   "alter ",   "drop ",
                                                "truncate ", "execute ", "rename "};
    for (auto word : kDdl) {
        if (text.find(word) == std::string::npos) continue;
        add("ddl-in-do-block-unchecked", "",
            fmt::format("a DO block runs '{}...' that lint cannot see into: its statements were "
                        "not checked",
                        word.substr(0, word.size() - 1)),
            "write the DDL as plain statements, or check it by hand and add "
            "-- strata:ignore ddl-in-do-block-unchecked <why>");
        return;
    }
}

void MigrationChecker::finish() {
    if (search_path_change_) findings_.push_back(*search_path_change_);
    if (transactional_ && has_ddl_) {
        for (auto& f : backfills_) findings_.push_back(std::move(f));
    }
}

}  // namespace strata::lint
