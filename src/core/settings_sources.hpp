// The four configuration layers (flags, environment, .env, strata.toml) and lookup by precedence.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/env.hpp"

namespace strata::core_detail {

/// Higher wins.
enum class Rank { default_value = 0, toml = 1, dotenv = 2, env = 3, flag = 4 };

/// A value found in one layer.
struct Found {
    std::string value;
    Rank rank = Rank::default_value;
    std::string source;  ///< for `config show`: "env DATABASE_URL", ".env:3", "strata.toml:7"
    std::string origin;  ///< for errors: "DATABASE_URL", ".env:3: DATABASE_URL", "--url"
};

/// A strata.toml scalar, converted to text, with its line.
struct TomlValue {
    std::string value;
    int line = 0;
};

/// A strata.toml array of strings, with its line.
struct TomlList {
    std::vector<std::string> items;
    int line = 0;
};

struct TomlFile {
    std::map<std::string, TomlValue, std::less<>> values;  ///< dotted key -> value
    std::map<std::string, TomlList, std::less<>> lists;    ///< dotted key -> array of strings
    std::vector<std::string> database_names;               ///< from [databases.<name>]
    std::map<std::string, TomlValue, std::less<>> gen_overrides;  ///< [gen.overrides]
};

/// Parses strata.toml text, checking every key and type; display names the file in errors.
[[nodiscard]] TomlFile parse_strata_toml(std::string_view text, std::string_view display);

struct DotenvValue {
    std::string value;
    int line = 0;
};

/// The layers, read once by Settings::load. Immutable afterwards.
class Sources {
public:
    std::map<std::string, std::string, std::less<>> flags;        ///< canonical key -> value
    std::map<std::string, std::string, std::less<>> flag_labels;  ///< canonical key -> "--url"
    EnvMap env;
    std::map<std::string, DotenvValue, std::less<>> dotenv;
    std::string dotenv_display = ".env";
    TomlFile toml;
    std::string toml_display = "strata.toml";

    /// The highest-ranked value for key (flags and strata.toml) or one of vars (environment and
    /// .env, earlier names first within a layer).
    [[nodiscard]] std::optional<Found> find(std::string_view key,
                                            const std::vector<std::string>& vars) const;
    /// The value of the first of vars found in the environment, else in .env.
    [[nodiscard]] std::optional<Found> find_variable(const std::vector<std::string>& vars) const;
    /// The environment and .env variables starting with prefix, each layer's best value.
    [[nodiscard]] std::vector<std::pair<std::string, Found>> with_prefix(
        std::string_view prefix) const;
};

/// The part variables a database's URL can be put together from, by part.
inline constexpr std::string_view kUrlParts[] = {"HOST", "PORT", "NAME", "USER", "PASSWORD"};

/// The variables strata reads for one database's URL: the URL variable (DATABASE_URL,
/// ANALYTICS_DATABASE_URL, or strata.toml's `url_env`), the prefix of the part variables
/// (<PREFIX>_DATABASE__) and the parts a team named itself (`host_env = "SUPABASE_DB_HOST"`:
/// "HOST" -> "SUPABASE_DB_HOST"), which replace the prefix's variable of that part.
struct DatabaseVariables {
    std::string url;
    std::string part_prefix;
    std::map<std::string, std::string, std::less<>> parts;
    /// The `*_env` settings of strata.toml, by key ("url_env"): the variable and where it was
    /// written ("strata.toml:4").
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> settings;
};

/// The variables for database `name`. Throws ConfigError naming strata.toml's line when a
/// `*_env` setting is not a variable name.
[[nodiscard]] DatabaseVariables database_variables(const Sources& sources, std::string_view name,
                                                   std::string_view env_prefix);

}  // namespace strata::core_detail
