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
    /// Throws UsageError when text is not a decimal number (exponents "1.5e3" are accepted
    /// and expanded).
    explicit Numeric(std::string_view text);

    [[nodiscard]] const std::string& to_string() const { return text_; }
    [[nodiscard]] bool is_nan() const { return text_ == "NaN"; }

    friend bool operator==(const Numeric&, const Numeric&) = default;

private:
    std::string text_;
};

}  // namespace strata
