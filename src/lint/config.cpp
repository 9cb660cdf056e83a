// Config: presets, per-rule settings, and the [lint] table of strata.toml (toml++).
#include "strata/lint/config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <fstream>
#include <sstream>

#include "strata/core/error.hpp"
#include "strata/lint/rules.hpp"
#include "strata/schema/introspect.hpp"

namespace strata::lint {
namespace {

int toml_line(const toml::source_region& region) {
    return static_cast<int>(region.begin.line);
}

[[noreturn]] void config_fail(std::string_view file, int line, const std::string& problem) {
    throw ConfigError(fmt::format("{}:{}: {}", file, line, problem));
}

std::string preset_names() {
    std::string out;
    for (const auto& p : presets()) out += (out.empty() ? "" : ", ") + std::string(p.name);
    return out;
}

std::vector<std::string> string_array(const toml::node& node, std::string_view file,
                                      const std::string& key) {
    const auto* array = node.as_array();
    if (array == nullptr) config_fail(file, toml_line(node.source()), key + " must be an array");
    std::vector<std::string> out;
    for (const auto& item : *array) {
        const auto* s = item.as_string();
        if (s == nullptr) {
            config_fail(file, toml_line(item.source()), key + " must hold strings");
        }
        out.push_back(s->get());
    }
    return out;
}

// A TOML value as JSON, checked against the type of the option's default.
nlohmann::json option_value(const toml::node& node, const nlohmann::json& default_value,
                            std::string_view file, const std::string& key) {
    const int line = toml_line(node.source());
    if (default_value.is_string()) {
        if (const auto* s = node.as_string()) return s->get();
        config_fail(file, line, key + " must be a string");
    }
    if (default_value.is_boolean()) {
        if (const auto* b = node.as_boolean()) return b->get();
        config_fail(file, line, key + " must be true or false");
    }
    return string_array(node, file, key);
}

}  // namespace

Config::Config() {
    use_preset("recommended");
}

void Config::use_preset(std::string_view name) {
    const Preset* preset = nullptr;
    for (const auto& p : presets()) {
        if (p.name == name) preset = &p;
    }
    if (preset == nullptr) {
        throw UsageError(
            fmt::format("unknown lint preset \"{}\" (known: {})", name, preset_names()));
    }
    preset_ = std::string(name);
    rules_.clear();
    for (const auto& rule : rules()) {
        rules_[std::string(rule.id)].severity =
            rule.kind == RuleKind::migration ? rule.default_severity : Severity::off;
    }
    const Severity on = name == "recommended" ? Severity::warning : Severity::error;
    for (const auto& entry : preset->rules) rules_[std::string(entry.rule)].severity = on;
}

Severity Config::severity(std::string_view rule) const {
    auto it = rules_.find(rule);
    return it == rules_.end() ? Severity::off : it->second.severity;
}

void Config::set_severity(std::string_view rule, Severity severity) {
    if (find_rule(rule) == nullptr) throw UsageError(fmt::format("unknown lint rule \"{}\"", rule));
    rules_[std::string(rule)].severity = severity;
}

bool Config::exempt(std::string_view rule, std::string_view object) const {
    if (object.empty()) return false;
    for (const auto& glob : exempt_) {
        if (schema::glob_match(glob, object)) return true;
    }
    auto it = rules_.find(rule);
    if (it == rules_.end()) return false;
    for (const auto& glob : it->second.exempt) {
        if (schema::glob_match(glob, object)) return true;
    }
    return false;
}

nlohmann::json Config::option(std::string_view rule, std::string_view name) const {
    const Rule* r = find_rule(rule);
    if (r == nullptr) throw UsageError(fmt::format("unknown lint rule \"{}\"", rule));
    for (const auto& o : r->options) {
        if (o.name != name) continue;
        auto it = rules_.find(rule);
        if (it != rules_.end() && it->second.options.contains(std::string(name))) {
            return it->second.options.at(std::string(name));
        }
        return nlohmann::json::parse(o.default_json);
    }
    throw UsageError(fmt::format("lint rule \"{}\" has no option \"{}\"", rule, name));
}

Config Config::from_toml(std::string_view text, std::string_view file) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        config_fail(file, toml_line(e.source()), std::string(e.description()));
    }
    Config config;
    const auto* lint = root.get("lint");
    if (lint == nullptr) return config;
    const auto* table = lint->as_table();
    if (table == nullptr) config_fail(file, toml_line(lint->source()), "lint must be a table");
    if (const auto* preset = table->get("preset")) {
        const auto* s = preset->as_string();
        if (s == nullptr) config_fail(file, toml_line(preset->source()), "lint.preset: a string");
        try {
            config.use_preset(s->get());
        } catch (const UsageError& e) {
            config_fail(file, toml_line(preset->source()), e.what());
        }
    }
    for (const auto& [key, node] : *table) {
        const std::string name(key.str());
        if (name == "preset") continue;
        if (name == "exempt") {
            config.exempt_ = string_array(node, file, "lint.exempt");
            continue;
        }
        if (name != "rules") {
            config_fail(file, toml_line(key.source()),
                        fmt::format("unknown key \"lint.{}\" (expected one of: preset, exempt, "
                                    "rules)",
                                    name));
        }
        const auto* rules_table = node.as_table();
        if (rules_table == nullptr) config_fail(file, toml_line(node.source()), "a table");
        for (const auto& [rule_key, rule_node] : *rules_table) {
            const std::string id(rule_key.str());
            const Rule* rule = find_rule(id);
            if (rule == nullptr) {
                config_fail(file, toml_line(rule_key.source()),
                            fmt::format("unknown lint rule \"{}\" (see docs/lint/)", id));
            }
            const auto* settings = rule_node.as_table();
            if (settings == nullptr) {
                config_fail(file, toml_line(rule_node.source()),
                            fmt::format("lint.rules.{} must be a table", id));
            }
            auto& target = config.rules_[id];
            if (target.severity == Severity::off) target.severity = rule->default_severity;
            for (const auto& [setting_key, value] : *settings) {
                const std::string setting(setting_key.str());
                const std::string setting_path = fmt::format("lint.rules.{}.{}", id, setting);
                if (setting == "severity") {
                    const auto* s = value.as_string();
                    auto severity = s ? parse_severity(s->get()) : std::nullopt;
                    if (!severity) {
                        config_fail(file, toml_line(value.source()),
                                    setting_path + " must be \"error\", \"warning\" or \"off\"");
                    }
                    target.severity = *severity;
                    continue;
                }
                if (setting == "exempt") {
                    target.exempt = string_array(value, file, setting_path);
                    continue;
                }
                const RuleOption* option = nullptr;
                std::string known = "severity, exempt";
                for (const auto& o : rule->options) {
                    known += ", " + std::string(o.name);
                    if (o.name == setting) option = &o;
                }
                if (option == nullptr) {
                    config_fail(file, toml_line(setting_key.source()),
                                fmt::format("unknown setting \"{}\" (expected one of: {})",
                                            setting_path, known));
                }
                target.options[setting] = option_value(
                    value, nlohmann::json::parse(option->default_json), file, setting_path);
            }
        }
    }
    return config;
}

Config Config::load(const std::filesystem::path& strata_toml) {
    std::ifstream in(strata_toml, std::ios::binary);
    if (!in) return Config{};
    std::stringstream buffer;
    buffer << in.rdbuf();
    return from_toml(buffer.str(), strata_toml.string());
}

}  // namespace strata::lint
