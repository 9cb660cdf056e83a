// Numeric: an exact decimal carried as its canonical text (PostgreSQL numeric).
#pragma once

#include <string>
#include <string_view>

namespace strata {

/// Exact decimal: never converted through a double. Holds validated text such as "-12.3400",
/// "NaN", "Infinity", "-Infinity". Equality is textual after canonicalisation of sign and
/// leading zeros (scale is preserved, as PostgreSQL does). Thread-safety: a value type.
class Numeric {
public:
    Numeric() : text_("0") {}
    /// Throws UsageError naming the text when it is not a decimal number. Accepts an optional
    /// sign, digits with an optional fraction and exponent ("1.5e3" -> "1500", "1e-3" ->
    /// "0.001", exponent within +/-1000 as PostgreSQL), "NaN", "Infinity", "-Infinity", "inf"
    /// (any case), surrounding whitespace. Leading zeros go, "-0" becomes "0", the scale stays.
    explicit Numeric(std::string_view text);

    [[nodiscard]] const std::string& to_string() const { return text_; }
    [[nodiscard]] bool is_nan() const { return text_ == "NaN"; }
    [[nodiscard]] bool is_finite() const { return text_.back() >= '0' && text_.back() <= '9'; }

    friend bool operator==(const Numeric&, const Numeric&) = default;

private:
    std::string text_;
};

}  // namespace strata
