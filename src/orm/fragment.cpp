// Fragment rendering, identifier quoting and the printable form of a statement.
#include "strata/orm/fragment.hpp"

#include <fmt/format.h>

#include <variant>

#include "strata/core/error.hpp"

namespace strata::orm {

Fragment& Fragment::text(std::string_view sql) {
    if (!parts_.empty() && !parts_.back().is_value) {
        parts_.back().text.append(sql);
    } else {
        parts_.push_back(Part{std::string(sql), false, {}});
    }
    return *this;
}

Fragment& Fragment::ident(std::string_view name) {
    return text(quote_identifier(name));
}

Fragment& Fragment::value(driver::Value value) {
    parts_.push_back(Part{{}, true, std::move(value)});
    return *this;
}

Fragment& Fragment::append(const Fragment& other) {
    for (const auto& p : other.parts_) {
        if (p.is_value) {
            parts_.push_back(p);
        } else {
            text(p.text);
        }
    }
    return *this;
}

namespace {

/// PostgreSQL text cannot hold NUL: refuse it here with a clear message rather than let a
/// C-string boundary cut the value short.
void check_pg_text(const driver::Value& v, std::size_t number) {
    auto has_nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
    bool bad = false;
    if (const auto* s = std::get_if<std::string>(&v)) bad = has_nul(*s);
    if (const auto* a = std::get_if<std::vector<std::string>>(&v)) {
        for (const auto& s : *a) bad = bad || has_nul(s);
    }
    if (bad) {
        throw UsageError(fmt::format(
            "parameter ${} is text holding a NUL byte, which PostgreSQL text cannot store; bind "
            "it as Bytes (bytea) instead",
            number));
    }
}

}  // namespace

void detail::check_pg_params(std::span<const driver::Value> params) {
    for (std::size_t i = 0; i < params.size(); ++i) check_pg_text(params[i], i + 1);
}

void Fragment::render_into(Dialect dialect, std::string& out,
                           std::vector<driver::Value>& params) const {
    const char mark = dialect == Dialect::postgres ? '$' : '?';
    for (const auto& p : parts_) {
        if (p.is_value) {
            params.push_back(p.value);
            if (dialect == Dialect::postgres) check_pg_text(p.value, params.size());
            out.push_back(mark);
            out.append(std::to_string(params.size()));
        } else {
            out.append(p.text);
        }
    }
}

Sql Fragment::render(Dialect dialect) const {
    Sql sql;
    render_into(dialect, sql.text, sql.params);
    return sql;
}

namespace {

std::string show(const driver::Value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::monostate>) {
                return "NULL";
            } else if constexpr (std::is_same_v<X, bool>) {
                return x ? "true" : "false";
            } else if constexpr (std::is_arithmetic_v<X>) {
                return fmt::format("{}", x);
            } else if constexpr (std::is_same_v<X, std::string>) {
                std::string out = "'";
                for (char c : x) {
                    if (c == '\'') out.push_back('\'');
                    if (c == '\0') {
                        out.append("\\0");
                        continue;
                    }
                    out.push_back(c);
                }
                return out + "'";
            } else if constexpr (std::is_same_v<X, Bytes>) {
                return fmt::format("<{} bytes>", x.size());
            } else if constexpr (requires {
                                     x.size();
                                     x.begin();
                                 }) {
                return fmt::format("<array of {}>", x.size());
            } else if constexpr (requires { x.to_string(); }) {
                return "'" + x.to_string() + "'";
            } else {
                return "<value>";
            }
        },
        v);
}

}  // namespace

std::string Sql::to_string() const {
    std::string out = text;
    if (!params.empty()) {
        out.append(" -- params:");
        for (std::size_t i = 0; i < params.size(); ++i) {
            out.append(fmt::format("{} ${}={}", i == 0 ? "" : ",", i + 1, show(params[i])));
        }
    }
    return out;
}

}  // namespace strata::orm
