// The rule registry: every lint rule's stable id, kind, default severity and options.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "strata/lint/finding.hpp"

namespace strata::lint {

/// What a rule looks at.
enum class RuleKind : std::uint8_t {
    migration,  ///< statements of migration files (parse trees) against the catalog before them
    catalog,    ///< a schema::Catalog (conventions)
};

/// One rule option: its name and default value written as TOML would ("true", "\"ix_\"",
/// "[\"created_at\"]").
struct RuleOption {
    std::string_view name;
    std::string_view default_json;  ///< the default as JSON text
    std::string_view help;
};

/// A rule's fixed description. Ids never change once released (configuration refers to them).
struct Rule {
    std::string_view id;
    RuleKind kind = RuleKind::migration;
    Severity default_severity = Severity::warning;
    std::string_view summary;  ///< one line: what it finds
    std::span<const RuleOption> options;
};

/// Every rule, migration rules first, each group in a fixed order. Thread-safety: immutable.
[[nodiscard]] std::span<const Rule> rules();
/// The rule with this id, or nullptr.
[[nodiscard]] const Rule* find_rule(std::string_view id);

}  // namespace strata::lint
