// Lookup across the configuration layers, and strata.toml parsing with key and type checks.
#include "core/settings_sources.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <toml++/toml.h>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata::core_detail {
namespace {

enum class Kind { string, integer, boolean, table, string_list };

struct KeySpec {
    std::string_view name;
    Kind kind;
};

constexpr KeySpec kTopKeys[] = {
    {"environment", Kind::string}, {"env_prefix", Kind::string}, {"database", Kind::table},
    {"databases", Kind::table},    {"migrations", Kind::table},  {"seeds", Kind::table},
    {"queries", Kind::table},      {"lint", Kind::table},        {"dump", Kind::table},
    {"gen", Kind::table},
};
constexpr KeySpec kDatabaseKeys[] = {
    {"url", Kind::string},
    {"pool_size", Kind::integer},
    {"max_overflow", Kind::integer},
    {"pool_recycle", Kind::integer},
    {"pool_timeout", Kind::integer},
    {"pool_pre_ping", Kind::boolean},
    {"pool_recycle_jitter", Kind::integer},
    {"pool_idle_timeout", Kind::integer},
    {"echo", Kind::boolean},
    {"echo_params", Kind::boolean},
    {"prepare", Kind::boolean},
    {"url_env", Kind::string},
    {"host_env", Kind::string},
    {"port_env", Kind::string},
    {"user_env", Kind::string},
    {"password_env", Kind::string},
    {"dbname_env", Kind::string},
};
constexpr KeySpec kMigrationKeys[] = {
    {"dir", Kind::string},
    {"table", Kind::string},
    {"schema", Kind::string},
    {"version_format", Kind::string},
};
constexpr KeySpec kDirKeys[] = {{"dir", Kind::string}};
constexpr KeySpec kDumpKeys[] = {{"data", Kind::string_list}};
constexpr KeySpec kGenKeys[] = {
    {"out", Kind::string},
    {"snapshot", Kind::string},
    {"namespace", Kind::string},
    {"include_prefix", Kind::string},
    {"soft_delete_column", Kind::string},
    {"models_header", Kind::string},
    {"models_namespace", Kind::string},
    {"overrides", Kind::table},
};

bool gen_identifier(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '$';
    });
}

/// `typname` or `table.column` (a typname may start with `_`: an array type).
bool gen_override_key(std::string_view key) {
    const auto dot = key.find('.');
    if (dot == std::string_view::npos) return gen_identifier(key);
    return gen_identifier(key.substr(0, dot)) && gen_identifier(key.substr(dot + 1));
}

/// A C++ type as written after `AS "name: Type"`: no statement or comment can hide in it.
bool gen_cpp_type(std::string_view type) {
    if (type.empty() || type.find_first_not_of(' ') == std::string_view::npos) return false;
    return std::all_of(type.begin(), type.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == ':' || c == '<' || c == '>' || c == ',' || c == ' ' || c == '*' ||
               c == '&';
    });
}

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::string:
            return "a string";
        case Kind::integer:
            return "an integer";
        case Kind::boolean:
            return "a boolean (true or false)";
        case Kind::table:
            return "a table";
        case Kind::string_list:
            return "an array of strings";
    }
    return "?";
}

std::string_view node_kind(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a floating-point number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        default:
            return "a date or time";
    }
}

std::string lower_part(std::string_view part) {
    std::string out;
    for (const char c : part) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
}

int line_of(const toml::source_region& region) {
    return static_cast<int>(region.begin.line);
}

class TomlReader {
public:
    explicit TomlReader(std::string_view display) : display_(display) {}

    TomlFile read(std::string_view text) {
        toml::table root;
        try {
            root = toml::parse(text, display_);
        } catch (const toml::parse_error& e) {
            fail(line_of(e.source()), std::string(e.description()));
        }
        read_table(root, "", kTopKeys);
        return std::move(file_);
    }

private:
    [[noreturn]] void fail(int line, const std::string& problem) const {
        throw ConfigError(log::redact(fmt::format("{}:{}: {}", display_, line, problem)));
    }

