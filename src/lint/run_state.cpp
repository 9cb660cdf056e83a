// RunState: the catalog before a run plus the effects of the run's earlier statements.
#include "lint/run_state.hpp"

namespace strata::lint {
namespace {

// "CHECK ((col IS NOT NULL))" -> "col"; empty when the check is something else.
std::string not_null_check_column(std::string_view definition) {
    constexpr std::string_view kHead = "CHECK ((";
    constexpr std::string_view kTail = " IS NOT NULL))";
    if (!definition.starts_with(kHead) || !definition.ends_with(kTail)) return {};
    auto column = definition.substr(kHead.size(), definition.size() - kHead.size() - kTail.size());
    if (column.size() >= 2 && column.front() == '"' && column.back() == '"') {
        column = column.substr(1, column.size() - 2);
    }
    for (char c : column) {
        if (c == ' ' || c == '(') return {};
    }
    return std::string(column);
}

}  // namespace

RunState::RunState(const schema::Catalog& before, std::vector<std::string> search_path)
    : search_path_(std::move(search_path)), default_search_path_(search_path_) {
    for (const auto& t : before.tables) {
        TableState state;
        for (const auto& c : t.columns) state.column_types[c.name] = c.type;
        for (const auto& k : t.constraints) {
            if (k.kind != schema::ConstraintKind::check) continue;
            auto column = not_null_check_column(k.definition);
            if (column.empty()) continue;
            state.check_columns[k.name] = column;
            if (k.validated) state.not_null_checked.insert(column);
        }
        const std::string key = t.qualified();
        for (const auto& i : t.indexes) indexes_[dotted(t.schema, i.name)] = key;
        for (const auto& k : t.constraints) {
            if (k.kind == schema::ConstraintKind::primary_key ||
                k.kind == schema::ConstraintKind::unique) {
                indexes_[dotted(t.schema, k.name)] = key;
            }
        }
        tables_[key] = std::move(state);
    }
    for (const auto& v : before.views) tables_[v.qualified()] = TableState{};
    for (const auto& e : before.enums) enums_[dotted(e.schema, e.name)] = false;
    for (const auto& f : before.functions) {
        if (f.volatility == "VOLATILE") volatile_functions_.insert(f.name);
    }
}

std::string RunState::resolve(const RelationName& name) const {
    if (!name.schema.empty()) return dotted(name.schema, name.name);
    for (const auto& schema : search_path_) {
        if (tables_.contains(dotted(schema, name.name))) return dotted(schema, name.name);
    }
    return dotted(search_path_.empty() ? std::string("public") : search_path_.front(), name.name);
}

TableState* RunState::table(const std::string& key) {
    auto it = tables_.find(key);
    return it == tables_.end() ? nullptr : &it->second;
}

bool RunState::existing(const std::string& key) const {
    auto it = tables_.find(key);
    return it == tables_.end() || !it->second.is_new;
}

void RunState::create_table(const std::string& key, TableState state) {
    state.is_new = true;
    tables_[key] = std::move(state);
}

void RunState::rename_table(const std::string& from, const std::string& to) {
    auto it = tables_.find(from);
    TableState state = it == tables_.end() ? TableState{} : std::move(it->second);
    if (it != tables_.end()) tables_.erase(it);
    tables_[to] = std::move(state);
    for (auto& [index, table] : indexes_) {
        if (table == from) table = to;
    }
}

void RunState::drop_table(const std::string& key) {
    tables_.erase(key);
}

void RunState::add_index(const std::string& index_key, const std::string& table_key) {
    indexes_[index_key] = table_key;
}

std::optional<std::string> RunState::index_table(const std::string& index_key) const {
    auto it = indexes_.find(index_key);
    if (it == indexes_.end()) return std::nullopt;
    return it->second;
}

std::string RunState::resolve_index(const std::vector<std::string>& names) const {
    return resolve_name(names, [this](const std::string& key) { return indexes_.contains(key); });
}

bool RunState::existing_enum(const std::string& key) const {
    auto it = enums_.find(key);
    return it == enums_.end() || !it->second;
}

std::string RunState::resolve_type(const std::vector<std::string>& names) const {
    return resolve_name(names, [this](const std::string& key) { return enums_.contains(key); });
}

std::string RunState::resolve_name(const std::vector<std::string>& names,
                                   const std::function<bool(const std::string&)>& known) const {
    if (names.size() >= 2) return dotted(names[names.size() - 2], names.back());
    const std::string name = names.empty() ? std::string() : names.back();
    for (const auto& schema : search_path_) {
        if (known(dotted(schema, name))) return dotted(schema, name);
    }
    return dotted(search_path_.empty() ? std::string("public") : search_path_.front(), name);
}

bool RunState::volatile_function(const std::string& name) const {
    return volatile_functions_.contains(name);
}

void RunState::start_run() {
    for (auto& [key, table] : tables_) table.is_new = false;
    for (auto& [key, created] : enums_) created = false;
}

}  // namespace strata::lint
