// Where a database URL was looked for, and look-alike variables strata does not read.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "core/settings_sources.hpp"
#include "strata/core/error.hpp"
#include "strata/core/settings.hpp"

namespace strata {
namespace {

std::vector<std::string> split_words(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : name) {
        if (c == '_') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

/// A variable a person may have meant as a database setting: a database word (DB, DATABASE,
/// POSTGRES, PG, SUPABASE, ...) and a connection word last (URL, HOST, PASSWORD, ...), or one of
/// libpq's own connection variables.
bool looks_like_database_variable(std::string_view var) {
    static const std::set<std::string, std::less<>> kLibpq{
        "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGSERVICE"};
    if (kLibpq.contains(var)) return true;
    static const std::set<std::string, std::less<>> kDatabaseWords{
        "DB", "DATABASE", "POSTGRES", "POSTGRESQL", "PG", "PSQL", "SUPABASE", "NEON", "RDS"};
    static const std::set<std::string, std::less<>> kConnectionWords{
        "URL",  "URI",  "DSN",      "HOST",     "HOSTNAME", "PORT",
        "NAME", "USER", "USERNAME", "PASSWORD", "STRING",   "CONNECTION"};
    const auto words = split_words(var);
    if (words.size() < 2 || !kConnectionWords.contains(words.back())) return false;
    return std::any_of(words.begin(), words.end() - 1,
                       [](const std::string& w) { return kDatabaseWords.contains(w); });
}

}  // namespace

std::vector<std::string> Settings::database_url_places(std::string_view name) const {
    const auto vars = core_detail::database_variables(*sources_, name, env_prefix_);
    const std::string key =
        name == kMainDatabase ? "database.url" : fmt::format("databases.{}.url", name);
    std::vector<std::string> places;
    if (name == kMainDatabase) places.emplace_back("the --url flag");
    places.push_back(fmt::format("{} (environment and .env)", vars.url));
    std::vector<std::string> parts{vars.part_prefix + "URL"};
    for (const auto part : core_detail::kUrlParts) {
        const auto own = vars.parts.find(part);
        parts.push_back(own != vars.parts.end() ? own->second
                                                : vars.part_prefix + std::string(part));
    }
    places.push_back(fmt::format("{} (environment and .env)", fmt::join(parts, ", ")));
    places.push_back(env_file_
                         ? fmt::format(".env file {}", env_file_->string())
                         : fmt::format(".env file (none at {})", (project_dir_ / ".env").string()));
    places.push_back(config_file_ ? fmt::format("{} in {}", key, config_file_->string())
                                  : fmt::format("{} in strata.toml (none at {})", key,
                                                (project_dir_ / "strata.toml").string()));
    return places;
}

std::vector<std::string> Settings::database_look_alikes(std::string_view name) const {
    // The variables of every database strata knows (a team's url_env/host_env included).
    std::vector<core_detail::DatabaseVariables> known;
    known.reserve(database_names_.size() + 1);
    for (const auto& each : database_names_) {
        known.push_back(core_detail::database_variables(*sources_, each, env_prefix_));
    }
    if (std::find(database_names_.begin(), database_names_.end(), name) == database_names_.end()) {
        known.push_back(core_detail::database_variables(*sources_, name, env_prefix_));
    }
    auto read_by_strata = [&](const std::string& var) {
        if (var.starts_with("STRATA_")) return true;
        if (var.find("DATABASES__") != std::string::npos) return true;  // a named database's part
        return std::any_of(known.begin(), known.end(), [&](const auto& vars) {
            return var == vars.url || var.starts_with(vars.part_prefix) ||
                   std::any_of(vars.parts.begin(), vars.parts.end(),
                               [&](const auto& part) { return part.second == var; });
        });
    };
    std::vector<std::string> found;
    for (const auto& [var, value] : sources_->env) {
        if (looks_like_database_variable(var) && !read_by_strata(var)) {
            found.push_back(fmt::format("{} (environment)", var));
        }
    }
    for (const auto& [var, value] : sources_->dotenv) {
        if (looks_like_database_variable(var) && !read_by_strata(var)) {
            found.push_back(fmt::format("{} ({}:{})", var, sources_->dotenv_display, value.line));
        }
    }
    return found;
}

std::string Settings::database_look_alike_note(std::string_view name) const {
    const auto found = database_look_alikes(name);
    if (found.empty()) return "";
    return fmt::format("found but not read (strata reads {}): {}",
                       core_detail::database_variables(*sources_, name, env_prefix_).url,
                       fmt::join(found, ", "));
}

std::string Settings::describe_missing_database_url(std::string_view name) const {
    std::string out = fmt::format("no database URL configured for database '{}'; looked in: {}",
                                  name, fmt::join(database_url_places(name), "; "));
    if (auto note = database_look_alike_note(name); !note.empty()) out += ". " + note;
    return out;
}

void Settings::refuse_managed_database_in_production(std::string_view name) const {
    if (!is_production()) return;
    throw ConfigError(fmt::format(
        "the environment is production (STRATA_ENV or `environment` in strata.toml), so strata "
        "will not start or use the managed local PostgreSQL: set {} (or its parts). {}",
        core_detail::database_variables(*sources_, name, env_prefix_).url,
        describe_missing_database_url(name)));
}

}  // namespace strata