    template <std::size_t N>
    void read_table(const toml::table& table, const std::string& prefix, const KeySpec (&spec)[N]) {
        for (const auto& [key, node] : table) {
            const std::string name(key.str());
            const std::string dotted = prefix + name;
            const KeySpec* found = nullptr;
            for (const auto& s : spec) {
                if (s.name == name) found = &s;
            }
            if (found == nullptr) {
                std::string expected;
                for (const auto& s : spec)
                    expected += (expected.empty() ? "" : ", ") + std::string(s.name);
                fail(line_of(key.source()),
                     fmt::format("unknown key \"{}\" (expected one of: {})", dotted, expected));
            }
            check_kind(node, found->kind, dotted);
            if (dotted == "database") {
                read_table(*node.as_table(), "database.", kDatabaseKeys);
            } else if (dotted == "databases") {
                read_databases(*node.as_table());
            } else if (dotted == "migrations") {
                read_table(*node.as_table(), "migrations.", kMigrationKeys);
            } else if (dotted == "lint") {
                // [lint] is read and checked by strata::lint (lint::load_config), not here.
            } else if (dotted == "seeds" || dotted == "queries") {
                read_table(*node.as_table(), dotted + ".", kDirKeys);
            } else if (dotted == "dump") {
                read_table(*node.as_table(), "dump.", kDumpKeys);
            } else if (dotted == "gen") {
                read_table(*node.as_table(), "gen.", kGenKeys);
            } else if (dotted == "gen.overrides") {
                read_gen_overrides(*node.as_table());
            } else if (found->kind == Kind::string_list) {
                store_list(dotted, *node.as_array());
            } else {
                store(dotted, node);
            }
        }
    }

    void read_gen_overrides(const toml::table& overrides) {
        for (const auto& [key, node] : overrides) {
            const std::string name(key.str());
            const int line = line_of(key.source());
            if (!gen_override_key(name)) {
                fail(line, fmt::format("gen.overrides: \"{}\" is neither a type name (int8, "
                                       "_text, an enum) nor table.column",
                                       name));
            }
            const auto* type = node.as_string();
            if (type == nullptr) {
                fail(line_of(node.source()),
                     fmt::format("gen.overrides.\"{}\" must be a string (a C++ type), got {}", name,
                                 node_kind(node)));
            }
            if (!gen_cpp_type(type->get())) {
                fail(line_of(node.source()),
                     fmt::format("gen.overrides.\"{}\": \"{}\" is not a C++ type name", name,
                                 type->get()));
            }
            file_.gen_overrides[name] = TomlValue{type->get(), line_of(node.source())};
        }
    }

    void read_databases(const toml::table& databases) {
        for (const auto& [key, node] : databases) {
            const std::string name(key.str());
            const int line = line_of(key.source());
            if (name == "main")
                fail(line, "use [database] for the main database, not [databases.main]");
            for (const char c : name) {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                    fail(line,
                         fmt::format("invalid database name \"{}\" (use a-z, 0-9, _ and -)", name));
                }
            }
            if (name.empty()) fail(line, "empty database name");
            check_kind(node, Kind::table, "databases." + name);
            file_.database_names.push_back(name);
            read_table(*node.as_table(), "databases." + name + ".", kDatabaseKeys);
        }
    }

    void check_kind(const toml::node& node, Kind kind, const std::string& dotted) const {
        const bool ok = (kind == Kind::string && node.is_string()) ||
                        (kind == Kind::integer && node.is_integer()) ||
                        (kind == Kind::boolean && node.is_boolean()) ||
                        (kind == Kind::table && node.is_table()) ||
                        (kind == Kind::string_list && node.is_array());
        if (!ok) {
            fail(line_of(node.source()),
                 fmt::format("{} must be {}, got {}", dotted, kind_name(kind), node_kind(node)));
        }
    }

    void store_list(const std::string& dotted, const toml::array& array) {
        TomlList list{{}, line_of(array.source())};
        for (const auto& item : array) {
            const auto* s = item.as_string();
            if (s == nullptr) {
                fail(line_of(item.source()), fmt::format("{} must be an array of strings, got {}",
                                                         dotted, node_kind(item)));
            }
            list.items.push_back(s->get());
        }
        file_.lists[dotted] = std::move(list);
    }

    void store(const std::string& dotted, const toml::node& node) {
        std::string text;
        if (const auto* s = node.as_string()) {
            text = s->get();
        } else if (const auto* i = node.as_integer()) {
            text = std::to_string(i->get());
        } else if (const auto* b = node.as_boolean()) {
            text = b->get() ? "true" : "false";
        }
        file_.values[dotted] = TomlValue{std::move(text), line_of(node.source())};
    }

    std::string display_;
    TomlFile file_;
};

}  // namespace

