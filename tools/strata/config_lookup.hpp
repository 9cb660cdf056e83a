// Configuration values as the CLI resolves them, each with the place it came from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_context.hpp"

namespace strata::cli {

/// One configuration variable's resolved value.
struct ConfigValue {
    std::string name;    ///< e.g. DATABASE_URL
    std::string value;   ///< raw: may hold a password, print through log::redact
    std::string origin;  ///< "--url", "environment", "/path/.env:3", "default"
};

/// The variables strata reads for the main database, in display order.
[[nodiscard]] const std::vector<std::string_view>& known_variables();

/// Looks name up: the environment, then the .env file (--env-file or <project>/.env).
/// Throws ConfigError (file:line) for a malformed .env.
[[nodiscard]] std::optional<ConfigValue> lookup_config(const Context& ctx, std::string_view name);

}  // namespace strata::cli
