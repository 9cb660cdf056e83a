// Configuration lookup for the CLI: environment, then .env, each value with its origin.
#include "config_lookup.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include "strata/core/dotenv.hpp"
#include "strata/core/env.hpp"

namespace strata::cli {

const std::vector<std::string_view>& known_variables() {
    static const std::vector<std::string_view> kNames = {
        "DATABASE_URL",   "DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_POOL_RECYCLE",
        "DB_POOL_TIMEOUT", "DB_ECHO",     "STRATA_LOG_LEVEL"};
    return kNames;
}

namespace {

std::filesystem::path env_file_path(const Context& ctx) {
    if (!ctx.global.env_file.empty()) return ctx.global.env_file;
    return ctx.project_dir() / ".env";
}

}  // namespace

std::optional<ConfigValue> lookup_config(const Context& ctx, std::string_view name) {
    const std::string key(name);
    if (const char* v = std::getenv(key.c_str()); v != nullptr) {
        return ConfigValue{key, v, "environment"};
    }
    const auto path = env_file_path(ctx);
    std::error_code ec;
    if (!ctx.global.env_file.empty() || std::filesystem::is_regular_file(path, ec)) {
        std::optional<ConfigValue> found;
        for (const auto& entry : load_dotenv(path)) {
            if (entry.key == name) {
                found = ConfigValue{key, entry.value, fmt::format("{}:{}", path.string(), entry.line)};
            }
        }
        if (found) return found;
    }
    return std::nullopt;
}

}  // namespace strata::cli
