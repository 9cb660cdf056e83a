// Settings::load: reads the layers and resolves every entry by precedence, recording its source.
#include "strata/core/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "core/settings_sources.hpp"
#include "strata/core/dotenv.hpp"
#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata {
namespace {

using core_detail::Found;
using core_detail::Rank;
using core_detail::Sources;

constexpr std::string_view kDatabaseSettingKeys[] = {
    "url",          "pool_size",         "max_overflow",  "pool_recycle", "pool_recycle_jitter",
    "pool_timeout", "pool_idle_timeout", "pool_pre_ping", "echo",         "echo_params",
    "prepare"};

constexpr long long kMaxSetting = 1'000'000'000;

[[noreturn]] void fail(const Found& found, std::string_view expected) {
    throw ConfigError(log::redact(
        fmt::format("{}: expected {}, got \"{}\"", found.origin, expected, found.value)));
}

long long parse_integer(const Found& found, long long min, long long max,
                        std::string_view expected) {
    long long value = 0;
    const auto* end = found.value.data() + found.value.size();
    const auto [ptr, ec] = std::from_chars(found.value.data(), end, value);
    if (found.value.empty() || ec != std::errc{} || ptr != end || value < min || value > max) {
        fail(found, expected);
    }
    return value;
}

bool parse_bool(const Found& found) {
    std::string lower;
    for (const char c : found.value)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
    if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
    fail(found, "true or false (or 1/0, yes/no)");
}

std::string upper(std::string_view text) {
    std::string out;
    for (const char c : text) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string lower(std::string_view text) {
    std::string out;
    for (const char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read the file", path.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Records resolved values for `config show`.
class Recorder {
public:
    explicit Recorder(std::vector<ConfigEntry>* entries) : entries_(entries) {}
    void add(std::string key, const std::string& value, const std::optional<Found>& found) {
        add(std::move(key), value, found ? found->source : "default");
    }
    void add(std::string key, const std::string& value, std::string source) {
        if (entries_ != nullptr) {
            entries_->push_back(ConfigEntry{std::move(key), log::redact(value), std::move(source)});
        }
    }

private:
    std::vector<ConfigEntry>* entries_;
};

bool is_setting_part(std::string_view part) {
    return std::any_of(std::begin(kDatabaseSettingKeys), std::end(kDatabaseSettingKeys),
                       [&](std::string_view k) { return upper(k) == part; });
}

std::uint16_t parse_port(const Found& found) {
    return static_cast<std::uint16_t>(parse_integer(found, 1, 65535, "a port number (1-65535)"));
}

// The URL from url settings, then the parts (<PREFIX>_DATABASE__HOST, or the variables
// strata.toml names with host_env, ...) of the same or a higher layer applied over it.
std::optional<DatabaseUrl> resolve_url(const Sources& sources, const std::string& key_prefix,
                                       const core_detail::DatabaseVariables& vars,
                                       Recorder& recorder) {
    const auto found = sources.find(key_prefix + "url", {vars.url, vars.part_prefix + "URL"});
    std::optional<DatabaseUrl> url;
    Rank url_rank = Rank::default_value;
    std::vector<std::string> source_labels;
    if (found) {
        url = DatabaseUrl::parse(found->value, found->origin);
        url_rank = found->rank;
        source_labels.push_back(found->source);
    }
    std::vector<std::pair<std::string, Found>> parts;
    auto take = [&](const std::string& part, Found part_found) {
        if (url && part_found.rank < url_rank) return;  // a higher layer's URL wins
        parts.emplace_back(part, std::move(part_found));
    };
    for (auto& [var, part_found] : sources.with_prefix(vars.part_prefix)) {
        std::string part = var.substr(vars.part_prefix.size());
        if (is_setting_part(part) || vars.parts.contains(part)) continue;
        take(part, std::move(part_found));
    }
    for (const auto& [part, var] : vars.parts) {
        if (auto part_found = sources.find_variable({var})) take(part, std::move(*part_found));
    }
    const bool structural = std::any_of(parts.begin(), parts.end(), [](const auto& p) {
        return p.first == "HOST" || p.first == "PORT" || p.first == "NAME" || p.first == "USER";
    });
    if (!parts.empty() && !url && !structural) {
        const auto host = vars.parts.find("HOST");
        throw ConfigError(
            fmt::format("{}: set, but no database URL ({}) and no {} to apply it to",
                        parts.front().second.origin, vars.url,
                        host != vars.parts.end() ? host->second : vars.part_prefix + "HOST"));
    }
    if (!parts.empty() && url && url->is_sqlite()) {
        throw ConfigError(
            fmt::format("{}: cannot apply to a sqlite URL", parts.front().second.origin));
    }
    for (const auto& [part, part_found] : parts) {
        DatabaseUrl& target = url ? *url : url.emplace();
        if (part == "HOST") {
            target.set_host(part_found.value);
        } else if (part == "PORT") {
            target.set_port(parse_port(part_found));
        } else if (part == "NAME") {
            target.set_dbname(part_found.value);
        } else if (part == "USER") {
            target.set_user(part_found.value);
        } else if (part == "PASSWORD") {
            log::register_secret(part_found.value);
            target.set_password(part_found.value);
        } else {
            target.set_option(lower(part), part_found.value, part_found.origin);
        }
        source_labels.push_back(part_found.source);
    }
    if (url) {
        if (const auto& password = url->password()) log::register_secret(*password);
    }
    std::string source;
    for (const auto& label : source_labels) source += (source.empty() ? "" : " + ") + label;
    recorder.add(key_prefix + "url", url ? url->to_string() : "(not set)",
                 source.empty() ? "default" : source);
    return url;
}

// Settings a named database takes from the main one when it does not set them itself: the pool
// settings (DB_POOL_SIZE, DB_MAX_OVERFLOW, ...). Not the URL, nor echo (logging one engine is a
// choice per engine), nor prepare (a property of the URL's pooler).
bool inherits_from_main(std::string_view key) {
    return key.starts_with("pool_") || key == "max_overflow";
}

DatabaseSettings resolve_database(const Sources& sources, std::string_view name,
                                  std::string_view env_prefix, Recorder recorder) {
    DatabaseSettings db;
    db.name = std::string(name);
    const std::string key_prefix =
        name == kMainDatabase ? "database." : "databases." + std::string(name) + ".";
    const auto vars = core_detail::database_variables(sources, name, env_prefix);
    for (const auto& [setting, written] : vars.settings) {
        recorder.add(key_prefix + setting, written.first, written.second);
    }
    db.url = resolve_url(sources, key_prefix, vars, recorder);
    const std::string main_part_prefix = database_part_prefix(env_prefix, kMainDatabase);

    auto find = [&](std::string_view key, std::string_view var) {
        auto found = sources.find(
            key_prefix + std::string(key),
            {database_setting_variable(name, var), vars.part_prefix + std::string(var)});
        if (found || name == kMainDatabase || !inherits_from_main(key)) return found;
        found = sources.find(
            "database." + std::string(key),
            {database_setting_variable(kMainDatabase, var), main_part_prefix + std::string(var)});
        if (found) found->source += " (inherited from main)";
        return found;
    };
    auto integer = [&](std::string_view key, std::string_view var, long long min,
                       std::string_view expected, int fallback) {
        const auto found = find(key, var);
        const int value =
            found ? static_cast<int>(parse_integer(*found, min, kMaxSetting, expected)) : fallback;
        recorder.add(key_prefix + std::string(key), std::to_string(value), found);
        return value;
    };
    auto boolean = [&](std::string_view key, std::string_view var, bool fallback) {
        const auto found = find(key, var);
        const bool value = found ? parse_bool(*found) : fallback;
        recorder.add(key_prefix + std::string(key), value ? "true" : "false", found);
        return std::pair{value, found};
    };
    const PoolSettings defaults;
    db.pool.size = integer("pool_size", "POOL_SIZE", 1, "a positive integer", defaults.size);
    db.pool.max_overflow =
        integer("max_overflow", "MAX_OVERFLOW", 0, "a non-negative integer", defaults.max_overflow);
    db.pool.recycle = std::chrono::seconds(integer("pool_recycle", "POOL_RECYCLE", 0,
                                                   "a non-negative number of seconds",
                                                   static_cast<int>(defaults.recycle.count())));
    db.pool.timeout = std::chrono::seconds(integer("pool_timeout", "POOL_TIMEOUT", 1,
                                                   "a positive number of seconds",
                                                   static_cast<int>(defaults.timeout.count())));
    db.pool.pre_ping = boolean("pool_pre_ping", "POOL_PRE_PING", defaults.pre_ping).first;
    const auto jitter = find("pool_recycle_jitter", "POOL_RECYCLE_JITTER");
    db.pool.recycle_jitter_percent =
        jitter ? static_cast<int>(parse_integer(*jitter, 0, 100, "a percentage from 0 to 100"))
               : defaults.recycle_jitter_percent;
    recorder.add(key_prefix + "pool_recycle_jitter", std::to_string(db.pool.recycle_jitter_percent),
                 jitter);
    db.pool.idle_timeout = std::chrono::seconds(
        integer("pool_idle_timeout", "POOL_IDLE_TIMEOUT", 0, "a non-negative number of seconds",
                static_cast<int>(defaults.idle_timeout.count())));
    db.echo = boolean("echo", "ECHO", false).first;
    db.echo_params = boolean("echo_params", "ECHO_PARAMS", false).first;

    // prepare: the setting, unless the URL's own prepare= comes from the same or a higher layer.
    const auto prepare_found = find("prepare", "PREPARE");
    db.prepare = prepare_found ? parse_bool(*prepare_found) : true;
    std::string prepare_source = prepare_found ? prepare_found->source : "default";
    if (const auto url_prepare = db.url ? db.url->prepare() : std::nullopt) {
        const auto url_found =
            sources.find(key_prefix + "url", {vars.url, vars.part_prefix + "URL"});
        if (!prepare_found || (url_found && url_found->rank >= prepare_found->rank)) {
            db.prepare = *url_prepare;
            prepare_source = url_found ? url_found->source + " (prepare=)" : "url (prepare=)";
        }
    }
    recorder.add(key_prefix + "prepare", db.prepare ? "true" : "false", prepare_source);
    return db;
}

std::filesystem::path resolve_dir(const std::filesystem::path& project, const std::string& value) {
    const std::filesystem::path path(value);
    return (path.is_absolute() ? path : project / path).lexically_normal();
}

// Flag keys: canonical dotted keys, or the short aliases the CLI uses.
std::string canonical_flag(const std::string& key) {
    static const std::map<std::string, std::string, std::less<>> kAliases{
        {"url", "database.url"},
        {"env", "environment"},
        {"pool_size", "database.pool_size"},
        {"max_overflow", "database.max_overflow"},
        {"pool_recycle", "database.pool_recycle"},
        {"pool_timeout", "database.pool_timeout"},
        {"pool_recycle_jitter", "database.pool_recycle_jitter"},
        {"pool_idle_timeout", "database.pool_idle_timeout"},
        {"pool_pre_ping", "database.pool_pre_ping"},
        {"echo", "database.echo"},
        {"echo_params", "database.echo_params"},
        {"prepare", "database.prepare"},
        {"migrations_dir", "migrations.dir"},
        {"seeds_dir", "seeds.dir"},
        {"queries_dir", "queries.dir"},
    };
    std::string k = key;
    std::replace(k.begin(), k.end(), '-', '_');
    if (const auto it = kAliases.find(k); it != kAliases.end()) return it->second;
    static const std::set<std::string, std::less<>> kPlain{"environment",
                                                           "env_prefix",
                                                           "migrations.dir",
                                                           "migrations.table",
                                                           "migrations.schema",
                                                           "migrations.version_format",
                                                           "seeds.dir",
                                                           "queries.dir",
                                                           "gen.out",
                                                           "gen.snapshot",
                                                           "gen.namespace",
                                                           "gen.include_prefix",
                                                           "gen.soft_delete_column",
                                                           "gen.models_header",
                                                           "gen.models_namespace"};
    if (kPlain.contains(k)) return k;
    const auto last_dot = k.rfind('.');
    const std::string leaf = last_dot == std::string::npos ? "" : k.substr(last_dot + 1);
    const bool db_leaf = std::find(std::begin(kDatabaseSettingKeys), std::end(kDatabaseSettingKeys),
                                   leaf) != std::end(kDatabaseSettingKeys);
    if (db_leaf && (k == "database." + leaf || (k.starts_with("databases.") && last_dot > 10 &&
                                                k.find('.', 10) == last_dot))) {
        return k;
    }
    throw UsageError(fmt::format("unknown setting \"{}\"", key));
}

std::string database_name_of_url_variable(std::string_view var) {
    constexpr std::string_view kSuffix = "_DATABASE_URL";
    if (var.size() <= kSuffix.size() || !var.ends_with(kSuffix)) return {};
    return lower(var.substr(0, var.size() - kSuffix.size()));
}

bool is_cpp_identifier(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

// A C++ namespace (`a::b`); a malformed one names where it was set.
std::string cpp_namespace_setting(const std::pair<std::string, std::optional<Found>>& found) {
    const auto& [ns, where] = found;
    for (std::size_t at = 0;;) {
        const auto sep = ns.find("::", at);
        if (!is_cpp_identifier(std::string_view(ns).substr(at, sep - at)) && where)
            fail(*where, "a C++ namespace (identifiers joined by ::)");
        if (sep == std::string::npos) break;
        at = sep + 2;
    }
    return ns;
}

// [gen]: paths, namespace, soft-delete column and the [gen.overrides] table.
template <class Text>
void read_gen_settings(GenSettings& gen, const Sources& sources,
                       const std::filesystem::path& project, const std::filesystem::path& queries,
                       const Text& text, Recorder& recorder) {
    gen.out = resolve_dir(project, text("gen.out", {}, "db/gen").first);
    const auto [snapshot, snapshot_found] = text("gen.snapshot", {}, "");
    gen.snapshot = snapshot.empty() ? queries / "strata_gen.json" : resolve_dir(project, snapshot);
    gen.cpp_namespace = cpp_namespace_setting(text("gen.namespace", {}, "queries"));
    gen.models_namespace = cpp_namespace_setting(text("gen.models_namespace", {}, "models"));
    gen.models_header = text("gen.models_header", {}, "").first;
    gen.include_prefix = text("gen.include_prefix", {}, "").first;
    const auto [column, column_found] = text("gen.soft_delete_column", {}, "deleted_at");
    if (!is_cpp_identifier(column) && column_found) fail(*column_found, "a column name");
    gen.soft_delete_column = column;
    for (const auto& [key, value] : sources.toml.gen_overrides) {
        gen.overrides[key] = value.value;
        gen.override_sources[key] = fmt::format("{}:{}", sources.toml_display, value.line);
        recorder.add("gen.overrides." + key, value.value, gen.override_sources[key]);
    }
}

}  // namespace

std::filesystem::path find_project_dir(const std::filesystem::path& start) {
    namespace fs = std::filesystem;
    fs::path from = fs::absolute(start).lexically_normal();
    for (fs::path dir = from; !dir.empty(); dir = dir.parent_path()) {
        std::error_code ec;
        if (fs::is_regular_file(dir / "strata.toml", ec)) return dir;
        if (dir == dir.root_path()) break;
    }
    return from;
}

Settings Settings::load(const LoadOptions& options) {
    Settings s;
    auto sources = std::make_shared<Sources>();
    s.project_dir_ = options.project_dir.empty() ? find_project_dir(std::filesystem::current_path())
                                                 : std::filesystem::absolute(options.project_dir);
    sources->env = options.environment ? *options.environment : snapshot_process_env();
    for (const auto& [key, value] : options.flags) {
        const std::string canonical = canonical_flag(key);
        std::string label = "--" + key;
        std::replace(label.begin(), label.end(), '_', '-');
        sources->flags[canonical] = value;
        sources->flag_labels[canonical] = label;
    }

    // strata.toml
    const auto default_toml = s.project_dir_ / "strata.toml";
    if (options.config_file || std::filesystem::exists(default_toml)) {
        s.config_file_ = options.config_file ? *options.config_file : default_toml;
        if (options.config_file) sources->toml_display = options.config_file->string();
        sources->toml =
            core_detail::parse_strata_toml(read_file(*s.config_file_), sources->toml_display);
    }
    // .env (expansion falls back to the environment layer, not .env's own later keys)
    const auto default_env = s.project_dir_ / ".env";
    if (options.env_file || std::filesystem::exists(default_env)) {
        s.env_file_ = options.env_file ? *options.env_file : default_env;
        if (options.env_file) sources->dotenv_display = options.env_file->string();
        for (auto& entry : parse_dotenv(read_file(*s.env_file_), sources->dotenv_display,
                                        map_env(sources->env))) {
            sources->dotenv[entry.key] =
                core_detail::DotenvValue{std::move(entry.value), entry.line};
        }
    }
    s.sources_ = sources;
    Recorder recorder(&s.entries_);

    auto text = [&](const std::string& key, const std::vector<std::string>& vars,
                    std::string_view fallback) {
        const auto found = sources->find(key, vars);
        std::string value = found ? found->value : std::string(fallback);
        recorder.add(key, value, found);
        return std::pair{value, found};
    };
    s.environment_ = text("environment", {"STRATA_ENV"}, "development").first;
    if (s.environment_.empty()) throw ConfigError("environment: must not be empty");
    s.env_prefix_ = text("env_prefix", {"STRATA_ENV_PREFIX"}, "").first;

    // Databases: main, then every name strata.toml, .env or flags declare.
    std::set<std::string> names(sources->toml.database_names.begin(),
                                sources->toml.database_names.end());
    for (const auto& [var, value] : sources->dotenv) {
        if (auto name = database_name_of_url_variable(var); !name.empty()) names.insert(name);
    }
    for (const auto& [key, value] : sources->flags) {
        if (key.starts_with("databases.")) names.insert(key.substr(10, key.rfind('.') - 10));
    }
    s.database_names_.push_back(std::string(kMainDatabase));
    s.database_names_.insert(s.database_names_.end(), names.begin(), names.end());
    for (const auto& name : s.database_names_) {
        (void)resolve_database(*sources, name, s.env_prefix_, recorder);
    }

    s.migrations_.dir =
        resolve_dir(s.project_dir_, text("migrations.dir", {}, "db/migrations").first);
    s.migrations_.table = text("migrations.table", {}, "strata_migrations").first;
    if (s.migrations_.table.empty()) throw ConfigError("migrations.table: must not be empty");
    s.migrations_.schema = text("migrations.schema", {}, "").first;
    const auto [format, format_found] = text("migrations.version_format", {}, "timestamp");
    if (format == "timestamp") {
        s.migrations_.version_format = VersionFormat::timestamp;
    } else if (format == "date_counter") {
        s.migrations_.version_format = VersionFormat::date_counter;
    } else if (format_found) {  // always set here: the default is "timestamp"
        fail(*format_found, "\"timestamp\" or \"date_counter\"");
    }
    s.seeds_dir_ = resolve_dir(s.project_dir_, text("seeds.dir", {}, "db/seeds").first);
    s.queries_dir_ = resolve_dir(s.project_dir_, text("queries.dir", {}, "db/queries").first);
    if (const auto it = sources->toml.lists.find("dump.data"); it != sources->toml.lists.end()) {
        s.dump_.data = it->second.items;
        s.dump_.data_source = fmt::format("{}:{}", sources->toml_display, it->second.line);
        recorder.add("dump.data", fmt::format("{}", fmt::join(s.dump_.data, ", ")),
                     s.dump_.data_source);
    } else {
        recorder.add("dump.data", "", "default");
    }
    read_gen_settings(s.gen_, *sources, s.project_dir_, s.queries_dir_, text, recorder);
    return s;
}

DatabaseSettings Settings::database(std::string_view name) const {
    const auto& names = database_names_;
    const bool declared = std::find(names.begin(), names.end(), name) != names.end();
    if (!declared) {
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            })) {
            throw UsageError(
                fmt::format("invalid database name \"{}\" (use a-z, 0-9, _ and -)", name));
        }
        const auto url_var = database_url_variable(name);
        const bool in_env = sources_->env.contains(url_var) ||
                            !sources_->with_prefix(database_part_prefix(env_prefix_, name)).empty();
        if (!in_env) {
            throw ConfigError(
                fmt::format("no database named \"{}\": set {} or add [databases.{}] to strata.toml",
                            name, url_var, name));
        }
    }
    return resolve_database(*sources_, name, env_prefix_, Recorder(nullptr));
}

}  // namespace strata
