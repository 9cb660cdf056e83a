// Logging: the process-wide sink and level, and redaction of secrets and URL passwords.
#include "strata/core/log.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <vector>

#include "core/percent.hpp"
#include "strata/core/error.hpp"

namespace strata::log {
namespace {

constexpr std::string_view kMask = "****";

struct State {
    std::mutex secrets_mutex;
    std::vector<std::string> secrets;  // longest first, so a secret inside another is covered
    std::mutex sink_mutex;
    Sink sink;
    std::atomic<Level> level{Level::info};
};

State& state() {
    static State s;  // constructed on first use; never destroyed before static users finish
    return s;
}

void default_sink(Level l, std::string_view message) {
    std::string line = fmt::format("strata: {}: {}\n", level_name(l), message);
    std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A URL ends at whitespace or characters that usually delimit it in prose and markup.
bool ends_url(char c) {
    return is_space(c) || c == '"' || c == '\'' || c == '<' || c == '>';
}

void replace_secrets(std::string& text) {
    auto& s = state();
    std::lock_guard lock(s.secrets_mutex);
    for (const auto& secret : s.secrets) {
        for (auto pos = text.find(secret); pos != std::string::npos;
             pos = text.find(secret, pos + kMask.size())) {
            text.replace(pos, secret.size(), kMask);
        }
    }
}

// scheme://user:SECRET@host -> scheme://user:****@host
void mask_url_passwords(std::string& text) {
    for (auto scheme = text.find("://"); scheme != std::string::npos;
         scheme = text.find("://", scheme + 3)) {
        const std::size_t begin = scheme + 3;
        std::size_t end = begin;
        while (end < text.size() && !ends_url(text[end])) ++end;
        const std::string_view span(text.data() + begin, end - begin);
        // Prefer the last '@' before the path; fall back to the last '@' at all (a raw '/' in
        // the password), which over-redacts rather than leaks.
        auto at = span.substr(0, span.find('/')).rfind('@');
        if (at == std::string_view::npos) at = span.rfind('@');
        if (at == std::string_view::npos) continue;
        const auto colon = span.substr(0, at).find(':');
        if (colon == std::string_view::npos) continue;
        const std::size_t from = begin + colon + 1;
        const std::size_t count = at - colon - 1;
        if (count == 0 || std::string_view(text).substr(from, count) == kMask) continue;
        text.replace(from, count, kMask);
    }
}

bool iequals_at(std::string_view text, std::size_t pos, std::string_view word) {
    if (pos + word.size() > text.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
    }
    return true;
}

bool is_word(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// password=SECRET, password = 'S E', ?password=SECRET&..., PGPASSWORD=SECRET -> ****
void mask_password_keywords(std::string& text) {
    constexpr std::string_view kWord = "password";
    for (std::size_t pos = 0; pos + kWord.size() <= text.size(); ++pos) {
        if (!iequals_at(text, pos, kWord)) continue;
        std::size_t key_begin = pos;
        while (key_begin > 0 && is_word(text[key_begin - 1])) --key_begin;
        std::size_t i = pos + kWord.size();
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= text.size() || text[i] != '=') continue;
        ++i;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= text.size()) break;
        const bool in_query =
            key_begin > 0 && (text[key_begin - 1] == '?' || text[key_begin - 1] == '&');
        std::size_t from = i;
        std::size_t end = i;
        if (text[i] == '\'' || text[i] == '"') {
            const char quote = text[i];
            from = ++end;
            while (end < text.size() && text[end] != quote) end += text[end] == '\\' ? 2 : 1;
            end = std::min(end, text.size());
        } else {
            while (end < text.size() && !is_space(text[end]) &&
                   !(in_query && (text[end] == '&' || text[end] == '#'))) {
                ++end;
            }
        }
        if (end > from && std::string_view(text).substr(from, end - from) != kMask) {
            text.replace(from, end - from, kMask);
            end = from + kMask.size();
        }
        pos = end;
    }
}

}  // namespace

void set_sink(Sink sink) {
    auto& s = state();
    std::lock_guard lock(s.sink_mutex);
    s.sink = std::move(sink);
}

void set_level(Level l) {
    state().level.store(l, std::memory_order_relaxed);
}

Level level() {
    return state().level.load(std::memory_order_relaxed);
}

std::string_view level_name(Level l) {
    switch (l) {
        case Level::trace:
            return "trace";
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warn:
            return "warn";
        case Level::error:
            return "error";
        case Level::off:
            return "off";
    }
    return "?";
}

Level parse_level(std::string_view text, std::string_view origin) {
    std::string lower;
    for (const char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const Level l :
         {Level::trace, Level::debug, Level::info, Level::warn, Level::error, Level::off}) {
        if (lower == level_name(l)) return l;
    }
    if (lower == "warning") return Level::warn;
    throw ConfigError(
        fmt::format("{}: expected a log level (trace, debug, info, warn, error, off), got \"{}\"",
                    origin, redact(text)));
}

void register_secret(std::string secret) {
    if (secret.empty() || secret == kMask) return;
    auto& s = state();
    std::string encoded = core_detail::percent_encode(secret);
    std::lock_guard lock(s.secrets_mutex);
    auto add = [&](std::string value) {
        if (std::find(s.secrets.begin(), s.secrets.end(), value) == s.secrets.end()) {
            s.secrets.push_back(std::move(value));
        }
    };
    if (encoded != secret) add(std::move(encoded));
    add(std::move(secret));
    std::sort(s.secrets.begin(), s.secrets.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void clear_secrets() {
    auto& s = state();
    std::lock_guard lock(s.secrets_mutex);
    s.secrets.clear();
}

std::string redact(std::string_view text) {
    std::string out(text);
    replace_secrets(out);
    mask_url_passwords(out);
    mask_password_keywords(out);
    return out;
}

void write(Level l, std::string_view message) {
    if (!enabled(l) || l == Level::off) return;
    const std::string line = redact(message);
    auto& s = state();
    std::lock_guard lock(s.sink_mutex);
    if (s.sink) {
        s.sink(l, line);
    } else {
        default_sink(l, line);
    }
}

}  // namespace strata::log
