// Fragment: SQL text built from trusted pieces, quoted identifiers and bound values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/core/quote.hpp"
#include "strata/driver/value.hpp"

namespace strata::orm {

/// Placeholder style: PostgreSQL `$1`; SQLite `?1` (numbered, so a value used twice binds once).
enum class Dialect : std::uint8_t { postgres, sqlite };

/// A rendered statement: text and the parameters it binds, in order.
struct Sql {
    std::string text;
    std::vector<driver::Value> params;
    /// For logs and tests: the text, then ` -- params: $1='a', $2=42` (values shown, not bound).
    [[nodiscard]] std::string to_string() const;
};

/// strata::quote_identifier (strata/core/quote.hpp): name in double quotes with `"` doubled.
using ::strata::quote_identifier;

namespace detail {
/// Throws UsageError when a text parameter holds a NUL byte (PostgreSQL text cannot store one),
/// as Fragment::render does for PostgreSQL; for statements whose text is rendered once and
/// reused with new parameters. Thread-safety: pure function.
void check_pg_params(std::span<const driver::Value> params);
}  // namespace detail

/// A piece of SQL under construction. Text only ever comes from strata's code (keywords) or
/// from quote_identifier(); every caller-supplied value is kept apart and becomes a placeholder
/// when rendered, so nothing passed as a value can change the statement's text.
/// Thread-safety: a value type; const members may be called from several threads.
class Fragment {
public:
    Fragment() = default;

    /// Appends SQL text as is. Only for strata's own keywords and already-quoted names.
    Fragment& text(std::string_view sql);
    /// Appends a quoted identifier.
    Fragment& ident(std::string_view name);
    /// Appends a placeholder bound to value.
    Fragment& value(driver::Value value);
    /// Appends another fragment (its values keep their order).
    Fragment& append(const Fragment& other);

    [[nodiscard]] bool empty() const { return parts_.empty(); }
    /// Renders text and parameters; placeholders are numbered from first + 1.
    void render_into(Dialect dialect, std::string& out, std::vector<driver::Value>& params) const;
    [[nodiscard]] Sql render(Dialect dialect) const;

private:
    struct Part {
        std::string text;
        bool is_value = false;
        driver::Value value;
    };
    std::vector<Part> parts_;
};

}  // namespace strata::orm
