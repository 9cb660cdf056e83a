// .env parsing: quoting, export, comments, ${VAR} expansion, errors with line numbers.
#include "strata/core/dotenv.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <unordered_map>

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"

namespace strata {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

constexpr int kMaxNesting = 16;

class DotenvParser {
public:
    DotenvParser(std::string_view text, std::string_view origin, const EnvLookup& fallback)
        : text_(text), origin_(origin), fallback_(fallback) {}

    std::vector<DotenvEntry> parse() {
        while (pos_ < text_.size()) parse_line();
        return std::move(entries_);
    }

private:
    [[noreturn]] void fail(int line, const std::string& problem) const {
        throw ConfigError(log::redact(fmt::format("{}:{}: {}", origin_, line, problem)));
    }

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool at_end() const { return pos_ >= text_.size(); }
    void skip_blanks() {
        while (!at_end() && is_blank(text_[pos_])) ++pos_;
    }
    void skip_to_next_line() {
        while (!at_end() && text_[pos_] != '\n') ++pos_;
        if (!at_end()) {
            ++pos_;
            ++line_;
        }
    }
    std::string_view read_name() {
        const std::size_t begin = pos_;
        if (!at_end() && is_name_start(text_[pos_])) {
            while (!at_end() && is_name_char(text_[pos_])) ++pos_;
        }
        return text_.substr(begin, pos_ - begin);
    }

    void parse_line() {
        const int line = line_;
        skip_blanks();
        if (at_end()) return;
        if (peek() == '\n' || peek() == '#') return skip_to_next_line();
        std::string_view key = read_name();
        if (key == "export" && is_blank(peek())) {
            skip_blanks();
            key = read_name();
        }
        if (key.empty()) {
            fail(line,
                 "expected KEY=value (a name of letters, digits and '_', not starting "
                 "with a digit)");
        }
        skip_blanks();
        if (peek() != '=') {
            fail(line, fmt::format("expected '=' after {} (KEY=value)", key));
        }
        ++pos_;
        skip_blanks();
        std::string value;
        if (peek() == '\'' || peek() == '"') {
            value = parse_quoted(key, line);
        } else {
            value = parse_unquoted(key, line);
        }
        values_[std::string(key)] = value;
        for (auto& e : entries_) {
            if (e.key == key) {
                e = DotenvEntry{std::string(key), std::move(value), line};
                return;
            }
        }
        entries_.push_back(DotenvEntry{std::string(key), std::move(value), line});
    }

    std::string parse_quoted(std::string_view key, int line) {
        const char quote = text_[pos_++];
        const std::size_t begin = pos_;
        while (!at_end() && text_[pos_] != quote) {
            if (text_[pos_] == '\n') ++line_;
            if (quote == '"' && text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
                if (text_[pos_ + 1] == '\n') ++line_;
                ++pos_;
            }
            ++pos_;
        }
        if (at_end()) {
            fail(line, fmt::format("unterminated {}-quoted value of {}",
                                   quote == '"' ? "double" : "single", key));
        }
        const std::string_view raw = text_.substr(begin, pos_ - begin);
        ++pos_;  // closing quote
        skip_blanks();
        if (!at_end() && peek() != '\n' && peek() != '#') {
            fail(line_, fmt::format("unexpected text after the closing quote of {}", key));
        }
        skip_to_next_line();
        if (quote == '\'') return std::string(raw);
        return expand(raw, true, line);
    }

    std::string parse_unquoted(std::string_view, int line) {
        const std::size_t begin = pos_;
        std::size_t end = begin;
        while (end < text_.size() && text_[end] != '\n') {
            if (text_[end] == '#' && end > begin && is_blank(text_[end - 1])) break;
            ++end;
        }
        std::string_view raw = text_.substr(begin, end - begin);
        while (!raw.empty() && is_blank(raw.back())) raw.remove_suffix(1);
        pos_ = end;
        skip_to_next_line();
        return expand(raw, false, line);
    }

    std::optional<std::string> lookup(std::string_view name) const {
        if (const auto it = values_.find(std::string(name)); it != values_.end()) return it->second;
        if (fallback_) return fallback_(name);
        return std::nullopt;
    }

    // Expands ${NAME}, ${NAME:-default} (unset or empty) and ${NAME-default} (unset); with
    // escapes, also \n \t \r \" \\ \$ (other backslashes stay as written).
    std::string expand(std::string_view raw, bool escapes, int line, int depth = 0) const {
        if (depth > kMaxNesting) fail(line, "${...} nested too deeply");
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const char c = raw[i];
            if (escapes && c == '\\' && i + 1 < raw.size()) {
                const char next = raw[++i];
                switch (next) {
                    case 'n':
                        out += '\n';
                        break;
                    case 't':
                        out += '\t';
                        break;
                    case 'r':
                        out += '\r';
                        break;
                    case '"':
                        out += '"';
                        break;
                    case '\\':
                        out += '\\';
                        break;
                    case '$':
                        out += '$';
                        break;
                    default:
                        out += '\\';
                        out += next;
                        break;
                }
                continue;
            }
            if (c != '$' || i + 1 >= raw.size() || raw[i + 1] != '{') {
                out += c;
                continue;
            }
            // Find the matching '}', allowing ${...} inside a default.
            std::size_t braces = 1;
            std::size_t j = i + 2;
            for (; j < raw.size() && braces > 0; ++j) {
                if (raw[j] == '{' && raw[j - 1] == '$') ++braces;
                if (raw[j] == '}') --braces;
            }
            if (braces > 0) fail(line, "unterminated ${ in value (expected ${NAME})");
            const std::string_view inner = raw.substr(i + 2, j - 1 - (i + 2));
            out += expand_reference(inner, escapes, line, depth);
            i = j - 1;
        }
        return out;
    }

    std::string expand_reference(std::string_view inner, bool escapes, int line, int depth) const {
        std::size_t n = 0;
        while (n < inner.size() && is_name_char(inner[n])) ++n;
        const std::string_view name = inner.substr(0, n);
        if (name.empty() || !is_name_start(name[0])) {
            fail(line, "invalid variable reference ${...} (expected ${NAME} or ${NAME:-default})");
        }
        const auto value = lookup(name);
        const std::string_view rest = inner.substr(n);
        if (rest.empty()) return value.value_or("");
        if (rest.starts_with(":-")) {
            if (value && !value->empty()) return *value;
            return expand(rest.substr(2), escapes, line, depth + 1);
        }
        if (rest.starts_with('-')) {
            if (value) return *value;
            return expand(rest.substr(1), escapes, line, depth + 1);
        }
        fail(line, fmt::format("invalid variable reference ${{{}...}} (expected ${{{}}} or "
                               "${{{}:-default}})",
                               name, name, name));
    }

    std::string_view text_;
    std::string_view origin_;
    const EnvLookup& fallback_;
    std::size_t pos_ = 0;
    int line_ = 1;
    std::vector<DotenvEntry> entries_;
    std::unordered_map<std::string, std::string> values_;
};

}  // namespace

std::vector<DotenvEntry> parse_dotenv(std::string_view text, std::string_view origin,
                                      const EnvLookup& fallback) {
    // Editors on Windows (Notepad, Visual Studio) start UTF-8 files with a byte-order mark.
    constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
    if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
    return DotenvParser(text, origin, fallback).parse();
}

std::vector<DotenvEntry> load_dotenv(const std::filesystem::path& path, const EnvLookup& fallback) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read the file", path.string()));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_dotenv(buffer.str(), path.string(), fallback);
}

}  // namespace strata