TomlFile parse_strata_toml(std::string_view text, std::string_view display) {
    return TomlReader(display).read(text);
}

std::optional<Found> Sources::find(std::string_view key,
                                   const std::vector<std::string>& vars) const {
    if (const auto it = flags.find(key); it != flags.end()) {
        const auto label = flag_labels.find(key);
        const std::string flag =
            label != flag_labels.end() ? label->second : "--" + std::string(key);
        return Found{it->second, Rank::flag, "flag " + flag, flag};
    }
    if (auto found = find_variable(vars)) return found;
    if (const auto it = toml.values.find(key); it != toml.values.end()) {
        const std::string where = fmt::format("{}:{}", toml_display, it->second.line);
        return Found{it->second.value, Rank::toml, where, where + ": " + std::string(key)};
    }
    return std::nullopt;
}

std::optional<Found> Sources::find_variable(const std::vector<std::string>& vars) const {
    for (const auto& var : vars) {
        if (const auto it = env.find(var); it != env.end()) {
            return Found{it->second, Rank::env, "env " + var, var};
        }
    }
    for (const auto& var : vars) {
        if (const auto it = dotenv.find(var); it != dotenv.end()) {
            const std::string where = fmt::format("{}:{}", dotenv_display, it->second.line);
            return Found{it->second.value, Rank::dotenv, fmt::format("{} {}", where, var),
                         fmt::format("{}: {}", where, var)};
        }
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, Found>> Sources::with_prefix(std::string_view prefix) const {
    std::map<std::string, Found> best;
    for (const auto& [var, value] : dotenv) {
        if (!var.starts_with(prefix)) continue;
        const std::string where = fmt::format("{}:{}", dotenv_display, value.line);
        best[var] = Found{value.value, Rank::dotenv, fmt::format("{} {}", where, var),
                          fmt::format("{}: {}", where, var)};
    }
    for (auto it = env.lower_bound(prefix); it != env.end() && it->first.starts_with(prefix);
         ++it) {
        best[it->first] = Found{it->second, Rank::env, "env " + it->first, it->first};
    }
    return {best.begin(), best.end()};
}

DatabaseVariables database_variables(const Sources& sources, std::string_view name,
                                     std::string_view env_prefix) {
    DatabaseVariables out;
    out.url = database_url_variable(name);
    out.part_prefix = database_part_prefix(env_prefix, name);
    const std::string key_prefix =
        name == kMainDatabase ? "database." : fmt::format("databases.{}.", name);
    auto variable = [&](std::string_view setting) -> std::optional<std::string> {
        const auto it = sources.toml.values.find(key_prefix + std::string(setting));
        if (it == sources.toml.values.end()) return std::nullopt;
        const std::string& var = it->second.value;
        const bool ok = !var.empty() && !(var[0] >= '0' && var[0] <= '9') &&
                        std::all_of(var.begin(), var.end(), [](char c) {
                            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                   (c >= '0' && c <= '9') || c == '_';
                        });
        if (!ok) {
            throw ConfigError(fmt::format(
                "{}:{}: {}{}: expected the name of an environment variable (letters, digits and "
                "_), got \"{}\"",
                sources.toml_display, it->second.line, key_prefix, setting, var));
        }
        out.settings[std::string(setting)] = {
            var, fmt::format("{}:{}", sources.toml_display, it->second.line)};
        return var;
    };
    if (auto var = variable("url_env")) out.url = *var;
    for (const auto part : kUrlParts) {
        const std::string setting = part == "NAME" ? "dbname_env" : lower_part(part) + "_env";
        if (auto var = variable(setting)) out.parts[std::string(part)] = *var;
    }
    return out;
}

}  // namespace strata::core_detail
