// Environment lookup sources and the variable names strata reads for a database.
#include "strata/core/env.hpp"

#include <cstdlib>

extern char** environ;  // POSIX; not declared by <cstdlib>

namespace strata {
namespace {

std::string upper_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (const char c : name) {
        out += c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    return out;
}

}  // namespace

EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

EnvLookup map_env(EnvMap values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

EnvMap snapshot_process_env() {
    EnvMap out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
    }
    return out;
}

std::string database_url_variable(std::string_view name) {
    if (name == kMainDatabase) return "DATABASE_URL";
    return upper_name(name) + "_DATABASE_URL";
}

std::string database_part_prefix(std::string_view env_prefix, std::string_view name) {
    std::string out = env_prefix.empty() ? std::string{} : upper_name(env_prefix) + "_";
    if (name == kMainDatabase) return out + "DATABASE__";
    return out + "DATABASES__" + upper_name(name) + "__";
}

std::string database_setting_variable(std::string_view name, std::string_view what) {
    if (name == kMainDatabase) return "DB_" + std::string(what);
    return upper_name(name) + "_DB_" + std::string(what);
}

}  // namespace strata
