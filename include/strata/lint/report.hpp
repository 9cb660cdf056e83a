// Rendering findings: human text, the documented JSON shape, SARIF 2.1.0 (strings, not output).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "strata/lint/finding.hpp"

namespace strata::lint {

/// `file:line:col: severity rule-id: message`, the excerpt with a caret under the column, and
/// `  fix: ...`; a catalog finding starts with its object instead of file:line:col.
[[nodiscard]] std::string format_human(const Finding& finding);

/// {"findings": [{"rule", "severity", "file", "line", "column", "object", "message", "fix"}],
///  "errors": N, "warnings": N} (docs/lint/README.md).
[[nodiscard]] nlohmann::json to_json(const std::vector<Finding>& findings);

/// A SARIF 2.1.0 log with one run of tool "strata lint": every rule that has findings in
/// tool.driver.rules, each finding a result (level error/warning, a physical location for
/// migration findings, a logical location for catalog objects).
[[nodiscard]] nlohmann::json to_sarif(const std::vector<Finding>& findings);

/// True when a finding has severity error.
[[nodiscard]] bool has_errors(const std::vector<Finding>& findings);

}  // namespace strata::lint
