// RunState: what lint knows about the database while walking a run of migrations: the catalog
// before the run, plus what earlier statements created, renamed and dropped.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/tree.hpp"
#include "strata/schema/catalog.hpp"

namespace strata::lint {

/// One table as the run knows it.
struct TableState {
    bool is_new = false;                              ///< created in this run
    std::map<std::string, std::string> column_types;  ///< column -> format_type
    std::set<std::string> not_null_checked;  ///< columns with a validated IS NOT NULL check
    std::map<std::string, std::string> check_columns;  ///< check name -> the column it tests
};

class RunState {
public:
    RunState(const schema::Catalog& before, std::vector<std::string> search_path);

    /// "schema.name" of a relation: qualified as written, else the first search_path schema
    /// holding such a table, else the first search_path schema (where CREATE puts it).
    [[nodiscard]] std::string resolve(const RelationName& name) const;
    [[nodiscard]] std::string resolve(const nlohmann::json& range_var) const {
        return resolve(tree_relation(range_var));
    }
    /// Known table (nullptr for one lint has never seen: treated as existing).
    [[nodiscard]] TableState* table(const std::string& key);
    /// True unless the table was created earlier in this run.
    [[nodiscard]] bool existing(const std::string& key) const;
    void create_table(const std::string& key, TableState state);
    void rename_table(const std::string& from, const std::string& to);
    void drop_table(const std::string& key);

    /// Indexes: name ("schema.index") -> table key.
    void add_index(const std::string& index_key, const std::string& table_key);
    [[nodiscard]] std::optional<std::string> index_table(const std::string& index_key) const;
    [[nodiscard]] std::string resolve_index(const std::vector<std::string>& names) const;

    /// Enum types: "schema.name" -> created in this run.
    void create_enum(const std::string& key) { enums_[key] = true; }
    [[nodiscard]] bool existing_enum(const std::string& key) const;
    [[nodiscard]] std::string resolve_type(const std::vector<std::string>& names) const;

    /// Functions declared VOLATILE in the catalog (by unqualified name).
    [[nodiscard]] bool volatile_function(const std::string& name) const;

    /// Everything created so far counts as existing from now on (a new run starts).
    void start_run();
    [[nodiscard]] const std::vector<std::string>& search_path() const { return search_path_; }
    void set_search_path(std::vector<std::string> path) { search_path_ = std::move(path); }
    void reset_search_path() { search_path_ = default_search_path_; }

private:
    /// A qualified name as written, else the first search_path schema where known(key), else
    /// the first search_path schema.
    [[nodiscard]] std::string resolve_name(
        const std::vector<std::string>& names,
        const std::function<bool(const std::string&)>& known) const;

    std::map<std::string, TableState> tables_;
    std::map<std::string, std::string> indexes_;
    std::map<std::string, bool> enums_;
    std::set<std::string> volatile_functions_;
    std::vector<std::string> search_path_;
    std::vector<std::string> default_search_path_;
};

}  // namespace strata::lint
