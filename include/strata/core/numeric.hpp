// Numeric: an exact decimal carried as its canonical text (PostgreSQL numeric).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace strata {

/// Exact decimal: never converted through a double. Holds validated text such as "-12.3400",
/// "NaN", "Infinity", "-Infinity". Equality is textual after canonicalisation of sign and
/// leading zeros (scale is preserved, as PostgreSQL does). Thread-safety: a value type.
class Numeric {
public:
    Numeric() : text_("0") {}
    /// The same as Numeric::parse(text).
    explicit Numeric(std::string_view text);

    /// Accepts an optional sign, digits with an optional fraction and exponent ("1.5e3" ->
    /// "1500", "1e-3" -> "0.001", exponent within +/-1000 as PostgreSQL), "NaN", "Infinity",
    /// "-Infinity", "inf" (any case), surrounding whitespace. Leading zeros go, "-0" becomes
    /// "0", the scale stays. Throws UsageError naming the text when it is not a decimal number.
    static Numeric parse(std::string_view text);

    [[nodiscard]] const std::string& to_string() const { return text_; }
    [[nodiscard]] bool is_nan() const { return text_ == "NaN"; }
    [[nodiscard]] bool is_finite() const { return text_.back() >= '0' && text_.back() <= '9'; }
    /// The text without the fraction's trailing zeros ("1.50" -> "1.5", "2.00" -> "2"): equal
    /// for two numbers exactly when PostgreSQL's `=` calls them equal (1.5 = 1.50), while
    /// operator== also compares the scale.
    [[nodiscard]] std::string_view significant() const {
        const std::string_view s = text_;
        if (s.find('.') == std::string_view::npos) return s;
        const std::string_view t = s.substr(0, s.find_last_not_of('0') + 1);
        return t.back() == '.' ? t.substr(0, t.size() - 1) : t;
    }

    friend bool operator==(const Numeric&, const Numeric&) = default;

private:
    std::string text_;
};

}  // namespace strata

/// Hashes significant(): numbers of equal value hash alike whatever their scale (so a container
/// may also compare with significant()); consistent with operator==.
template <>
struct std::hash<strata::Numeric> {
    std::size_t operator()(const strata::Numeric& n) const noexcept {
        return std::hash<std::string_view>{}(n.significant());
    }
};
