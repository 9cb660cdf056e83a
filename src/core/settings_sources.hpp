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
    /// The environment and .env variables starting with prefix, each layer's best value.
    [[nodiscard]] std::vector<std::pair<std::string, Found>> with_prefix(
        std::string_view prefix) const;
};

}  // namespace strata::core_detail
