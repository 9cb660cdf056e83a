// .env files: KEY=value lines with quoting, comments and ${VAR} expansion.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/env.hpp"

namespace strata {

/// One assignment from a .env file; line is 1-based (the first line of a multi-line value).
struct DotenvEntry {
    std::string key;
    std::string value;
    int line = 0;
    bool operator==(const DotenvEntry&) const = default;
};

/// Parses .env text. Accepted: a leading UTF-8 byte-order mark (skipped), blank lines, `#
/// comments`, `KEY=value`, `export KEY=value`, 'single quoted' (literal), "double quoted" (escapes
/// \n \t \r \" \\ \$, ${VAR} expansion; may span lines), unquoted values (trimmed; ` # comment` at
/// the end is dropped; ${VAR} expansion). ${VAR} and ${VAR:-default} expand from earlier keys of
/// the file, then from fallback (the process environment by default); an unknown variable expands
/// to "". A later assignment of a key replaces the earlier one in the result. Throws ConfigError
/// "<origin>:<line>: <problem>" on a malformed line; values are never echoed. Thread-safe.
[[nodiscard]] std::vector<DotenvEntry> parse_dotenv(std::string_view text, std::string_view origin,
                                                    const EnvLookup& fallback = process_env());

/// Reads and parses a .env file; origin in messages is path as given. ConfigError if unreadable.
[[nodiscard]] std::vector<DotenvEntry> load_dotenv(const std::filesystem::path& path,
                                                   const EnvLookup& fallback = process_env());

}  // namespace strata
