// Config: which lint rules run, at what severity, with which options and exemptions.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/lint/finding.hpp"

namespace strata::lint {

/// The settings of one rule: `[lint.rules.<id>]` in strata.toml.
struct RuleSettings {
    Severity severity = Severity::warning;
    std::vector<std::string> exempt;  ///< globs over object paths ("public.legacy_*")
    nlohmann::json options = nlohmann::json::object();  ///< only the options that were set
};

/// A lint configuration: a preset plus per-rule overrides. Thread-safety: a value type.
class Config {
public:
    /// The `recommended` preset.
    Config();

    /// Reads the [lint] table of a strata.toml text (the rest is ignored):
    ///
    ///     [lint]
    ///     preset = "naming-prefixes"          # default "recommended"
    ///     exempt = ["public.legacy_*"]         # objects no rule looks at
    ///     [lint.rules.int-not-bigint]
    ///     severity = "error"                  # error | warning | off
    ///     exempt = ["public.counters.*"]
    ///     types = ["integer"]                 # the rule's options (docs/lint/<id>.md)
    ///
    /// Throws ConfigError `file:line: ...` for an unknown rule id, setting, preset or severity,
    /// or a value of the wrong type.
    static Config from_toml(std::string_view text, std::string_view file);
    /// from_toml on the file's contents; the defaults when the file does not exist.
    static Config load(const std::filesystem::path& strata_toml);

    /// Replaces the rule set by a preset's (UsageError naming the known presets if unknown).
    void use_preset(std::string_view name);
    [[nodiscard]] const std::string& preset() const { return preset_; }

    [[nodiscard]] Severity severity(std::string_view rule) const;
    void set_severity(std::string_view rule, Severity severity);
    /// True when rule must not report on object (a global or per-rule exemption glob matches).
    [[nodiscard]] bool exempt(std::string_view rule, std::string_view object) const;
    /// The option's value: as configured, else the rule's default. UsageError for an option
    /// the rule does not have.
    [[nodiscard]] nlohmann::json option(std::string_view rule, std::string_view name) const;

private:
    std::string preset_;
    std::vector<std::string> exempt_;
    std::map<std::string, RuleSettings, std::less<>> rules_;
};

/// A preset: the conventions one guideline document writes down.
struct PresetRule {
    std::string_view rule;
    std::string_view source;  ///< the sentence of the guideline it comes from
};
struct Preset {
    std::string_view name;
    std::string_view document;  ///< which guideline
    std::vector<PresetRule> rules;
};

/// Every preset, `recommended` first. Thread-safety: immutable.
[[nodiscard]] const std::vector<Preset>& presets();

}  // namespace strata::lint
