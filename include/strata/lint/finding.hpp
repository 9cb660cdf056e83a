// Finding: one problem a lint rule found, as a value (the lint layer never prints).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strata::lint {

/// How a finding counts: an error fails `strata lint` (exit 1) and stops `strata up`.
enum class Severity : std::uint8_t { off, warning, error };

[[nodiscard]] std::string_view to_string(Severity severity);
/// "error", "warning" or "off"; nullopt for anything else.
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text);

/// One finding. Migration findings carry file/line/column (1-based, in the file) and the
/// statement excerpt; catalog findings carry the object path ("schema.table",
/// "schema.table.column", or a constraint/index/policy as "schema.table.name").
/// Thread-safety: a value type.
struct Finding {
    std::string rule;  ///< a rule id of rules(), e.g. "index-not-concurrent"
    Severity severity = Severity::warning;
    std::string file;  ///< empty for catalog findings
    int line = 0;
    int column = 0;
    std::string object;   ///< the table/column/constraint concerned (may be empty)
    std::string message;  ///< what is wrong, one sentence
    std::string fix;      ///< what to do instead
    std::string excerpt;  ///< the statement's source line(s) for migration findings

    bool operator==(const Finding&) const = default;
};

}  // namespace strata::lint
