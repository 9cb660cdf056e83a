// The one place Database reaches the embedded default: the environment first, then the hook.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace strata::session {

/// The URL of the embedded default for database `name` with no URL configured: loads the
/// project's configuration and refuses in production (ConfigError naming every place it looked
/// in and the look-alike variables), refuses when no hook is installed (ConfigError, same
/// places), else calls the hook and logs one info line saying what is used.
[[nodiscard]] std::string embedded_default_url(std::string_view name,
                                               const std::filesystem::path& project_dir);

}  // namespace strata::session
